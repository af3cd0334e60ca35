/** The package's version, as package.json says (test/unit/cliUsage.test.ts holds them equal). */
export const cliVersion = '0.1.0';
