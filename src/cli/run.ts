import { DockerArgumentError, formatImageName, parseImageName, runArgv } from '../core/docker/dockerArgv';
import { CliCommand, stringOption } from './command';
import { containerCliOptions, runSteps } from './containerCli';

export const runCommand: CliCommand = {
  name: 'run',
  operands: '<image>',
  operandCount: { min: 1, max: 1, missing: 'name one image' },
  options: {
    port: { type: 'string', value: 'host:container', description: 'Publish the port (one number: the same on both sides)' },
    ...containerCliOptions,
  },
  summary: 'Run the image in the foreground with its port published.',
  exits: '0 the container ended well, 2 a bad argument, else the container CLI\'s own exit code.',
  run(args, io) {
    return runSteps('run', args, io, () => {
      const image = formatImageName(parseImageName(args.operands[0]!));
      const port = stringOption(args, 'port');
      const ports = port === undefined ? undefined : /^(\d+):(\d+)$/.exec(port) ?? /^(\d+)$/.exec(port);
      if (port !== undefined && !ports) throw new DockerArgumentError(`--port wants host:container (e.g. 8080:8080), not "${port}"`);
      const [hostPort, containerPort] = ports ? (ports.length === 3 ? [Number(ports[1]), Number(ports[2])] : [Number(ports[1]), Number(ports[1])]) : [undefined, undefined];
      return [{ argv: runArgv({ image, ...(containerPort !== undefined ? { hostPort, containerPort } : {}) }) }];
    });
  },
};
