import * as vscode from 'vscode';

// The thin side of the extension's lazily loaded features (see src/extension.ts and esbuild.mjs): what activation
// registers in place of a feature, cheaply, and which loads the feature's bundle the first time it is used. Only
// `vscode` is imported here, and nothing may be: this module is part of the activation bundle.

/** A value made on first use, once; a `make` that throws is tried again on the next use. */
export interface Lazy<T> {
  /** The value, made now if it was not yet. */
  (): T;
  /** The value if it was made, without making it. */
  readonly made: T | undefined;
}

export function lazy<T>(make: () => T): Lazy<T> {
  let made: { value: T } | undefined;
  const get = () => (made ??= { value: make() }).value;
  return Object.defineProperty(get, 'made', { get: () => made?.value }) as Lazy<T>;
}

/**
 * Commands whose feature registers them itself when it loads: until then each id has a stand-in, which on its
 * first call replaces every stand-in by the feature's own registration (`register`, which loads the feature's
 * bundle) and runs the command again with the same arguments. The stand-ins are back if the feature failed to load.
 */
export function registerCommandsOnFirstUse(ids: readonly string[], register: () => vscode.Disposable): vscode.Disposable {
  let registered: vscode.Disposable | undefined;
  let standIns: vscode.Disposable[] = [];
  const standIn = (id: string) => vscode.commands.registerCommand(id, (...args: unknown[]) => {
    if (!registered) {
      for (const disposable of standIns) disposable.dispose();
      standIns = [];
      try {
        registered = register();
      } catch (error) {
        standIns = ids.map(standIn);
        throw error;
      }
    }
    return vscode.commands.executeCommand(id, ...args);
  });
  standIns = ids.map(standIn);
  return {
    dispose: () => {
      for (const disposable of standIns) disposable.dispose();
      registered?.dispose();
    },
  };
}

/**
 * A tree view's data provider whose real provider is made when the view first asks for something (it is shown, or
 * revealed). Its change events are the real provider's, forwarded once `attach` is called with it.
 */
export class LazyTreeDataProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly real: () => vscode.TreeDataProvider<T>) {}

  /** Forwards `provider`'s change events (the loader calls it when it made the real provider). */
  attach(provider: vscode.TreeDataProvider<T>): void {
    this.forwarding?.dispose();
    this.forwarding = provider.onDidChangeTreeData?.(event => this.changed.fire(event));
  }

  getTreeItem(node: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real().getTreeItem(node);
  }

  getChildren(node?: T): vscode.ProviderResult<T[]> {
    return this.real().getChildren(node);
  }

  resolveTreeItem(item: vscode.TreeItem, node: T, token: vscode.CancellationToken): vscode.ProviderResult<vscode.TreeItem> {
    const real = this.real();
    return real.resolveTreeItem ? real.resolveTreeItem(item, node, token) : item;
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
