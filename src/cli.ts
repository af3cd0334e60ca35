import { checkEnvironment } from './core/environment/checkEnvironment';
import { formatEnvironmentReport } from './core/environment/formatEnvironmentReport';

const usage = `Usage: dotnet-containers <command> [options]

Commands:
  doctor [--format text|json]   Report the container engine, CLIs, .NET SDK and docker config (always exits 0)
  help                          Show this help`;

/** The command-line entry; returns the exit code so it can be tested without spawning. */
export async function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'doctor': {
      const format = optionValue(rest, '--format') ?? 'text';
      if (format !== 'text' && format !== 'json') {
        err(`dotnet-containers doctor: --format must be text or json, not "${format}"`);
        return 2;
      }
      const report = await checkEnvironment({ env: process.env });
      out(format === 'json' ? JSON.stringify(report, null, 2) : formatEnvironmentReport(report).join('\n'));
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(usage);
      return command === undefined ? 2 : 0;
    default:
      err(`dotnet-containers: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.findIndex(arg => arg === name || arg.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const arg = args[index] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}

if (require.main === module) {
  main(process.argv.slice(2), text => process.stdout.write(text + '\n'), text => process.stderr.write(text + '\n'))
    .then(code => { process.exitCode = code; })
    .catch(error => {
      process.stderr.write(`dotnet-containers: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    });
}
