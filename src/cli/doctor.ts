import { checkEnvironment } from '../core/environment/checkEnvironment';
import { formatEnvironmentReport } from '../core/environment/formatEnvironmentReport';
import { CliCommand, stringOption } from './command';
import { exitCode } from './output';
import { releaseFactsReport } from './releaseMetadata';

export const doctorCommand: CliCommand = {
  name: 'doctor',
  operandCount: { min: 0, max: 0 },
  options: {
    format: { type: 'string', value: 'text|json', description: 'text (default) or JSON' },
  },
  summary: 'Report the container engine, the CLI builds run and its builder, the .NET SDK and docker config '
    + '(always exits 0). DOTNET_CONTAINERS_CLI (docker, podman or a path) names the CLI that build, run and push use.',
  exits: '0 the report was written (whatever it found), 2 a bad argument.',
  async run(args, io) {
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') {
      io.err(`dotnet-containers doctor: --format must be text or json, not "${format}"`);
      return exitCode.usage;
    }
    // DOTNET_CONTAINERS_CLI names the CLI the build|run|push commands run: docker, podman or a path.
    const named = io.env.DOTNET_CONTAINERS_CLI?.trim();
    const containerCli = !named ? undefined : named === 'docker' || named === 'podman' ? { preference: named } as const : { preference: 'auto', explicitPath: named } as const;
    const report = await checkEnvironment({ env: io.env, ...(containerCli ? { containerCli } : {}) });
    const facts = releaseFactsReport();
    io.out(format === 'json'
      ? JSON.stringify({ ...report, releaseFacts: facts }, null, 2)
      : [...formatEnvironmentReport(report), '.NET release facts', `  · ${facts.source}`, ...facts.notes.map(note => `  ! ${note}`)].join('\n'));
    return exitCode.ok;
  },
};
