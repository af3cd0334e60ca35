import * as assert from 'node:assert/strict';
import { closestVariant } from '../../../src/core/images/dotnetCatalog';
import { builtFramework, dotnetCommands, optionValue, publishesSelfContained } from '../../../src/core/lint/imageVersions';
import { createLintContext } from '../../../src/core/lint/lintContext';
import { now } from '../../support/lintTable';

const context = (text: string) => createLintContext(text, { now });

describe('image versions: helpers of the images and versions rules', () => {
  it('finds the closest variant of another version or repo', () => {
    assert.equal(closestVariant('10.0', 'aspnet', 'noble-chiseled-extra'), 'noble-chiseled-extra');
    assert.equal(closestVariant('10.0', 'aspnet', ''), '');
    assert.equal(closestVariant('10.0', 'aspnet', 'bookworm-slim'), 'noble');
    assert.equal(closestVariant('10.0', 'aspnet', 'jammy-chiseled'), 'noble-chiseled');
    assert.equal(closestVariant('10.0', 'aspnet', 'alpine3.20'), 'alpine3.24');
    assert.equal(closestVariant('10.0', 'runtime', 'alpine-composite'), 'alpine');
    assert.equal(closestVariant('10.0', 'runtime-deps', 'noble-aot'), 'noble');
    assert.equal(closestVariant('10.0', 'sdk', 'noble-aot'), 'noble-aot');
    // Every 6.0 tag is stale: an existing one is still the closest there is.
    assert.equal(closestVariant('6.0', 'aspnet', 'jammy-chiseled'), 'jammy-chiseled');
    assert.equal(closestVariant('2.0', 'aspnet', ''), undefined);
    assert.equal(closestVariant('12.0', 'aspnet', ''), undefined);
  });

  it('reads dotnet commands from shell and JSON RUNs, with option values and their ranges', () => {
    const lint = context('FROM mcr.microsoft.com/dotnet/sdk:10.0\nRUN dotnet restore && dotnet publish "App.csproj" -f net10.0 --output=/app\nRUN ["dotnet", "build", "-f", "net9.0"]\n');
    const commands = dotnetCommands(lint, lint.stages[0]!);
    assert.deepEqual(commands.map(c => c.verb), ['restore', 'publish', 'build']);
    assert.deepEqual(commands[1]!.args.map(a => a.value), ['App.csproj', '-f', 'net10.0', '--output=/app']);
    assert.deepEqual(optionValue(commands[1]!, ['-o', '--output']), { value: '/app', range: { start: { line: 1, character: 70 }, end: { line: 1, character: 74 } }, literal: true });
    assert.deepEqual(optionValue(commands[2]!, ['-f', '--framework'])?.range, { start: { line: 2, character: 31 }, end: { line: 2, character: 37 } });
    assert.equal(builtFramework(lint)?.framework.moniker, 'net10.0');
  });

  it('reads a quoted path with a space as one value, its range inside the quotes', () => {
    const lint = context('FROM mcr.microsoft.com/dotnet/sdk:10.0\nRUN dotnet publish -o "/my app" -f $TFM\n');
    const command = dotnetCommands(lint, lint.stages[0]!)[0]!;
    assert.deepEqual(optionValue(command, ['-o']), { value: '/my app', range: { start: { line: 1, character: 23 }, end: { line: 1, character: 30 } }, literal: true });
    assert.equal(optionValue(command, ['-f'])?.literal, false);
  });

  it('sees self-contained publishes in the command line', () => {
    const publish = (flags: string) => publishesSelfContained(context(`FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish ${flags} -o /app\nFROM mcr.microsoft.com/dotnet/runtime-deps:10.0\n`));
    assert.equal(publish('--self-contained'), true);
    assert.equal(publish('--sc true'), true);
    assert.equal(publish('--self-contained false'), false);
    assert.equal(publish('-p:PublishAot=true'), true);
    assert.equal(publish('--property:SelfContained=true'), true);
    assert.equal(publish('-c Release'), false);
  });
});
