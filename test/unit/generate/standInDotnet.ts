import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectInfo } from '../../../src/core/project/ProjectInfo';

/**
 * A `dotnet` for `dotnet msbuild -getProperty`: it writes the argv it got (one per line) to `argv.txt` beside itself
 * and prints `answer` as MSBuild prints several properties, or fails as MSBuild does on a project it cannot load.
 * Returns the folder to put on PATH; it needs nothing else there (printf and echo are the shell's own).
 */
export function standInDotnet(dir: string, answer: Readonly<Record<string, string>> | 'fails'): string {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'answer.json');
  const body = answer === 'fails'
    ? 'echo "error MSB4025: The project file could not be loaded." >&2\nexit 1\n'
    : `/bin/cat '${json}'\n`;
  if (answer !== 'fails') fs.writeFileSync(json, JSON.stringify({ Properties: answer }, null, 2));
  fs.writeFileSync(path.join(dir, 'dotnet'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${path.join(dir, 'argv.txt')}'\n${body}`, { mode: 0o755 });
  return dir;
}

/** What MSBuild answers for a project it reads as the static reader did, with `changes` on top. */
export function msbuildAnswer(info: ProjectInfo, changes: Readonly<Record<string, string>> = {}): Record<string, string> {
  const many = info.targetFrameworkMonikers.length > 1;
  return {
    TargetFramework: many ? '' : info.targetFrameworkMonikers[0] ?? '',
    TargetFrameworks: many ? info.targetFrameworkMonikers.join(';') : '',
    AssemblyName: info.assemblyName,
    OutputType: info.outputType,
    PublishAot: String(info.publishAot),
    SelfContained: String(info.selfContained),
    PublishSelfContained: '',
    InvariantGlobalization: String(info.invariantGlobalization),
    RuntimeIdentifier: '',
    UseAppHost: info.useAppHost === undefined ? '' : String(info.useAppHost),
    PublishSingleFile: String(info.publishSingleFile),
    PublishReadyToRun: String(info.publishReadyToRun),
    ...changes,
  };
}

/** The argv the stand-in got last, or undefined when it was not run. */
export function argvOf(dir: string): string[] | undefined {
  const file = path.join(dir, 'argv.txt');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').replace(/\n$/, '').split('\n') : undefined;
}
