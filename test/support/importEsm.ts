/**
 * Loads an ES module (the test hosts under test/hosts are .mjs) from this CommonJS build;
 * tsc would otherwise turn `import()` into `require()`, which cannot load ESM on Node 20.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
export const importEsm = new Function('specifier', 'return import(specifier)') as <T = any>(specifier: string) => Promise<T>;
