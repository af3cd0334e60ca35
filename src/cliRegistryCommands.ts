import { connectEngine, formatAge, formatImageSize, LocalImages } from './core/engine';
import { parseImageReference } from './core/images/imageReference';
import { createRegistryClient, sortTags } from './core/registry';

// `dotnet-containers images` and `dotnet-containers tags`: the same core as the Images and Registries
// views. Exit codes: 0 done, 1 the engine or registry failed (one line on stderr), 2 bad usage.

type Print = (text: string) => void;

export interface RegistryCommandIo {
  readonly out: Print;
  readonly err: Print;
  readonly now: Date;
  readonly env?: NodeJS.ProcessEnv;
}

export const registryCommandsUsage = `  images [--format text|json]   Local images of the container engine, by repository (tags newest first), and
                                the untagged ones
  tags <host[:port]/repository> [--format text|json] [--limit N]
                                Every tag of a registry repository, newest version first: one per line, or a
                                JSON array. Credentials come from docker's config.json and credential helpers;
                                loopback registries use plain HTTP, and so do the hosts listed (comma-separated)
                                in DOTNET_CONTAINERS_INSECURE_REGISTRIES`;

export async function registryCommand(command: 'images' | 'tags', args: readonly string[], io: RegistryCommandIo): Promise<number> {
  const usageError = (message: string) => {
    io.err(`dotnet-containers ${command}: ${message}`);
    return 2;
  };
  const parsed = parseArguments(args, command === 'tags' ? ['--format', '--limit'] : ['--format']);
  if ('error' in parsed) return usageError(parsed.error);
  const format = parsed.values['--format'] ?? 'text';
  if (format !== 'text' && format !== 'json') return usageError(`--format must be text or json, not "${format}"`);
  const env = io.env ?? process.env;
  if (command === 'images') {
    if (parsed.positional.length) return usageError(`unexpected argument "${parsed.positional[0]}"`);
    return listImages(format, env, io);
  }

  if (parsed.positional.length !== 1) return usageError('name one repository, e.g. localhost:5000/my-app or mcr.microsoft.com/dotnet/aspnet');
  const reference = parseImageReference(parsed.positional[0]!);
  if (!reference.ok) return usageError(reference.message);
  if (reference.tag !== undefined || reference.digest !== undefined) return usageError(`name a repository without a tag or digest, not "${reference.original}"`);
  const limitText = parsed.values['--limit'];
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) return usageError(`--limit must be a whole number from 1 up, not "${limitText}"`);

  const insecureRegistries = (env.DOTNET_CONTAINERS_INSECURE_REGISTRIES ?? '').split(',').map(entry => entry.trim()).filter(Boolean);
  const client = createRegistryClient(reference.registry, { env, insecureRegistries });
  try {
    const tags = await client.allTags(reference.repository);
    if (!tags.ok) {
      io.err(`dotnet-containers tags: ${tags.error.message}`);
      return 1;
    }
    const sorted = sortTags(tags.value).slice(0, limit);
    io.out(format === 'json' ? JSON.stringify(sorted) : sorted.join('\n'));
    return 0;
  } finally {
    client.close();
  }
}

async function listImages(format: 'text' | 'json', env: NodeJS.ProcessEnv, io: RegistryCommandIo): Promise<number> {
  const engine = await connectEngine({ env });
  if (!engine.ok) {
    io.err(`dotnet-containers images: ${engine.error.message}`);
    return 1;
  }
  try {
    const images = await engine.value.listImages();
    if (!images.ok) {
      io.err(`dotnet-containers images: ${images.error.message}`);
      return 1;
    }
    io.out(format === 'json' ? JSON.stringify(images.value, null, 2) : imagesAsText(images.value, io.now).join('\n'));
    return 0;
  } finally {
    engine.value.close();
  }
}

/** One block per repository, its tags indented in aligned columns: tag, image id, age, size. */
function imagesAsText(images: LocalImages, now: Date): string[] {
  const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);
  const rows = (entries: ReadonlyArray<readonly string[]>) => {
    const widths = entries[0]!.map((_, column) => Math.max(...entries.map(entry => entry[column]!.length)));
    return entries.map(entry => `  ${entry.map((cell, column) => (column === entry.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`);
  };
  const lines: string[] = [];
  for (const repository of images.repositories) {
    lines.push(repository.repository);
    lines.push(...rows(repository.tags.map(tag => [tag.tag, shortId(tag.id), formatAge(tag.created, now), formatImageSize(tag.size)])));
  }
  if (images.untagged.length) {
    lines.push('<untagged>');
    lines.push(...rows(images.untagged.map(image => [shortId(image.id), image.repository ?? '<none>', formatAge(image.created, now), formatImageSize(image.size)])));
  }
  return lines.length ? lines : ['no images'];
}

/** `--name value` and `--name=value` for the named options; anything else starting with `--` is refused. */
function parseArguments(args: readonly string[], valued: readonly string[]): { positional: string[]; values: Record<string, string> } | { error: string } {
  const positional: string[] = [];
  const values: Record<string, string> = {};
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    if (!valued.includes(name)) return { error: `unknown option "${name}"` };
    const value = equals > 0 ? arg.slice(equals + 1) : args[++index];
    if (value === undefined || value === '') return { error: `${name} needs a value` };
    values[name] = value;
  }
  return { positional, values };
}
