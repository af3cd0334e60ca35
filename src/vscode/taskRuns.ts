import * as vscode from 'vscode';

/**
 * Starts a task and, when `wait`, resolves with its process's exit code (undefined when the process never started).
 * Listens before the start: a short task can end before executeTask resolves.
 */
export async function runTaskToEnd(task: vscode.Task, wait = true): Promise<number | undefined> {
  let started: vscode.TaskExecution | undefined;
  const ends: Array<{ execution: vscode.TaskExecution; exitCode: number | undefined }> = [];
  let settle: (exitCode: number | undefined) => void = () => undefined;
  const ended = new Promise<number | undefined>(resolve => { settle = resolve; });
  const onEnd = (execution: vscode.TaskExecution, exitCode: number | undefined) => {
    ends.push({ execution, exitCode });
    const own = ends.find(end => end.execution === started);
    if (own) settle(own.exitCode);
  };
  const listeners = [
    vscode.tasks.onDidEndTaskProcess(event => onEnd(event.execution, event.exitCode)),
    // A task whose process never started only ends.
    vscode.tasks.onDidEndTask(event => onEnd(event.execution, undefined)),
  ];
  void ended.finally(() => listeners.forEach(listener => listener.dispose()));
  started = await vscode.tasks.executeTask(task);
  const endedAlready = ends.find(end => end.execution === started);
  if (endedAlready) settle(endedAlready.exitCode);
  return wait ? ended : undefined;
}
