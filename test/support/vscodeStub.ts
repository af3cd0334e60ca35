import Module = require('node:module');

/**
 * Just enough of the `vscode` module for an adapter to run in plain Node: diagnostics, ranges, and settings that
 * answer their defaults. {@link withVscodeStub} makes `require('vscode')` return it while a test loads the adapter.
 */
export class StubRange {
  readonly start: { line: number; character: number };
  readonly end: { line: number; character: number };
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = { line: startLine, character: startCharacter };
    this.end = { line: endLine, character: endCharacter };
  }
}

export class StubDiagnostic {
  source?: string;
  code?: string | number;
  constructor(readonly range: StubRange, readonly message: string, readonly severity: number) {}
}

/** Every diagnostic collection the adapter created, by name: what it published, by document URI. */
export const publishedDiagnostics = new Map<string, Map<string, readonly StubDiagnostic[]>>();

export const vscodeStub = {
  Range: StubRange,
  Diagnostic: StubDiagnostic,
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  languages: {
    createDiagnosticCollection(name: string) {
      const published = new Map<string, readonly StubDiagnostic[]>();
      publishedDiagnostics.set(name, published);
      return {
        set: (uri: { toString(): string }, diagnostics: readonly StubDiagnostic[]) => void published.set(uri.toString(), diagnostics),
        delete: (uri: { toString(): string }) => void published.delete(uri.toString()),
        dispose: () => published.clear(),
      };
    },
  },
  workspace: {
    textDocuments: [] as unknown[],
    getConfiguration: () => ({ get: <T>(_key: string, fallback?: T) => fallback }),
    getWorkspaceFolder: () => undefined,
  },
  extensions: { getExtension: () => undefined },
};

/** Runs `load` with `require('vscode')` answering the stub; the modules it loads keep the stub afterwards. */
export function withVscodeStub<T>(load: () => T): T {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : original.call(this, request, ...rest);
  };
  try {
    return load();
  } finally {
    loader._load = original;
  }
}
