import * as path from 'node:path';
import { parseTargetFramework } from '../../project/targetFramework';
import { CommandWord, commandOf, programName } from '../commandWords';
import { buildCommands, DotnetCommand, finalImage, optionValue } from '../imageVersions';
import { LintContext } from '../lintContext';
import { Rule } from '../rule';
import { Fix, RuleFinding } from '../types';

/** Options whose value is the next word: a variable there is that value, not more options. */
const valueOptions = /^(-a|--arch|-r|--runtime|-c|--configuration|-o|--output|--os|-s|--source|-v|--verbosity|--version-suffix|-p|--property|--self-contained|--sc|--manifest|--configfile)$/i;

/**
 * A project with several TargetFrameworks cannot be published as a whole: `dotnet publish` without
 * `-f`/`--framework` runs the outer (cross-targeting) build, whose Publish target only stops with NETSDK1129
 * ("The 'Publish' target isn't supported without specifying a target framework",
 * https://learn.microsoft.com/dotnet/core/tools/sdk-errors/; dotnet/sdk's Microsoft.NET.Sdk.CrossTargeting.targets).
 * `-p:TargetFramework=…` picks one too; `-p:TargetFrameworks=…` does not. The framework to publish is the one the
 * final image runs.
 */
export const publishFramework: Rule = {
  id: 'dotnet/publish-framework',
  defaultSeverity: 'error',
  description: 'dotnet publish of a project with several TargetFrameworks without -f/--framework, which fails with NETSDK1129.',
  usesProject: true,
  check(context) {
    const project = context.project?.info;
    if (!project) return [];
    const monikers = [...new Set(project.targetFrameworkMonikers.map(m => m.trim().toLowerCase()).filter(Boolean))];
    if (monikers.length < 2) return [];
    const findings: RuleFinding[] = [];
    for (const command of buildCommands(context).filter(c => c.verb === 'publish')) {
      if (choosesFramework(command) || !publishesProject(command, project.file)) continue;
      const verb = verbWord(context, command);
      if (!verb) continue;
      const version = finalImage(context)?.version;
      const matching = version ? monikers.filter(m => { const tfm = parseTargetFramework(m); return tfm?.identifier === '.NETCoreApp' && tfm.version === version; }) : [];
      // net10.0 over net10.0-windows: a Linux image runs the plain one.
      const tfm = matching.find(m => !m.includes('-')) ?? (matching.length === 1 ? matching[0] : undefined);
      const fix = tfm ? frameworkFix(context, command, verb, tfm) : undefined;
      findings.push({
        range: verb.range,
        message: `${path.basename(project.file)} targets ${monikers.join(', ')}, so dotnet publish without -f fails with NETSDK1129 (the Publish target needs one target framework): ${tfm ? `add -f ${tfm}, the .NET ${version} of the final image` : 'add -f with the framework the final image runs'}.`,
        fixes: fix ? [fix] : [],
      });
    }
    return findings;
  },
};

/** `-f`, `--framework`, or `-p:TargetFramework=…`; or a variable that may hold any of them. */
function choosesFramework(command: DotnetCommand): boolean {
  if (optionValue(command, ['-f', '--framework'])) return true;
  return command.args.some((arg, index) => {
    if (/^(?:[-/]p(?:roperty)?|--property):TargetFramework=/i.test(arg.value)) return true;
    if (/^TargetFramework=/i.test(arg.value) && /^(-p|--property)$/i.test(command.args[index - 1]?.value ?? '')) return true;
    // `$PUBLISH_ARGS` may well be `-f net8.0`; `-a $TARGETARCH` is only an architecture.
    return !arg.literal && !valueOptions.test(command.args[index - 1]?.value ?? '');
  });
}

/** Whether the command publishes the project (named, or found from the folder); not a solution or another project. */
function publishesProject(command: DotnetCommand, projectFile: string): boolean {
  const named = command.args.map(arg => arg.value).filter(value => !value.startsWith('-') && /\.(?:csproj|fsproj|vbproj|sln|slnx|slnf)$/i.test(value));
  return named.every(value => path.posix.basename(value.replace(/\\/g, '/')).toLowerCase() === path.basename(projectFile).toLowerCase());
}

/** The `publish` word of the command, where the finding goes and `-f` is inserted after. */
function verbWord(context: LintContext, command: DotnetCommand): CommandWord | undefined {
  const words = commandOf(command.instruction, context.lines)?.words ?? [];
  const firstArg = command.args[0]?.range.start;
  const before = (word: CommandWord) => !firstArg || word.range.end.line < firstArg.line || (word.range.end.line === firstArg.line && word.range.end.character <= firstArg.character);
  return words.filter((word, i) => i > 0 && word.value.toLowerCase() === 'publish' && word.literal && programName(words[i - 1]!.value) === 'dotnet' && before(word)).pop();
}

function frameworkFix(context: LintContext, command: DotnetCommand, verb: CommandWord, tfm: string): Fix | undefined {
  const form = commandOf(command.instruction, context.lines)?.form;
  const newText = form === 'exec' ? `, "-f", "${tfm}"` : ` -f ${tfm}`;
  return { title: `Publish ${tfm} (-f ${tfm})`, edits: [{ range: { start: verb.range.end, end: verb.range.end }, newText }], preferred: true };
}
