import type { Context } from 'mocha';

/** Skips the running test with a one-line reason that the summary reporter prints. */
export function skipBecause(context: Context, reason: string): never {
  const test = context.currentTest ?? context.test;
  if (test) (test as unknown as { skipReason: string }).skipReason = reason;
  return context.skip() as never;
}
