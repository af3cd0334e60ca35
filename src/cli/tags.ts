import { parseImageReference } from '../core/images/imageReference';
import { createRegistryClient, sortTags } from '../core/registry';
import { CliCommand, stringOption } from './command';
import { exitCode } from './output';

// The same core as the Registries view.

export const tagsCommand: CliCommand = {
  name: 'tags',
  operands: '<host[:port]/repository>',
  operandCount: { min: 1, max: 1, missing: 'name one repository, e.g. localhost:5000/my-app or mcr.microsoft.com/dotnet/aspnet' },
  options: {
    format: { type: 'string', value: 'text|json', description: 'One tag per line (default) or a JSON array' },
    limit: { type: 'string', value: 'N', description: 'The first N tags only' },
  },
  summary: 'Every tag of a registry repository, newest version first: one per line, or a JSON array. Credentials come from '
    + 'docker\'s config.json and credential helpers; loopback registries use plain HTTP, and so do the hosts listed '
    + '(comma-separated) in DOTNET_CONTAINERS_INSECURE_REGISTRIES.',
  exits: '0 listed, 1 the registry failed (one line on stderr), 2 a bad argument.',
  async run(args, io) {
    const usageError = (message: string) => {
      io.err(`dotnet-containers tags: ${message}`);
      return exitCode.usage;
    };
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') return usageError(`--format must be text or json, not "${format}"`);
    const reference = parseImageReference(args.operands[0]!);
    if (!reference.ok) return usageError(reference.message);
    if (reference.tag !== undefined || reference.digest !== undefined) return usageError(`name a repository without a tag or digest, not "${reference.original}"`);
    const limitText = stringOption(args, 'limit');
    const limit = limitText === undefined ? undefined : Number(limitText);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) return usageError(`--limit must be a whole number from 1 up, not "${limitText}"`);

    const insecureRegistries = (io.env.DOTNET_CONTAINERS_INSECURE_REGISTRIES ?? '').split(',').map(entry => entry.trim()).filter(Boolean);
    const client = createRegistryClient(reference.registry, { env: io.env, insecureRegistries });
    try {
      const tags = await client.allTags(reference.repository);
      if (!tags.ok) {
        io.err(`dotnet-containers tags: ${tags.error.message}`);
        return exitCode.findings;
      }
      const sorted = sortTags(tags.value).slice(0, limit);
      io.out(format === 'json' ? JSON.stringify(sorted) : sorted.join('\n'));
      return exitCode.ok;
    } finally {
      client.close();
    }
  },
};
