import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

// The extension speaks the user's language the way VS Code's own extensions do: package.json's user-facing strings
// are `%key%` placeholders with the English text in package.nls.json, and what src/vscode shows goes through
// vscode.l10n.t. Both guards are checked against planted violations too: a guard that cannot fail guards nothing.

const root = path.resolve(__dirname, '../../..');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A key both VS Code and vsce replace: VS Code takes `[\w.-]`, vsce (which writes the Marketplace's display name and
 * description) only `[\w.]`; a key outside that stays on screen as `%key%`.
 */
const placeholder = /^%([\w.]+)%$/;

/** Every `%key%` in the manifest, with where it is. */
function placeholders(manifest: Json, at = ''): Array<{ key: string; at: string }> {
  if (typeof manifest === 'string') {
    const match = placeholder.exec(manifest);
    return match ? [{ key: match[1]!, at }] : manifest.startsWith('%') && manifest.endsWith('%') ? [{ key: manifest, at }] : [];
  }
  if (Array.isArray(manifest)) return manifest.flatMap((value, index) => placeholders(value, `${at}[${index}]`));
  if (manifest && typeof manifest === 'object') return Object.entries(manifest).flatMap(([key, value]) => placeholders(value, at ? `${at}.${key}` : key));
  return [];
}

/** The fields of `contributes` that VS Code shows: each must be a placeholder. */
const shownFields = new Set(['title', 'category', 'contextualTitle', 'description', 'markdownDescription', 'label', 'contents', 'enumDescriptions', 'markdownEnumDescriptions']);

/** The user-facing strings of the manifest that are not placeholders, by where they are. */
function untranslatedManifestStrings(manifest: { [key: string]: Json }): string[] {
  const found: string[] = [];
  const check = (value: Json, at: string) => {
    const values = Array.isArray(value) ? value.map((entry, index) => [entry, `${at}[${index}]`] as const) : [[value, at] as const];
    for (const [text, where] of values) if (typeof text === 'string' && !placeholder.test(text)) found.push(`${where}: ${text}`);
  };
  for (const field of ['displayName', 'description']) if (field in manifest) check(manifest[field]!, field);
  const walk = (node: Json, at: string, parentKey: string) => {
    if (Array.isArray(node)) return node.forEach((entry, index) => walk(entry, `${at}[${index}]`, parentKey));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const where = `${at}.${key}`;
      // A view's `name` is shown; a problem matcher's `name` is its id. Schema `properties` hold setting names, which are ids too.
      const shown = parentKey !== 'properties' && (shownFields.has(key) || (key === 'name' && /^contributes\.views\./.test(at)));
      if (shown && (typeof value === 'string' || (Array.isArray(value) && value.every(entry => typeof entry === 'string')))) check(value, where);
      else walk(value, where, key);
    }
  };
  walk(manifest.contributes ?? {}, 'contributes', 'contributes');
  for (const [name, capability] of Object.entries((manifest.capabilities ?? {}) as { [key: string]: Json })) {
    if (capability && typeof capability === 'object' && !Array.isArray(capability) && typeof capability.description === 'string') check(capability.description, `capabilities.${name}.description`);
  }
  return found;
}

/** Placeholders without a text, and texts no placeholder uses. */
function nlsMismatches(manifest: Json, nls: { [key: string]: Json }): { missing: string[]; unused: string[]; notText: string[] } {
  const used = placeholders(manifest);
  const keys = new Set(used.map(use => use.key));
  return {
    missing: used.filter(use => !(use.key in nls)).map(use => `${use.at}: %${use.key}%`),
    unused: Object.keys(nls).filter(key => !keys.has(key)),
    notText: Object.entries(nls).filter(([, text]) => typeof text !== 'string' || !text.trim()).map(([key]) => key),
  };
}

// ---- vscode.l10n.t in src/vscode ------------------------------------------------------------------------------------

