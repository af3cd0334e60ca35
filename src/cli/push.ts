import { DockerArgumentError, formatImageName, parseImageName, parsePushDestination, pushPlan } from '../core/docker/dockerArgv';
import { usesPlainHttp } from '../core/registry/registryHost';
import { CliCommand, flag, stringOption } from './command';
import { cliName, containerCliOptions, runSteps } from './containerCli';

export const pushCommand: CliCommand = {
  name: 'push',
  operands: '<image>',
  operandCount: { min: 1, max: 1, missing: 'name one image' },
  options: {
    registry: { type: 'string', value: 'host[:port]', required: true, description: 'The registry to push to (required)' },
    verify: { type: 'boolean', description: 'Then remove the local registry tag and pull it back' },
    ...containerCliOptions,
  },
  summary: 'Tag the image for the registry and push it; --verify removes the local registry tag and pulls it back.',
  exits: '0 pushed, 2 a bad argument, else the container CLI\'s own exit code.',
  run(args, io) {
    return runSteps('push', args, io, cli => {
      const image = formatImageName(parseImageName(args.operands[0]!));
      const registry = stringOption(args, 'registry');
      if (!registry) throw new DockerArgumentError('--registry host[:port] is required');
      // podman speaks HTTPS to a loopback registry unless told; docker trusts loopback by itself.
      const plan = pushPlan(image, registry, undefined, { plainHttp: cliName(cli) === 'podman' && usesPlainHttp(parsePushDestination(registry).registry) });
      return [plan.tag, plan.push, ...(flag(args, 'verify') ? plan.verify : [])].map(argv => ({ argv }));
    });
  },
};
