import type { EnvironmentReport } from './checkEnvironment';

/** The report as plain lines, shared by the VS Code output channel and `dotnet-containers doctor`. */
export function formatEnvironmentReport(report: EnvironmentReport): string[] {
  const lines: string[] = ['Container engine'];
  for (const engine of report.engines) {
    const origin = engine.context ? `${engine.source} "${engine.context}"` : engine.source;
    const answer = engine.probe.reachable
      ? `answers: ${engine.probe.product} ${engine.probe.version} (API ${engine.probe.apiVersion}, ${engine.probe.os}/${engine.probe.arch})`
      : `no answer: ${engine.probe.reason}`;
    const marker = report.activeEngine?.host === engine.host ? '✓' : engine.probe.reachable ? '·' : '✗';
    lines.push(`  ${marker} ${engine.host} [${origin}] ${answer}`);
  }
  lines.push(report.activeEngine
    ? `  → using ${report.activeEngine.host}`
    : '  → no container engine answers: start Docker or Podman, or set DOCKER_HOST');

  lines.push('Container CLI');
  for (const cli of report.clis) {
    lines.push(cli.version ? `  ✓ ${cli.name}: ${cli.version} (${cli.path})` : `  ✗ ${cli.name}: ${cli.problem}${cli.path ? ` (${cli.path})` : ''}`);
  }

  lines.push('Builds');
  const build = report.build;
  if ('problem' in build) {
    lines.push(`  ✗ ${build.problem}`);
  } else {
    lines.push(`  ✓ tasks run ${build.path} (${build.cli}${build.clientVersion ? ` ${build.clientVersion}` : ''})`);
    lines.push(`    builder: ${build.summary}${Object.keys(build.env).length ? `; runs with ${Object.entries(build.env).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`);
    if (build.cli === 'docker') {
      lines.push(`    buildx plugin: ${build.buildx ?? 'not installed'}`);
      lines.push(`    compose plugin: ${build.compose ?? 'not installed'}`);
    }
    if (build.advice) lines.push(`    ! ${build.advice}`);
  }

  lines.push('.NET SDK');
  const dotnet = report.dotnet;
  lines.push(dotnet.version
    ? `  ✓ dotnet ${dotnet.version} (${dotnet.path})${dotnet.sdks.length > 1 ? `; SDKs: ${dotnet.sdks.join(', ')}` : ''}`
    : `  ✗ dotnet: ${dotnet.problem ?? 'not found'}: generation still works, MSBuild cross-checks are off`);

  lines.push('Docker config');
  const config = report.dockerConfig;
  if (!config.exists) {
    lines.push(`  · no ${config.path} (no saved registry logins)`);
  } else if (config.problem) {
    lines.push(`  ✗ ${config.path}: ${config.problem}`);
  } else {
    lines.push(`  ✓ ${config.path}`);
    lines.push(`    logins for: ${config.authHosts.length ? config.authHosts.join(', ') : 'none'}`);
    if (config.credsStore) lines.push(`    credential store: ${config.credsStore}`);
    const helpers = Object.entries(config.credHelpers);
    if (helpers.length) lines.push(`    credential helpers: ${helpers.map(([host, helper]) => `${host} → ${helper}`).join(', ')}`);
    if (config.currentContext) lines.push(`    current context: ${config.currentContext}`);
  }
  return lines;
}
