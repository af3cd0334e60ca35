import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { platformArgNames } from './buildStrategy';

/**
 * docker's legacy builder defines none of BuildKit's platform arguments, and expands in `FROM` only the ARGs
 * declared before the first `FROM`. Declaring them there would break Docker 20.10's BuildKit, so the user's
 * file stays as it is: the build gets a copy whose `FROM` lines have the values written in (same line count,
 * so errors keep their line numbers), and `--build-arg` values for the ARGs a stage declares.
 */
export interface LegacyBuildInput {
  /** The Dockerfile text to build, with the platform written into its FROM lines; unchanged when nothing needed it. */
  readonly text: string;
  readonly changed: boolean;
  /** `--build-arg` values for platform ARGs the Dockerfile declares. */
  readonly buildArgs: Readonly<Record<string, string>>;
}

const names = new Set<string>(platformArgNames);

export function legacyBuildInput(text: string, values: Readonly<Record<string, string>>): LegacyBuildInput {
  const dockerfile = DockerfileParser.parse(text);
  const escape = dockerfile.getEscapeCharacter();
  // A global ARG with a default is the user's own value, which the legacy builder applies itself.
  const ownGlobal = new Set(dockerfile.getInitialARGs()
    .flatMap(arg => { const property = arg.getProperty(); return property && property.getValue() !== null ? [property.getName()] : []; }));
  const declared = new Set([...dockerfile.getInitialARGs(), ...dockerfile.getARGs()]
    .flatMap(arg => { const name = arg.getProperty()?.getName(); return name && names.has(name) ? [name] : []; }));

  const lines = text.split('\n');
  let changed = false;
  for (const from of dockerfile.getFROMs()) {
    const range = from.getRange();
    for (let line = range.start.line; line <= range.end.line && line < lines.length; line++) {
      const original = lines[line]!;
      const start = line === range.start.line ? range.start.character : 0;
      const head = original.slice(0, start);
      const tail = substitute(original.slice(start), values, ownGlobal, escape);
      if (tail !== original.slice(start)) {
        lines[line] = head + tail;
        changed = true;
      }
    }
  }
  const buildArgs = Object.fromEntries([...declared].filter(name => !ownGlobal.has(name) && values[name] !== undefined).map(name => [name, values[name]!]));
  return { text: changed ? lines.join('\n') : text, changed, buildArgs };
}

/** `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME:+word}` for the platform names, unless escaped. */
function substitute(segment: string, values: Readonly<Record<string, string>>, ownGlobal: ReadonlySet<string>, escape: string): string {
  const pattern = /\$(?:\{([A-Z]+)(?::([-+])([^}]*))?\}|([A-Z]+)(?![A-Za-z0-9_]))/g;
  return segment.replace(pattern, (match, braced: string | undefined, operator: string | undefined, word: string | undefined, bare: string | undefined, offset: number) => {
    const name = braced ?? bare!;
    if (!names.has(name) || ownGlobal.has(name) || values[name] === undefined) return match;
    if (offset > 0 && segment[offset - 1] === escape) return match;
    const value = values[name]!;
    if (operator === '-') return value || (word ?? '');
    if (operator === '+') return value ? (word ?? '') : '';
    return value;
  });
}

/**
 * Where the copies live: one private folder per process (mode 0700, outside any build context; the docker
 * CLI sends a Dockerfile from outside the context along with it and applies the context's .dockerignore as
 * usual), one stable path per Dockerfile inside it, named like the original so messages still name the file.
 */
export class DockerfileCopies {
  private root: string | undefined;

  constructor(private readonly tmpRoot: string = os.tmpdir()) {}

  /** The path the copy of this Dockerfile is built from; nothing is written yet. */
  pathFor(dockerfile: string): string {
    this.root ??= fs.mkdtempSync(path.join(this.tmpRoot, 'dotnet-containers-build-'));
    const id = createHash('sha256').update(path.resolve(dockerfile)).digest('hex').slice(0, 16);
    return path.join(this.root, id, path.basename(dockerfile));
  }

  write(copy: { readonly path: string; readonly text: string }): void {
    fs.mkdirSync(path.dirname(copy.path), { recursive: true, mode: 0o700 });
    fs.writeFileSync(copy.path, copy.text, { mode: 0o600 });
  }

  /** Removes every copy; never throws. */
  dispose(): void {
    if (this.root) fs.rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
  }
}