/** What puts text on screen: its arguments, and (for object literals among them) these properties, must be translated. */
const messageCalls = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);
const pickerCalls = new Set(['showQuickPick', 'showInputBox', 'showOpenDialog', 'showSaveDialog']);
const shownProperties = new Set(['title', 'prompt', 'placeHolder', 'placeholder', 'detail', 'label', 'description', 'openLabel', 'saveLabel', 'tooltip']);
/** Properties of a QuickPick or InputBox made with createQuickPick/createInputBox. */
const createdWidgetProperties = new Set(['title', 'placeholder', 'prompt', 'validationMessage']);

/** A string written out in English: a literal (or template) with a letter outside its codicons (`$(edit)`). */
function isBareText(node: ts.Node): boolean {
  const hasWords = (text: string) => /[A-Za-z]/.test(text.replace(/\$\([\w~-]+\)/g, ''));
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return hasWords(node.text);
  if (ts.isTemplateExpression(node)) return hasWords(node.head.text + node.templateSpans.map(span => span.literal.text).join(''));
  if (ts.isParenthesizedExpression(node)) return isBareText(node.expression);
  if (ts.isConditionalExpression(node)) return isBareText(node.whenTrue) || isBareText(node.whenFalse);
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)) return isBareText(node.left) || isBareText(node.right);
  return false;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
}

function isL10nCall(call: ts.CallExpression): boolean {
  return ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 't' && /\bl10n$/.test(call.expression.expression.getText());
}

interface Scan {
  /** Text shown without vscode.l10n.t, as `file:line: source`. */
  readonly untranslated: string[];
  /** vscode.l10n.t calls whose message is not a plain literal, or whose {n} placeholders do not match the arguments. */
  readonly malformed: string[];
  /** How many calls that show text were looked at (a scan that finds none looks at nothing). */
  readonly calls: number;
  readonly translations: number;
}

