import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Writes `{ 'relative/path': 'content' }` under a new temp folder (whose name has a space) and returns it. */
export function writeTree(files: Readonly<Record<string, string>>, prefix = 'dc tree '): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** A minimal SDK-style project file. */
export function csproj(sdk: string, properties: Readonly<Record<string, string>> = {}, extra = ''): string {
  const props = Object.entries(properties).map(([k, v]) => `    <${k}>${v}</${k}>`).join('\n');
  return `<Project Sdk="${sdk}">\n  <PropertyGroup>\n${props}\n  </PropertyGroup>\n${extra}</Project>\n`;
}
