import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extensionsWithGenericChecks, genericChecksWanted, settingPath, severitySettings } from '../../../src/core/lint/lintSettings';
import { allRules } from '../../../src/core/lint/rules';
import { severities } from '../../../src/core/lint/types';

const root = path.resolve(__dirname, '../../../..');
// The settings as VS Code shows them: package.json's %key% placeholders resolved from package.nls.json.
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const settings = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'), (_key, value: unknown) =>
  (typeof value === 'string' ? value.replace(/^%([\w.]+)%$/, (placeholder, key: string) => nls[key] ?? placeholder) : value)).contributes.configuration.properties;

describe('lint settings', () => {
  it('genericChecks: auto turns the generic checks off next to each Docker extension that shows them', () => {
    assert.equal(genericChecksWanted('auto', () => false), true);
    assert.equal(genericChecksWanted(undefined, () => false), true, 'a missing setting is auto');
    for (const id of extensionsWithGenericChecks) assert.equal(genericChecksWanted('auto', installed => installed === id), false, id);
    assert.equal(genericChecksWanted('on', () => true), true);
    assert.equal(genericChecksWanted('off', () => false), false);
  });

  it('severity keeps only severities and off, whatever else the settings file holds', () => {
    assert.deepEqual(severitySettings({ 'dotnet/variant-mismatch': 'off', 'dockerfile/*': 'hint', 'dotnet/x': 'loud', 'dotnet/y': 3 }), { 'dotnet/variant-mismatch': 'off', 'dockerfile/*': 'hint' });
    for (const odd of [undefined, null, 'error', ['error'], 42]) assert.deepEqual(severitySettings(odd), {});
  });

  it('project and context settings resolve against the workspace folder; empty means unset', () => {
    assert.equal(settingPath('src/Api/Api.csproj', '/ws'), path.resolve('/ws/src/Api/Api.csproj'));
    assert.equal(settingPath('/elsewhere/App.csproj', '/ws'), path.resolve('/elsewhere/App.csproj'));
    assert.equal(settingPath('  ', '/ws'), undefined);
    assert.equal(settingPath(undefined, '/ws'), undefined);
  });

  it('package.json describes every rule id in dotnetContainers.lint.severity, with the levels the linter takes', () => {
    const severity = settings['dotnetContainers.lint.severity'];
    const levels = [...severities, 'off'];
    assert.deepEqual(severity.additionalProperties.enum, levels);
    const described = Object.keys(severity.properties);
    const missing = allRules.map(rule => rule.id).filter(id => !described.includes(id));
    assert.deepEqual(missing, [], 'add these rule ids to contributes.configuration "dotnetContainers.lint.severity".properties in package.json');
    const unknown = described.filter(id => id !== 'dockerfile/*' && !allRules.some(rule => rule.id === id));
    assert.deepEqual(unknown, [], 'package.json describes rule ids that no rule has');
    for (const rule of allRules) {
      assert.deepEqual(severity.properties[rule.id].enum, levels, rule.id);
      assert.match(severity.properties[rule.id].description, new RegExp(`Default: ${rule.defaultSeverity}\\.$`), `${rule.id}: the description names the default severity`);
    }
  });

  it('package.json offers the settings the VS Code linter reads', () => {
    assert.equal(settings['dotnetContainers.lint.enable'].default, true);
    assert.deepEqual(settings['dotnetContainers.lint.genericChecks'].enum, ['auto', 'on', 'off']);
    assert.equal(settings['dotnetContainers.lint.genericChecks'].default, 'auto');
    for (const id of extensionsWithGenericChecks) assert.ok(settings['dotnetContainers.lint.genericChecks'].enumDescriptions[0].includes(id), id);
    assert.equal(settings['dotnetContainers.lint.project'].type, 'string');
    assert.equal(settings['dotnetContainers.lint.context'].type, 'string');
  });
});
