import { DockerfileParser, Instruction } from 'dockerfile-ast';

/**
 * Reads the output of a failed `docker build` (docker's legacy builder, BuildKit's plain progress, Buildah)
 * and says where in the Dockerfile it failed: the instruction of the step that failed, a base image that
 * could not be pulled on its FROM line, a parse error on its line. Fed line by line while the build runs
 * (memory stays small whatever the build prints), asked once at the end.
 */

export interface BuildFinding {
  /** 0-based line of the instruction in the Dockerfile. */
  readonly line: number;
  readonly message: string;
}

/** Terminal colour and cursor codes (ESC [ … letter), which a TTY-minded builder may print. */
const ansiEscape = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

/** BuildKit makes one step of each of these; the others only change the image config. */
const buildkitStepKeywords = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

export class BuildOutputReader {
  private legacyStep: { index: number; text: string } | undefined;
  private readonly vertices = new Map<string, string>();
  private readonly vertexErrors: Array<{ label: string; message: string }> = [];
  private failedLabel: string | undefined;
  private parseError: { line: number; message: string } | undefined;
  private dockerfileLine: number | undefined;
  private lastLines: string[] = [];
  private partial = '';

  /** Output as it comes, in any chunks. */
  push(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split(/\r?\n|\r/);
    this.partial = lines.pop() ?? '';
    if (this.partial.length > 64 * 1024) this.partial = this.partial.slice(-64 * 1024);
    for (const line of lines) this.read(line);
  }

  private read(raw: string): void {
    const line = raw.replace(ansiEscape, '').trimEnd();
    if (!line.trim()) return;
    let match: RegExpExecArray | null;
    if ((match = /^Step (\d+)\/\d+ : (.*)$/.exec(line))) {
      this.legacyStep = { index: Number(match[1]), text: match[2]! };
    } else if ((match = /^#(\d+) \[([^\]]+)\] (.*)$/.exec(line))) {
      if (this.vertices.size < 10_000) this.vertices.set(match[1]!, `${match[2]}\u0000${match[3]}`);
    } else if ((match = /^#(\d+) ERROR: (.*)$/.exec(line))) {
      const vertex = this.vertices.get(match[1]!);
      if (vertex && this.vertexErrors.length < 50) this.vertexErrors.push({ label: vertex, message: match[2]! });
    } else if ((match = /^ > \[([^\]]+)\] .*:$/.exec(line))) {
      this.failedLabel ??= match[1]!;
    } else if ((match = /parse error (?:on )?line (\d+): (.*)$/.exec(line))) {
      this.parseError ??= { line: Number(match[1]) - 1, message: match[2]! };
    } else if ((match = /^\S*(?:[Dd]ockerfile|Containerfile)[^\s:]*:(\d+)$/.exec(line))) {
      this.dockerfileLine ??= Number(match[1]) - 1;
    }
    if (/^ ---> |^Removing intermediate container|^Sending build context|^#\d+ (sha256:|DONE|CACHED)|^-+$/.test(line)) return;
    this.lastLines.push(line);
    if (this.lastLines.length > 20) this.lastLines.shift();
  }

  /** Where the build failed, on the Dockerfile's own text. Nothing for a build that succeeded. */
  findings(exitCode: number, dockerfileText: string): BuildFinding[] {
    if (this.partial) {
      this.read(this.partial);
      this.partial = '';
    }
    if (exitCode === 0) return [];
    const dockerfile = DockerfileParser.parse(dockerfileText);
    const instructions = dockerfile.getInstructions();
    const reason = this.lastLines[this.lastLines.length - 1] ?? `the build exited with code ${exitCode}`;

    if (this.parseError) return [{ line: this.parseError.line, message: this.parseError.message }];

    // BuildKit: a base image that could not be pulled ("[internal] load metadata for IMAGE").
    const pulls: BuildFinding[] = [];
    for (const error of this.vertexErrors) {
      const [label, text] = error.label.split('\u0000') as [string, string];
      const image = label === 'internal' ? /^load metadata for (\S+)/.exec(text)?.[1] : undefined;
      if (image) pulls.push(...fromLinesOf(image, instructions).map(line => ({ line, message: explainPull(image, error.message) })));
    }
    if (pulls.length) return pulls;

    // BuildKit: the step that failed, by its stage and number.
    const failed = this.failedLabel ?? this.vertexErrors.map(error => error.label.split('\u0000')[0]!).find(label => label !== 'internal');
    if (failed) {
      const instruction = buildkitStep(failed, dockerfile.getFROMs().length, instructions);
      if (instruction) return [{ line: instruction.getRange().start.line, message: stepMessage(instruction, this.vertexErrors.find(e => e.label.startsWith(`${failed}\u0000`))?.message ?? reason) }];
    }
    if (this.dockerfileLine !== undefined) return [{ line: this.dockerfileLine, message: reason }];

    // The legacy builder (and Buildah's "STEP N/M"): the step that was running.
    if (this.legacyStep) {
      const instruction = instructions[this.legacyStep.index - 1];
      if (instruction) {
        if (instruction.getKeyword() === 'FROM') {
          const image = this.legacyStep.text.replace(/^FROM\s+/i, '').split(/\s+/).find(word => !word.startsWith('--')) ?? this.legacyStep.text;
          return [{ line: instruction.getRange().start.line, message: explainPull(image, reason) }];
        }
        return [{ line: instruction.getRange().start.line, message: stepMessage(instruction, reason) }];
      }
    }
    return [];
  }
}

/** `build 4/8`, `stage-1 2/2` or `3/3` (a single stage) → the instruction of that step. */
function buildkitStep(label: string, stageCount: number, instructions: readonly Instruction[]): Instruction | undefined {
  const match = /^(?:(\S+) )?(\d+)\/\d+$/.exec(label);
  if (!match) return undefined;
  const stages: Instruction[][] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') stages.push([]);
    if (stages.length && buildkitStepKeywords.has(instruction.getKeyword())) stages[stages.length - 1]!.push(instruction);
  }
  const name = match[1];
  let stageIndex = stageCount - 1;
  if (name) {
    const numbered = /^stage-(\d+)$/.exec(name);
    stageIndex = numbered ? Number(numbered[1]) : stages.findIndex(steps => stageName(steps[0]) === name.toLowerCase());
  }
  return stages[stageIndex]?.[Number(match[2]) - 1];
}

function stageName(from: Instruction | undefined): string | undefined {
  const args = from?.getArguments() ?? [];
  const as = args.findIndex(arg => arg.getValue().toLowerCase() === 'as');
  return as >= 0 ? args[as + 1]?.getValue().toLowerCase() : undefined;
}

/** FROM lines that name this image, as the engine spells it (docker.io/library/ added, :latest implied). */
function fromLinesOf(image: string, instructions: readonly Instruction[]): number[] {
  const wanted = normalizeImage(image);
  const lines: number[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() !== 'FROM') continue;
    const name = instruction.getArguments().map(arg => arg.getValue()).find(value => !value.startsWith('--'));
    if (name && normalizeImage(name) === wanted) lines.push(instruction.getRange().start.line);
  }
  return lines;
}

