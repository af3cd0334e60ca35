import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { docker, dockerOk } from './docker';

// Images for the diagnostics e2e: what a generated `--variant chiseled` Dockerfile builds FROM, made from the
// stand-ins (test/hosts/standinImages.mjs) because nothing can be pulled here.
//   * the sdk: the stand-in sdk under the name the Dockerfile asks for (e.g. sdk:10.0-noble): a tag, no copy;
//   * the chiseled runtime (e.g. aspnet:10.0-noble-chiseled-extra): the stand-in aspnet with every program in
//     /usr/bin and /usr/sbin deleted but `dotnet` (no shell, no coreutils: nothing to `exec` into), running as the
//     non-root app user (USER $APP_UID), as Ubuntu Chiseled images do.

export interface MadeImages {
  /** Names this call created (never a name that was there before). */
  readonly created: readonly string[];
}

/** The `FROM` image references of a Dockerfile, in order (`--platform=…` and `AS name` left out). */
export function fromImages(dockerfile: string): string[] {
  return dockerfile.split('\n')
    .map(line => /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(line)?.[1])
    .filter((image): image is string => image !== undefined);
}

async function exists(image: string): Promise<boolean> {
  return (await docker(['image', 'inspect', '--format', '{{.Id}}', image])).code === 0;
}

/**
 * Makes every `FROM` image of a generated Dockerfile resolve on the test engine: sdk references become tags of the
 * stand-in sdk, chiseled runtime references a shell-less build of the stand-in aspnet/runtime.
 */
export async function provideChiseledBases(dockerfile: string, standinVersion: string, label: string): Promise<MadeImages> {
  const created: string[] = [];
  for (const image of fromImages(dockerfile)) {
    if (await exists(image)) continue;
    const kind = /\/dotnet\/(sdk|aspnet|runtime|runtime-deps):/.exec(image)?.[1];
    if (!kind) throw new Error(`no stand-in for ${image}`);
    const standin = `mcr.microsoft.com/dotnet/${kind}:${standinVersion}`;
    if (!/chiseled/.test(image)) {
      await dockerOk(['tag', standin, image]);
    } else {
      const dockerfileText = [
        `FROM ${standin}`,
        '# No shell and no tools, like Ubuntu Chiseled: only dotnet stays on PATH.',
        'RUN ["/usr/bin/find", "/usr/bin", "/usr/sbin", "-mindepth", "1", "!", "-name", "dotnet", "-delete"]',
        'USER 1654',
        '',
      ].join('\n');
      const context = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-chiseled-'));
      try {
        await dockerOk(['build', '--network', 'none', '--label', label, '--tag', image, '-f', '-', context], { input: dockerfileText });
      } finally {
        fs.rmSync(context, { recursive: true, force: true });
      }
    }
    created.push(image);
  }
  return { created };
}
