import * as vscode from 'vscode';
import type { ContainersTreeProvider } from './containersView';

// Inspect opens `docker container inspect`'s JSON in a read-only editor, as the Images view does for images.

export const containerInspectionScheme = 'dotnet-containers-container';

/** `dotnet-containers-container:/stockkube_web_1.json?<id>`: the file name tells the editor it is JSON. */
export function containerInspectionUri(name: string, id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: containerInspectionScheme, path: `/${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`, query: encodeURIComponent(id) });
}

export class ContainerInspectionProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly containers: ContainersTreeProvider) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = decodeURIComponent(uri.query);
    const engine = await this.containers.engine();
    const inspected = engine.ok ? await engine.value.inspectContainer(id) : engine;
    if (!inspected.ok) return JSON.stringify({ error: inspected.error.message }, null, 2);
    return `${JSON.stringify(inspected.value.raw, null, 2)}\n`;
  }
}