function normalizeImage(image: string): string {
  let name = image.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '').replace(/^library\//, '');
  if (!/[:@][^/]*$/.test(name)) name += ':latest';
  return name.toLowerCase();
}

function stepMessage(instruction: Instruction, reason: string): string {
  const code = /returned a non-zero code: (\d+)|exit code: (\d+)/.exec(reason);
  const keyword = instruction.getKeyword();
  if (code) return `${keyword} failed with exit code ${code[1] ?? code[2]} (the build's output in the terminal shows why): ${reason}`;
  return `${keyword} failed: ${reason}`;
}

/** A base image that could not be pulled, in plain words, with the engine's own reason. */
export function explainPull(image: string, reason: string): string {
  const host = /lookup ([^\s:]+)/.exec(reason)?.[1] ?? registryOf(image);
  const why = /no such host|server misbehaving|Temporary failure in name resolution/i.test(reason) ? `the registry ${host} could not be found (no such host): check the name, your network, DNS or proxy`
    // Nothing answered, so nothing was refused: before the registry's own answers, whose words a URL can hold.
    : /connection refused/i.test(reason) ? `nothing answers at ${host} (connection refused)`
    // 401 as a status, not inside a port or a digest (127.0.0.1:40101).
    : /unauthorized|authentication required|no basic auth credentials|pull access denied|insufficient_scope|denied|\b401\b/i.test(reason) ? `the registry refused access (unauthorized): log in with \`docker login ${registryOf(image)}\`, or check that the repository exists`
    : /manifest unknown|not found/i.test(reason) ? 'the registry has no such image or tag (manifest unknown): check the repository and tag'
    : /timeout|deadline exceeded/i.test(reason) ? `${host} did not answer in time`
    : /x509|certificate/i.test(reason) ? `the TLS certificate of ${host} is not trusted`
    : 'the engine could not pull it';
  return `Cannot pull the base image ${image}: ${why}. The engine said: ${reason}`;
}

function registryOf(image: string): string {
  const first = image.split('/')[0]!;
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}
