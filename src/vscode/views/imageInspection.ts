import * as vscode from 'vscode';
import type { ImagesTreeProvider } from './imagesView';

// Inspect opens `docker image inspect`'s JSON in a read-only editor: a virtual document whose content the
// engine gives each time it is opened (no untitled buffer to save or discard afterwards).

export const imageInspectionScheme = 'dotnet-containers-image';

/** `dotnet-containers-image:/app_1.0.json?app%3A1.0`: the file name tells the editor it is JSON. */
export function imageInspectionUri(reference: string): vscode.Uri {
  const fileName = `${reference.replace(/^sha256:([0-9a-f]{12})[0-9a-f]*$/, '$1').replace(/[^A-Za-z0-9._-]+/g, '_')}.json`;
  return vscode.Uri.from({ scheme: imageInspectionScheme, path: `/${fileName}`, query: encodeURIComponent(reference) });
}

export class ImageInspectionProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly images: ImagesTreeProvider) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const reference = decodeURIComponent(uri.query);
    const engine = await this.images.engine();
    const inspected = engine.ok ? await engine.value.inspectImage(reference) : engine;
    if (!inspected.ok) return JSON.stringify({ error: inspected.error.message }, null, 2);
    return `${JSON.stringify(inspected.value.raw, null, 2)}\n`;
  }
}
