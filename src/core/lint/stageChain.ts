import * as path from 'node:path';
import { Instruction, Property, PropertyInstruction } from 'dockerfile-ast';
import { argumentsContent } from './instructionWords';
import { safe, Stage } from './lintContext';
import { Fact, remembered, rememberedIn } from './remembered';

// Facts about a stage, worked out once per lint (see remembered.ts).
const CHAIN = new Fact<readonly Stage[]>('stage chain');
const OWN_INSTRUCTIONS_BY_KEYWORD = new Fact<ReadonlyMap<string, readonly Instruction[]>>('own instructions by keyword');
const CHAIN_INSTRUCTIONS_BY_KEYWORD = new Fact<Map<string, readonly Instruction[]>>('chain instructions by keyword');
const CHAIN_ENV = new Fact<ReadonlyMap<string, EnvSetting>>('chain ENV');
const WORKDIR_CHANGES = new Fact<readonly WorkdirStep[]>('WORKDIR changes');

/**
 * A stage and the stages it is built FROM, the root first. `FROM base AS final` runs with the USER, ENV,
 * WORKDIR, EXPOSE and ENTRYPOINT that `base` set, so rules about the running container read the whole chain.
 */
export function stageChain(stage: Stage): readonly Stage[] {
  return remembered(stage, CHAIN, () => {
    const chain: Stage[] = [];
    for (let current: Stage | undefined = stage; current; current = current.baseStage) chain.unshift(current);
    return chain;
  });
}

/** The stage that names the image a stage chain starts from (itself when its FROM names an image). */
export function rootStage(stage: Stage): Stage {
  return stageChain(stage)[0] ?? stage;
}

/** The chain's instructions with this keyword (upper case), in the order Docker applies them. */
export function chainInstructions(stage: Stage, keyword: string): readonly Instruction[] {
  const byKeyword = remembered(stage, CHAIN_INSTRUCTIONS_BY_KEYWORD, () => new Map<string, readonly Instruction[]>());
  return rememberedIn(byKeyword, keyword, () => stageChain(stage).flatMap(s => ownInstructions(s, keyword)));
}

/** The stage's own instructions with this keyword (grouped by keyword once per stage: the rules ask for many). */
function ownInstructions(stage: Stage, keyword: string): readonly Instruction[] {
  const byKeyword = remembered(stage, OWN_INSTRUCTIONS_BY_KEYWORD, () => {
    const map = new Map<string, Instruction[]>();
    for (const instruction of stage.instructions) {
      const key = instruction.getKeyword();
      const list = map.get(key);
      if (list) list.push(instruction);
      else map.set(key, [instruction]);
    }
    return map;
  });
  return byKeyword.get(keyword) ?? [];
}

/** The instruction that wins: the chain's last one with this keyword (ENTRYPOINT, CMD, USER, HEALTHCHECK…). */
export function lastInChain(stage: Stage, keyword: string): Instruction | undefined {
  const found = chainInstructions(stage, keyword);
  return found[found.length - 1];
}

/** One variable an ENV instruction sets. */
export interface EnvSetting {
  readonly name: string;
  /** The value with its quotes removed; variables are left as written. */
  readonly value: string;
  readonly property: Property;
  readonly instruction: Instruction;
}

/** The variables the chain's ENV instructions set, the last setting of each name winning. */
export function chainEnv(stage: Stage): ReadonlyMap<string, EnvSetting> {
  return remembered(stage, CHAIN_ENV, () => {
    const env = new Map<string, EnvSetting>();
    for (const instruction of chainInstructions(stage, 'ENV')) {
      const properties = instruction instanceof PropertyInstruction ? safe(() => instruction.getProperties(), []) : [];
      for (const property of properties) {
        const name = property.getName();
        if (name) env.set(name, { name, value: property.getValue() ?? '', property, instruction });
      }
    }
    return env;
  });
}

/**
 * The working directory in effect at an instruction of the chain (`/` when no WORKDIR set one: the .NET images
 * set none). Undefined when a WORKDIR uses a variable.
 */
export function workdirAt(stage: Stage, line: number): string | undefined {
  let workdir: string | undefined = '/';
  for (const step of workdirChanges(stage)) {
    // Base stages come earlier in the file, so the chain's instructions are in line order.
    if (step.line > line) break;
    if (step.failure) throw step.failure.error;
    workdir = step.workdir;
  }
  return workdir;
}

/** The working directory after each WORKDIR of the chain: undefined from the first one that uses a variable on. */
interface WorkdirStep {
  readonly line: number;
  readonly workdir: string | undefined;
  /** dockerfile-ast threw reading this WORKDIR: so does workdirAt for the lines it reaches. */
  readonly failure?: { readonly error: unknown };
}

function workdirChanges(stage: Stage): readonly WorkdirStep[] {
  return remembered(stage, WORKDIR_CHANGES, () => {
    const steps: WorkdirStep[] = [];
    let workdir: string | undefined = '/';
    for (const instruction of chainInstructions(stage, 'WORKDIR')) {
      const line = instruction.getRange().start.line;
      if (workdir !== undefined) {
        let value;
        try {
          value = unquote(argumentsContent(instruction) ?? '');
        } catch (error) {
          steps.push({ line, workdir: undefined, failure: { error } });
          break;
        }
        workdir = !value || value.includes('$') ? undefined : path.posix.resolve(workdir, value);
      }
      steps.push({ line, workdir });
    }
    return steps;
  });
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return /^(["']).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}
