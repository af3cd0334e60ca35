import * as path from 'node:path';
import { Instruction, Property, PropertyInstruction } from 'dockerfile-ast';
import { safe, Stage } from './lintContext';

/**
 * A stage and the stages it is built FROM, the root first. `FROM base AS final` runs with the USER, ENV,
 * WORKDIR, EXPOSE and ENTRYPOINT that `base` set, so rules about the running container read the whole chain.
 */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let current: Stage | undefined = stage; current; current = current.baseStage) chain.unshift(current);
  return chain;
}

/** The stage that names the image a stage chain starts from (itself when its FROM names an image). */
export function rootStage(stage: Stage): Stage {
  return stageChain(stage)[0] ?? stage;
}

/** The chain's instructions with this keyword (upper case), in the order Docker applies them. */
export function chainInstructions(stage: Stage, keyword: string): Instruction[] {
  return stageChain(stage).flatMap(s => s.instructions.filter(i => i.getKeyword() === keyword));
}

/** The instruction that wins: the chain's last one with this keyword (ENTRYPOINT, CMD, USER, HEALTHCHECK…). */
export function lastInChain(stage: Stage, keyword: string): Instruction | undefined {
  return chainInstructions(stage, keyword).pop();
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
  const env = new Map<string, EnvSetting>();
  for (const instruction of chainInstructions(stage, 'ENV')) {
    const properties = instruction instanceof PropertyInstruction ? safe(() => instruction.getProperties(), []) : [];
    for (const property of properties) {
      const name = property.getName();
      if (name) env.set(name, { name, value: property.getValue() ?? '', property, instruction });
    }
  }
  return env;
}

/**
 * The working directory in effect at an instruction of the chain (`/` when no WORKDIR set one: the .NET images
 * set none). Undefined when a WORKDIR uses a variable.
 */
export function workdirAt(stage: Stage, line: number): string | undefined {
  let workdir = '/';
  for (const instruction of chainInstructions(stage, 'WORKDIR')) {
    // Base stages come earlier in the file, so the chain's instructions are in line order.
    if (instruction.getRange().start.line > line) break;
    const value = unquote(instruction.getArgumentsContent() ?? '');
    if (!value || value.includes('$')) return undefined;
    workdir = path.posix.resolve(workdir, value);
  }
  return workdir;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return /^(["']).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}
