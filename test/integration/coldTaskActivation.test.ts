// A host where nothing has activated the extension: no Dockerfile open, no command run. A tasks.json entry
// of type dotnet-container must be enough (activation event onTaskType:dotnet-container): the runner starts
// this host on a workspace that holds only a Dockerfile and that tasks.json, and runs only these tests.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionId } from '../../src/core/ids';
import { skipBecause } from '../support/skip';

export const coldTaskLabel = 'build the cold image';
export const coldImage = 'dc-cold-task:test';

describe('cold host: a tasks.json dotnet-container task is the only trigger', function () {
  this.timeout(120_000);

  it('activates the extension, which resolves the task, and the build runs to exit 0', async function () {
    if (process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST) skipBecause(this, process.env.DC_ENGINE_UNAVAILABLE ?? 'no test engine (DOCKER_HOST unset)');
    const extension = vscode.extensions.getExtension(extensionId)!;
    assert.equal(extension.isActive, false, 'nothing activated the extension before the task');
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    assert.ok(fs.existsSync(path.join(folder, '.vscode', 'tasks.json')), 'the runner wrote the tasks.json');

    // What "Tasks: Run Task" does: ask for the tasks, then run the one picked.
    const task = (await vscode.tasks.fetchTasks()).find(candidate => candidate.name === coldTaskLabel);
    assert.ok(task, `the tasks.json task "${coldTaskLabel}" is offered`);
    assert.equal(extension.isActive, true, 'asking for tasks of type dotnet-container activated the extension');
    const ended = new Promise<number | undefined>(resolve => {
      const listener = vscode.tasks.onDidEndTaskProcess(event => {
        if (event.execution.task.name !== coldTaskLabel) return;
        listener.dispose();
        resolve(event.exitCode);
      });
    });
    await vscode.tasks.executeTask(task);
    assert.equal(await ended, 0, 'the build task exited 0');
    const inspect = await new Promise<number>(resolve => execFile(process.env.DC_DOCKER_CLI ?? 'docker', ['image', 'inspect', coldImage], error => resolve(error ? 1 : 0)));
    assert.equal(inspect, 0, `${coldImage} was built`);
  });
});
