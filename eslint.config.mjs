// src/core runs in plain Node (the CLI, the unit tests): it must never load `vscode`, in any spelling.
// tsc cannot guard this (it resolves `vscode` through node_modules/@types whatever `types` says), so this does.
// `npm test` runs it (test/run.mjs); test/unit/coreBoundary.test.ts plants each kind of import and expects a failure.
import tseslint from 'typescript-eslint';

// `vscode` or `vscode/…`; esquery's regular expressions cannot hold a plain slash.
const vscode = '^vscode(?:$|\\x2F)';
const why = 'src/core runs without VS Code: put what needs the vscode API in src/vscode';

export default tseslint.config({
  files: ['src/{core,cli}/**/*.{ts,mts,cts,tsx,js,mjs,cjs}'],
  languageOptions: { parser: tseslint.parser },
  plugins: { '@typescript-eslint': tseslint.plugin },
  // An `eslint-disable` comment could switch the boundary off for one line: comments configure nothing here.
  linterOptions: { noInlineConfig: true },
  rules: {
    // import … from, import 'vscode', import type, export … from, import x = require(…).
    '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: why }], patterns: [{ group: ['vscode/*'], message: why }] }],
    // What no-restricted-imports does not see: require(…), import(…) and typeof import(…), with a string or a plain template.
    'no-restricted-syntax': ['error',
      ...['CallExpression[callee.name="require"]', 'CallExpression[callee.object.name="require"][callee.property.name="resolve"]', 'ImportExpression'].flatMap(call => [
        { selector: `${call} > Literal[value=/${vscode}/]`, message: why },
        { selector: `${call} > TemplateLiteral[expressions.length=0][quasis.0.value.cooked=/${vscode}/]`, message: why },
      ]),
      { selector: `TSImportType > Literal[value=/${vscode}/]`, message: why },
    ],
  },
});