/** Finds text that src/vscode would show untranslated, in one TypeScript source. */
function scanSource(file: string, text: string): Scan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const untranslated: string[] = [];
  const malformed: string[] = [];
  let calls = 0;
  let translations = 0;
  const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().replace(/\s+/g, ' ').slice(0, 160)}`;
  const flag = (node: ts.Node) => { if (isBareText(node)) untranslated.push(where(node)); };
  /** Shown properties of the object literals in `node` (an options object, an item, an array of items). */
  const flagObjects = (node: ts.Node) => {
    if (ts.isArrayLiteralExpression(node)) return node.elements.forEach(element => ts.isObjectLiteralExpression(element) ? flagObjects(element) : flag(element));
    if (!ts.isObjectLiteralExpression(node)) return;
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property) && shownProperties.has(property.name.getText())) flag(property.initializer);
    }
  };
  const widgets = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name && messageCalls.has(name)) {
        calls++;
        // The message and every button; an options object's detail.
        for (const argument of node.arguments) ts.isObjectLiteralExpression(argument) ? flagObjects(argument) : flag(argument);
      } else if (name && pickerCalls.has(name)) {
        calls++;
        for (const argument of node.arguments) flagObjects(argument);
      } else if (isL10nCall(node)) {
        translations++;
        const [message, ...args] = node.arguments;
        if (!message || !(ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message))) {
          malformed.push(`${where(node)} (the message must be a literal: it is the translation's key)`);
        } else {
          const used = new Set([...message.text.matchAll(/\{(\d+)\}/g)].map(match => Number(match[1])));
          const expected = new Set(args.map((_, index) => index));
          if (used.size !== expected.size || [...used].some(index => !expected.has(index))) malformed.push(`${where(node)} (placeholders ${[...used].join(', ') || 'none'} for ${args.length} arguments)`);
        }
      }
    }
    // const pick = vscode.window.createQuickPick(); pick.title = '…'
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isCallExpression(node.initializer) && ts.isIdentifier(node.name)
      && ['createQuickPick', 'createInputBox'].includes(calleeName(node.initializer) ?? '')) {
      calls++;
      widgets.add(node.name.text);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)
      && ts.isIdentifier(node.left.expression) && widgets.has(node.left.expression.text)) {
      if (createdWidgetProperties.has(node.left.name.text)) flag(node.right);
      if (node.left.name.text === 'items') flagObjects(node.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { untranslated, malformed, calls, translations };
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('localization (l10n)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { [key: string]: Json };
  const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as { [key: string]: Json };

  describe('package.json and package.nls.json', () => {
    it('every %key% has its English text, and every text is used', () => {
      const { missing, unused, notText } = nlsMismatches(manifest, nls);
      assert.deepEqual(missing, [], 'add these keys to package.nls.json');
      assert.deepEqual(unused, [], 'package.nls.json has texts that no %key% in package.json uses');
      assert.deepEqual(notText, [], 'package.nls.json entries must be non-empty strings');
      // VS Code resolves %key% only when the key is all word characters and dots (vsce is stricter than VS Code).
      const malformed = placeholders(manifest).filter(use => !/^[\w.]+$/.test(use.key));
      assert.deepEqual(malformed, []);
    });

    it('every user-facing string in contributes (and the name and description) is a %key%', () => {
      assert.deepEqual(untranslatedManifestStrings(manifest), []);
      assert.ok(placeholders(manifest).length > 100, 'the manifest has hardly any placeholders: the check reads the wrong file');
      assert.equal(manifest.l10n, './l10n', 'package.json names where vscode.l10n bundles for other languages go');
    });

    it('is packaged: .vscodeignore lets package.nls.json (and l10n bundles) into the .vsix', () => {
      // Next to the real package.json: a test run from a folder of links may not link .vscodeignore.
      const repository = path.dirname(fs.realpathSync(path.join(root, 'package.json')));
      const ignore = fs.readFileSync(path.join(repository, '.vscodeignore'), 'utf8').split(/\r?\n/).map(line => line.trim());
      assert.ok(ignore.includes('!package.nls.json'), '.vscodeignore leaves package.nls.json out of the .vsix');
      assert.ok(ignore.includes('!l10n/**'), '.vscodeignore leaves the l10n bundles out of the .vsix');
    });

    it('catches planted mistakes: a missing key, an unused text, a literal title, an id-like key', () => {
      const planted = {
        displayName: '%displayName%',
        description: 'Plain text',
        contributes: {
          commands: [{ command: 'x.run', title: '%command.run.title%', category: 'Plain' }],
          views: { x: [{ id: 'x.view', name: 'Plain view' }] },
          problemMatchers: [{ name: 'matcher-id', label: '%problemMatcher.label%' }],
          configuration: { properties: { 'x.setting': { type: 'string', enumDescriptions: ['%config.a%', 'Plain b'] } } },
        },
      };
      const { missing, unused } = nlsMismatches(planted, { displayName: 'X', 'command.run.title': 'Run', 'problemMatcher.label': 'L', 'config.a': 'A', stray: 'S' });
      assert.deepEqual(missing, []);
      assert.deepEqual(unused, ['stray']);
      assert.deepEqual(nlsMismatches(planted, { displayName: 'X' }).missing, ['contributes.commands[0].title: %command.run.title%', 'contributes.problemMatchers[0].label: %problemMatcher.label%', 'contributes.configuration.properties.x.setting.enumDescriptions[0]: %config.a%']);
      assert.deepEqual(untranslatedManifestStrings(planted), [
        'description: Plain text',
        'contributes.commands[0].category: Plain',
        'contributes.views.x[0].name: Plain view',
        'contributes.configuration.properties.x.setting.enumDescriptions[1]: Plain b',
      ]);
      assert.deepEqual(placeholders({ title: '%has/slash%' }), [{ key: '%has/slash%', at: 'title' }], 'a key VS Code would not resolve is reported as it is');
    });
  });

  describe('src/vscode shows text through vscode.l10n.t', () => {
    const files = sourceFiles(path.join(root, 'src', 'vscode'));
    const scans = files.map(file => scanSource(path.relative(root, file), fs.readFileSync(file, 'utf8')));

    it('passes no bare string to a message, a quick pick, an input box or a dialog', () => {
      assert.deepEqual(scans.flatMap(scan => scan.untranslated), [], 'wrap these in vscode.l10n.t(…), with {0} for values');
      // The scan must see the code it guards: the messages, picks and input boxes of the views and commands.
      assert.ok(scans.reduce((sum, scan) => sum + scan.calls, 0) > 40, 'the scan found hardly any calls: it no longer reads the code');
    });

    it('gives vscode.l10n.t a literal message whose {n} placeholders match its arguments', () => {
      assert.deepEqual(scans.flatMap(scan => scan.malformed), []);
      assert.ok(scans.reduce((sum, scan) => sum + scan.translations, 0) > 100);
    });

    it('catches planted untranslated text', () => {
      const planted: Record<string, string> = {
        'a literal message': "vscode.window.showInformationMessage('Done.');",
        'a template message': 'void vscode.window.showErrorMessage(`Pushing ${image} failed.`);',
        'a literal button': "vscode.window.showWarningMessage(vscode.l10n.t('Remove {0}?', name), { modal: true }, 'Remove');",
        'a literal modal detail': "vscode.window.showWarningMessage(vscode.l10n.t('Sure?'), { modal: true, detail: 'This cannot be undone.' });",
        'a conditional message': "vscode.window.showErrorMessage(ok ? vscode.l10n.t('Fine') : 'Broken');",
        'a quick pick title': "vscode.window.showQuickPick(items, { title: 'Pick one', placeHolder: vscode.l10n.t('Which?') });",
        'a quick pick item label': "vscode.window.showQuickPick([{ label: '$(play) Build', value: 1 }]);",
        'an input box prompt': "vscode.window.showInputBox({ title: vscode.l10n.t('Name'), prompt: 'The new name' });",
        'a created quick pick placeholder': "const pick = vscode.window.createQuickPick();\npick.placeholder = 'Which registry?';",
        'a dialog button': "vscode.window.showOpenDialog({ canSelectFolders: true, openLabel: 'Use' });",
      };
      for (const [kind, source] of Object.entries(planted)) {
        assert.equal(scanSource('planted.ts', source).untranslated.length, 1, `not caught: ${kind}`);
      }
      const clean = [
        "vscode.window.showInformationMessage(vscode.l10n.t('Pushed {0}.', image), vscode.l10n.t('Verify'));",
        'vscode.window.showErrorMessage(error.message);',
        "vscode.window.showQuickPick([{ label: `$(edit) ${vscode.l10n.t('Another…')}`, description: '' }], { title: vscode.l10n.t('Push {0}', image) });",
        "const pick = vscode.window.createQuickPick();\npick.title = vscode.l10n.t('Add Registry');",
      ].join('\n');
      assert.deepEqual(scanSource('clean.ts', clean).untranslated, []);
    });

    it('catches a planted vscode.l10n.t misuse', () => {
      assert.equal(scanSource('planted.ts', 'vscode.l10n.t(`Pushed ${image}.`);').malformed.length, 1, 'a template message');
      assert.equal(scanSource('planted.ts', "vscode.l10n.t('Pushed {0} to {1}.', image);").malformed.length, 1, 'a placeholder without its argument');
      assert.equal(scanSource('planted.ts', "vscode.l10n.t('Pushed.', image);").malformed.length, 1, 'an argument without its placeholder');
      assert.deepEqual(scanSource('clean.ts', "vscode.l10n.t('Pushed {0} to {1}.', image, registry);").malformed, []);
    });
  });
});
