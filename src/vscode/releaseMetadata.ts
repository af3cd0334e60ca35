import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultReleaseMetadataUrl, ReleaseMetadataOptions, startReleaseMetadata } from '../core/images/releaseMetadata';
import { settingKey, settingNames, settingsSection } from './settingsKeys';

/** A window open for days still gets the next day's metadata. */
const recheckMs = 60 * 60 * 1000;

/**
 * Keeps the .NET calendar current in the extension host: the day cache in the extension's global storage is
 * applied at once (activation never waits on the network), the refresh runs in the background, and when its
 * facts change the linter re-lints (it listens to the core's onReleaseFactsChanged). Notes go to the output
 * channel only: a network failure is not the user's problem while the bundled facts answer.
 */
export function registerReleaseMetadata(context: vscode.ExtensionContext, output: { appendLine(line: string): void }): vscode.Disposable {
  const optionsNow = (): ReleaseMetadataOptions => ({
    // DOTNET_CONTAINERS_RELEASE_METADATA_URL wins over the setting, as it does for the CLI: an air-gapped machine
    // or a test run sets it once for both.
    url: (process.env.DOTNET_CONTAINERS_RELEASE_METADATA_URL
      ?? vscode.workspace.getConfiguration(settingsSection).get<string>(settingNames.releaseMetadataUrl) ?? defaultReleaseMetadataUrl).trim(),
    cacheFile: path.join(context.globalStorageUri.fsPath, 'release-metadata.json'),
    now: () => new Date(),
    note: text => output.appendLine(text),
  });
  let running = false;
  const start = () => {
    if (running) return;
    running = true;
    void startReleaseMetadata(optionsNow()).refreshed.finally(() => { running = false; });
  };
  start();
  const timer = setInterval(start, recheckMs);
  timer.unref?.();
  const configuration = vscode.workspace.onDidChangeConfiguration(event => { if (event.affectsConfiguration(settingKey(settingNames.releaseMetadataUrl))) start(); });
  return vscode.Disposable.from(configuration, { dispose: () => clearInterval(timer) });
}
