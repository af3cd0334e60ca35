import * as vscode from 'vscode';

export type MessageKind = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';
export interface ShownMessage { readonly kind: MessageKind; readonly message: string; readonly detail?: string; readonly modal: boolean; readonly buttons: readonly string[] }

/**
 * Runs `run` with the messages the extension shows recorded instead of shown (the extension and this file share
 * one `vscode` API object); `answer` picks the button a modal is answered with (undefined: Cancel).
 */
export async function recordingMessages<T>(run: () => Thenable<T>, answer: (shown: ShownMessage) => string | undefined = () => undefined): Promise<{ result: T; shown: ShownMessage[] }> {
  const window = vscode.window as unknown as Record<MessageKind, (message: string, ...rest: unknown[]) => Thenable<unknown>>;
  const kinds: MessageKind[] = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'];
  const originals = kinds.map(kind => [kind, window[kind]] as const);
  const shown: ShownMessage[] = [];
  for (const kind of kinds) {
    window[kind] = async (message, ...rest) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? rest[0] as vscode.MessageOptions : undefined;
      const buttons = rest.filter((item): item is string => typeof item === 'string');
      const entry: ShownMessage = { kind, message, ...(options?.detail ? { detail: options.detail } : {}), modal: options?.modal === true, buttons };
      shown.push(entry);
      return answer(entry);
    };
  }
  try {
    return { result: await run(), shown };
  } finally {
    for (const [kind, original] of originals) window[kind] = original;
  }
}
