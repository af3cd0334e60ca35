import { connectEngine, formatAge } from '../core/engine';
import { ContainerGroup, describePorts, groupContainers } from '../core/engine/containerGroups';
import { CliCommand, flag, stringOption } from './command';
import { CommandIo, exitCode } from './output';

// The same core as the Containers view.

export const containersCommand: CliCommand = {
  name: 'containers',
  operandCount: { min: 0, max: 0 },
  options: {
    all: { type: 'boolean', description: 'Stopped containers too' },
    format: { type: 'string', value: 'text|json', description: 'text (default) or JSON' },
  },
  summary: 'Containers of the container engine, grouped by Compose project: state, image, published ports. Running ones only unless --all.',
  exits: '0 listed, 1 the engine failed (one line on stderr), 2 a bad argument.',
  async run(args, io) {
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') {
      io.err(`dotnet-containers containers: --format must be text or json, not "${format}"`);
      return exitCode.usage;
    }
    const engine = await connectEngine({ env: io.env });
    if (!engine.ok) {
      io.err(`dotnet-containers containers: ${engine.error.message}`);
      return exitCode.findings;
    }
    try {
      const listed = await engine.value.listContainers({ all: flag(args, 'all') });
      if (!listed.ok) {
        io.err(`dotnet-containers containers: ${listed.error.message}`);
        return exitCode.findings;
      }
      const groups = groupContainers(listed.value);
      io.out(format === 'json' ? JSON.stringify(groups, null, 2) : containersAsText(groups, io).join('\n'));
      return exitCode.ok;
    } finally {
      engine.value.close();
    }
  },
};

/** One block per Compose project (and one for the others), a container per line in aligned columns. */
function containersAsText(groups: readonly ContainerGroup[], { now }: CommandIo): string[] {
  const lines: string[] = [];
  for (const group of groups) {
    lines.push(group.project ? `${group.project} (compose)` : '<no compose project>');
    const rows = group.containers.map(c => [c.composeService ?? c.name, c.state, c.id.slice(0, 12), c.image, formatAge(c.created, now), describePorts(c.ports)]);
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
    lines.push(...rows.map(row => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd()));
  }
  return lines.length ? lines : ['no containers'];
}
