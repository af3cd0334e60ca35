import { expandProperties, PropertyTable } from './expandProperties';
import { attribute, XmlElement } from './msbuildXml';

/** A build step that runs Node.js tooling (`npm install`, `npx ng build`, `node build.js`…). */
export interface NodeStep {
  /** The file that declares it: the project, an imported file, or the JavaScript project that builds with npm. */
  readonly file: string;
  /** The MSBuild target that runs it. */
  readonly target: string;
  /** The command, on one line. */
  readonly command: string;
}

/** A `<Target>` as read from a project or an imported file. */
export interface TargetDefinition {
  readonly element: XmlElement;
  readonly file: string;
}

/** Whether a condition holds, as the evaluation decides it (undefined: not decided statically). */
export type ConditionCheck = (element: XmlElement, file: string) => boolean | undefined;

/** Targets a hook into which does not run during restore, build or publish. */
const notOnPublish = new Set(['clean', 'pack', 'generatenuspec', 'vstest', 'test', 'rebuild_clean']);
/** The tools that need Node.js on the PATH. */
const nodeTools = new Set(['npm', 'npx', 'node', 'nodejs', 'yarn', 'pnpm', 'corepack']);

/**
 * The `<Exec>` steps that run Node.js tooling during a `dotnet restore`/`publish` (the Dockerfile's build stage), read
 * statically: targets hooked in with BeforeTargets/AfterTargets, named in a `…DependsOn` property, or reached from one of
 * those through DependsOnTargets or CallTarget. A condition that is false for that publish (`-c Release`) drops the
 * step; one that cannot be decided keeps it, since a missing Node.js fails the build and a present one costs a layer.
 */
export function nodeStepsOf(targets: readonly TargetDefinition[], properties: PropertyTable, holds: ConditionCheck): NodeStep[] {
  if (!targets.length) return [];
  const byName = new Map<string, TargetDefinition>();
  // A later definition of a target replaces an earlier one, as in MSBuild.
  for (const target of targets) byName.set((attribute(target.element, 'Name') ?? '').trim().toLowerCase(), target);
  const names = (text: string | undefined) => text === undefined ? [] : expandProperties(text, properties).value.split(';').map(s => s.trim().toLowerCase()).filter(Boolean);

  const reached = new Set<string>();
  const queue: string[] = [];
  const reach = (name: string) => {
    if (!byName.has(name) || reached.has(name)) return;
    reached.add(name);
    queue.push(name);
  };
  for (const [name, target] of byName) {
    const hooks = [...names(attribute(target.element, 'BeforeTargets')), ...names(attribute(target.element, 'AfterTargets'))];
    if (hooks.some(hook => !notOnPublish.has(hook))) reach(name);
  }
  for (const [property, value] of properties.entries()) if (/DependsOn(Targets)?$/i.test(property)) names(value).forEach(reach);

  const steps: NodeStep[] = [];
  while (queue.length) {
    const target = byName.get(queue.shift()!)!;
    // A target whose condition is false is skipped with the targets it depends on.
    if (holds(target.element, target.file) === false) continue;
    names(attribute(target.element, 'DependsOnTargets')).forEach(reach);
    const name = attribute(target.element, 'Name') ?? '';
    for (const task of target.element.children) {
      if (holds(task, target.file) === false) continue;
      if (task.name === 'CallTarget') names(attribute(task, 'Targets')).forEach(reach);
      if (task.name !== 'Exec') continue;
      const command = expandProperties(attribute(task, 'Command') ?? '', properties).value.replace(/\s+/g, ' ').trim();
      if (runsNodeTool(command)) steps.push({ file: target.file, target: name, command });
    }
  }
  return steps;
}

/** Whether a shell command line starts a Node.js tool in one of its commands (`cd ClientApp && npm ci`, `FOO=1 npx ng build`). */
export function runsNodeTool(command: string): boolean {
  return command.split(/&&|\|\||[;|\n&]/).some(part => {
    const words = part.trim().split(/\s+/).filter(word => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
    const first = (words[0]?.toLowerCase() === 'call' ? words[1] : words[0]) ?? '';
    const tool = first.replace(/^["']|["']$/g, '').split(/[\\/]/).pop()!.toLowerCase().replace(/\.(cmd|exe|bat|ps1)$/, '');
    return nodeTools.has(tool);
  });
}
