import type { Context } from 'mocha';

/** Skips the running test with a one-line reason that the summary reporter prints. */
export function skipBecause(context: Context, reason: string): never {
  const test = context.currentTest ?? context.test;
  if (test) (test as unknown as { skipReason: string }).skipReason = reason;
  return context.skip() as never;
}

/** A host a test needs; the runner sets DC_* for each, or a DC_*_UNAVAILABLE reason when it could not start. */
export type TestHost = 'dotnet' | 'engine' | 'standins' | 'registry';

/** Skips the running test (with the runner's one-line reason) unless every host it needs is there. */
export function requireHosts(context: Context, ...needs: TestHost[]): void {
  const env = process.env;
  const reasons: Record<TestHost, string | undefined> = {
    dotnet: env.DC_DOTNET_UNAVAILABLE,
    engine: env.DC_ENGINE_UNAVAILABLE ?? (env.DOCKER_HOST ? undefined : 'no test engine (DOCKER_HOST unset)'),
    standins: env.DC_STANDIN_UNAVAILABLE ?? (env.DC_STANDIN_DOTNET ? undefined : 'no stand-in .NET images (DC_STANDIN_DOTNET unset)'),
    registry: env.DC_REGISTRY_UNAVAILABLE ?? (env.DC_REGISTRY ? undefined : 'no test registry (DC_REGISTRY unset)'),
  };
  for (const need of needs) {
    const reason = reasons[need];
    if (reason) skipBecause(context, reason);
  }
}
