import { Instruction, PropertyInstruction } from 'dockerfile-ast';
import { hasShell } from '../../images/dotnetCatalog';
import { jsonArg, shellWord } from '../../generate/dockerfileSyntax';
import { Command, CommandWord, commandOf, programName } from '../commandWords';
import { LintContext, safe, Stage } from '../lintContext';
import { Rule } from '../rule';
import { chainEnv, chainInstructions, lastInChain, rootStage } from '../stageChain';
import { Fix, RuleFinding, TextEdit } from '../types';

const variable = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
const shells = /^(sh|bash|ash|dash|zsh)$/;

/**
 * Exec form runs the program directly, without a shell, and Docker does not substitute variables in CMD or
 * ENTRYPOINT either (the Dockerfile reference: `CMD [ "echo", "$HOME" ]` "will not do variable substitution on
 * $HOME"), so `["dotnet", "App.dll", "--urls", "http://+:$PORT"]` hands the app the text `$PORT`.
 */
export const execFormVariable: Rule = {
  id: 'dockerfile/exec-form-variable',
  defaultSeverity: 'warning',
  description: 'A $VARIABLE in an exec-form (JSON array) CMD or ENTRYPOINT, which no shell expands: the program gets the text as written.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      for (const instruction of stage.instructions) {
        const finding = safe(() => findingFor(context, stage, instruction), undefined);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

function findingFor(context: LintContext, stage: Stage, instruction: Instruction): RuleFinding | undefined {
  const keyword = instruction.getKeyword();
  if (keyword !== 'CMD' && keyword !== 'ENTRYPOINT') return undefined;
  const command = commandOf(instruction, context.lines);
  if (!command || command.form !== 'exec') return undefined;
  const words = command.words;
  // `["sh", "-c", "… $X"]`: that shell does expand it.
  if (shells.test(programName(words[0]?.value ?? '')) && words.some(word => word.value === '-c')) return undefined;
  const withVariables = words.filter(word => new RegExp(variable.source).test(word.value));
  const first = withVariables[0];
  if (!first) return undefined;
  const names = [...new Set(withVariables.flatMap(word => [...word.value.matchAll(variable)].map(m => m[1] ?? m[3] ?? '')))];
  const said = names.map(name => `$${name}`).join(', ');
  const fixes: Fix[] = [];
  const inline = inlineFix(stage, instruction, withVariables, names);
  if (inline) fixes.push(inline);
  const shell = shellFix(stage, keyword, command, said);
  if (shell) fixes.push({ ...shell, ...(inline ? {} : { preferred: true }) });
  const advice = shell
    ? 'write the value, or run the command through a shell (["/bin/sh", "-c", "exec …"])'
    : 'write the value, or have the app read the variable from its environment itself';
  return {
    range: first.range,
    message: `${said} in exec-form ${keyword} is never expanded: exec form runs ${programName(words[0]?.value ?? '')} without a shell and Docker does not substitute variables there, so it gets the text "${first.value}"; ${advice}.`,
    fixes,
  };
}

/** The literal value of a variable the stage sets with ENV (or declares with an ARG default), if it is one. */
function literalValue(stage: Stage, instruction: Instruction, name: string): { value: string; from: 'ENV' | 'ARG' } | undefined {
  const env = chainEnv(stage).get(name);
  if (env) return env.value.includes('$') ? undefined : { value: env.value, from: 'ENV' };
  const line = instruction.getRange().start.line;
  const args = chainInstructions(stage, 'ARG').filter(arg => arg.getRange().start.line < line);
  for (const arg of [...args].reverse()) {
    const properties = arg instanceof PropertyInstruction ? safe(() => arg.getProperties(), []) : [];
    const property = properties.find(p => p.getName() === name);
    if (!property) continue;
    const value = property.getValue();
    return value === null || value.includes('$') ? undefined : { value, from: 'ARG' };
  }
  return undefined;
}

/** Writes the values in, when each variable is a plain `$NAME`/`${NAME}` with a literal ENV or ARG value. */
function inlineFix(stage: Stage, instruction: Instruction, words: readonly CommandWord[], names: readonly string[]): Fix | undefined {
  const values = new Map<string, { value: string; from: 'ENV' | 'ARG' }>();
  for (const name of names) {
    const value = literalValue(stage, instruction, name);
    if (!value) return undefined;
    values.set(name, value);
  }
  const edits: TextEdit[] = [];
  for (const word of words) {
    let plain = true;
    const replaced = word.value.replace(variable, (match, braced: string | undefined, modifier: string, bare: string | undefined) => {
      if (braced && modifier) plain = false;
      return values.get(braced ?? bare ?? '')?.value ?? match;
    });
    if (!plain) return undefined;
    edits.push({ range: word.range, newText: jsonArg(replaced, false) });
  }
  const sources = [...new Set([...values.values()].map(v => v.from))].join(' and ');
  return { title: `Write the ${sources} value${names.length > 1 ? 's' : ''} of ${names.map(n => `$${n}`).join(', ')}`, edits, preferred: true };
}

/**
 * `["/bin/sh", "-c", "exec …"]`, where the shell expands the variables (and `exec` keeps the app as PID 1, so it
 * gets the stop signal). An ENTRYPOINT passes its CMD on through `"$@"`. Not for a CMD under an ENTRYPOINT (it
 * is that ENTRYPOINT's arguments), nor on an image without a shell (chiseled, distroless).
 */
function shellFix(stage: Stage, keyword: string, command: Command, said: string): Fix | undefined {
  if (keyword === 'CMD' && lastInChain(stage, 'ENTRYPOINT')) return undefined;
  if (!imageHasShell(stage)) return undefined;
  const script = ['exec', ...command.words.map(word => shellText(word.value))].join(' ');
  const array = keyword === 'ENTRYPOINT'
    ? ['/bin/sh', '-c', `${script} "$@"`, 'sh']
    : ['/bin/sh', '-c', script];
  return { title: `Let /bin/sh expand ${said}`, edits: [{ range: command.range, newText: `[${array.map(value => jsonArg(value, false)).join(', ')}]` }] };
}

/** A word for `sh -c`: variables kept for the shell inside double quotes, anything else quoted as a literal. */
function shellText(value: string): string {
  if (!new RegExp(variable.source).test(value)) return shellWord(value);
  return `"${value.replace(/["\\`]/g, ch => `\\${ch}`)}"`;
}

function imageHasShell(stage: Stage): boolean {
  const root = rootStage(stage);
  if (root.unresolved) return false;
  const image = root.dotnetImage;
  if (image) return hasShell({ variant: image.variant, repo: image.repo });
  return !/distroless|chiseled|^scratch$/i.test(root.imageText);
}
