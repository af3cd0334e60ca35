// Linting a Dockerfile while it is edited: warm medians of lintDockerfile (every rule, the project read from
// disk, generic checks on as the extension runs them by default, and off) on a realistic 100-line .NET
// Dockerfile (goal ≤ 2 ms, and ≤ 1.5× the peer) and on a 1,000-line one (goal ≤ 20 ms).
// Peer, measured in the same run on the same text: dockerfile-utils' bare `validate`, which the Docker
// extensions run on every change and which our generic checks wrap. The peer and our two settings take turns
// (a few runs each, round after round), so that a busy machine slows all three alike and the ratio holds.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Enough runs that a median holds on a busy machine (the 1,000-line file gets a quarter of them, and a third of the warm-up).
const ITERATIONS = Number(process.env.DC_BENCH_ITERATIONS) || 1000;
const WARMUP = 300;
const GOAL_100_MS = 2;
const GOAL_RATIO = 1.5;
const GOAL_1000_MS = 20;
const now = new Date('2026-11-23T00:00:00Z');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-lint-'));
try {
  // The core as it ships (one bundle), and the peer in a bundle of its own, so that nothing our core loads or
  // warms up is shared with it.
  const bundleOf = async (name, contents) => {
    const outfile = path.join(work, `${name}.cjs`);
    await esbuild.build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning',
    });
    return createRequire(import.meta.url)(outfile);
  };
  const { lintDockerfile } = await bundleOf('lint', `module.exports = require(${JSON.stringify(path.join(root, 'src/core/lint/lintDockerfile.ts'))});`);
  const { validate } = await bundleOf('peer', `module.exports = require('dockerfile-utils');`);

  const dockerfilePath = writeSolution(work);
  const small = realisticDockerfile();
  const large = thousandLines(small);
  fs.writeFileSync(dockerfilePath, small);

  const settings = { now, dockerfilePath };
  const check = lintDockerfile(small, settings);
  if (!check.context.project) throw new Error('the bench Dockerfile did not find its project: the figure would not include reading it');
  console.log(`# 100-line file: ${small.split('\n').length - 1} lines, ${check.findings.length} findings (${[...new Set(check.findings.map(f => f.rule))].join(', ') || 'none'})`);
  console.log(`# 1,000-line file: ${large.split('\n').length - 1} lines; ${ITERATIONS} timed runs each after ${WARMUP} warm-up runs (a quarter and a third for 1,000 lines), interleaved, medians`);

  const bare = { ...settings, genericChecks: false };
  const [peerSmall, oursSmall, oursSmallBare] = medians([() => validate(small), () => lintDockerfile(small, settings), () => lintDockerfile(small, bare)], ITERATIONS, WARMUP);
  const [peerLarge, oursLarge, oursLargeBare] = medians([() => validate(large), () => lintDockerfile(large, settings), () => lintDockerfile(large, bare)], Math.ceil(ITERATIONS / 4), Math.ceil(WARMUP / 3));

  const ratio = oursSmall / peerSmall;
  if (oursSmall <= GOAL_100_MS && ratio > GOAL_RATIO) console.log(`# 100 lines: within ${GOAL_100_MS} ms, but over ${GOAL_RATIO}× the peer`);
  report('lint.warm-100-lines', oursSmall, GOAL_100_MS, peerSmall, oursSmall <= GOAL_100_MS && ratio <= GOAL_RATIO, `; ratio goal<=${GOAL_RATIO}`);
  report('lint.warm-100-lines.generic-off', oursSmallBare, GOAL_100_MS, peerSmall, oursSmallBare <= GOAL_100_MS);
  report('lint.warm-1000-lines', oursLarge, GOAL_1000_MS, peerLarge, oursLarge <= GOAL_1000_MS);
  report('lint.warm-1000-lines.generic-off', oursLargeBare, GOAL_1000_MS, peerLarge, oursLargeBare <= GOAL_1000_MS);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

function report(name, ms, goal, peer, pass, ratioGoal = '') {
  console.log(`BENCH ${name} ${ms.toFixed(3)} ms goal<=${goal} ratio=${(ms / peer).toFixed(3)} vs dockerfile-utils (${peer.toFixed(3)} ms${ratioGoal}) ${pass ? 'PASS' : 'MISS'}`);
}

/**
 * For each action, the median of `runs` timed calls after `warmup` untimed ones, in ms. The actions take turns,
 * a block of runs each, so that load from elsewhere on the machine falls on all of them alike.
 */
function medians(actions, runs, warmup, block = 5) {
  for (let i = 0; i < warmup; i++) for (const action of actions) action();
  const times = actions.map(() => []);
  for (let done = 0; done < runs; done += block) {
    actions.forEach((action, index) => {
      for (let i = 0; i < Math.min(block, runs - done); i++) {
        const started = process.hrtime.bigint();
        action();
        times[index].push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    });
  }
  return times.map(list => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]);
}

/** A solution with a web app, two libraries and a test project; returns where the Dockerfile goes. */
function writeSolution(dir) {
  const write = (relative, content) => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), content);
  };
  const project = (sdk, properties, references = []) => [
    `<Project Sdk="${sdk}">`,
    '  <PropertyGroup>',
    ...Object.entries(properties).map(([k, v]) => `    <${k}>${v}</${k}>`),
    '  </PropertyGroup>',
    '  <ItemGroup>',
    ...references.map(r => `    <ProjectReference Include="${r}" />`),
    '    <PackageReference Include="Serilog.AspNetCore" />',
    '  </ItemGroup>',
    '</Project>',
    '',
  ].join('\n');
  write('Directory.Build.props', '<Project>\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n</Project>\n');
  write('Directory.Packages.props', '<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n');
  write('src/Shop.Web/Shop.Web.csproj', project('Microsoft.NET.Sdk.Web', { AssemblyName: 'Contoso.Shop', InvariantGlobalization: 'false' }, ['..\\Shop.Core\\Shop.Core.csproj', '..\\Shop.Data\\Shop.Data.csproj']));
  write('src/Shop.Core/Shop.Core.csproj', project('Microsoft.NET.Sdk', {}));
  write('src/Shop.Data/Shop.Data.csproj', project('Microsoft.NET.Sdk', {}, ['..\\Shop.Core\\Shop.Core.csproj']));
  write('tests/Shop.Tests/Shop.Tests.csproj', project('Microsoft.NET.Sdk', { IsPackable: 'false' }, ['..\\..\\src\\Shop.Web\\Shop.Web.csproj']));
  write('.dockerignore', '**/bin/\n**/obj/\n**/.git\n');
  return path.join(dir, 'src', 'Shop.Web', 'Dockerfile');
}

/** A 100-line multi-stage Dockerfile of the kind teams write by hand around the generated shape. */
function realisticDockerfile() {
  const lines = [
    '# syntax=docker/dockerfile:1',
    '# Contoso Shop: build with `docker build -f src/Shop.Web/Dockerfile .` from the repository root.',
    '',
    'ARG DOTNET_VERSION=10.0',
    'ARG BUILD_CONFIGURATION=Release',
    'ARG APP_VERSION=0.0.0-local',
    '',
    '# ---------------------------------------------------------------------------',
    '# Runtime base: the ASP.NET Core image, non-root, with the health-check tool.',
    '# ---------------------------------------------------------------------------',
    'FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS base',
    'WORKDIR /app',
    'EXPOSE 8080',
    'ENV ASPNETCORE_HTTP_PORTS=8080 \\',
    '    DOTNET_RUNNING_IN_CONTAINER=true \\',
    '    DOTNET_gcServer=0',
    'LABEL org.opencontainers.image.vendor="Contoso" \\',
    '      org.opencontainers.image.title="Contoso Shop"',
    '',
    '# ---------------------------------------------------------------------------',
    '# Build: restore in its own layer, then compile.',
    '# ---------------------------------------------------------------------------',
    'FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build',
    'ARG TARGETARCH',
    'ARG BUILD_CONFIGURATION',
    'WORKDIR /src',
    '',
    '# Package versions and shared properties first: they change least.',
    'COPY ["Directory.Build.props", "Directory.Packages.props", "./"]',
    'COPY ["src/Shop.Web/Shop.Web.csproj", "src/Shop.Web/"]',
    'COPY ["src/Shop.Core/Shop.Core.csproj", "src/Shop.Core/"]',
    'COPY ["src/Shop.Data/Shop.Data.csproj", "src/Shop.Data/"]',
    'COPY ["tests/Shop.Tests/Shop.Tests.csproj", "tests/Shop.Tests/"]',
    '',
    '# The NuGet cache survives between builds on this machine.',
    'RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \\',
    '    dotnet restore "src/Shop.Web/Shop.Web.csproj" -a $TARGETARCH && \\',
    '    dotnet restore "tests/Shop.Tests/Shop.Tests.csproj"',
    '',
    'COPY . .',
    'WORKDIR /src/src/Shop.Web',
    'RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \\',
    '    dotnet build "Shop.Web.csproj" --no-restore -a $TARGETARCH \\',
    '      -c $BUILD_CONFIGURATION -o /app/build',
    '',
    '# ---------------------------------------------------------------------------',
    '# Tests: run in CI with `--target test`; not part of the final image.',
    '# ---------------------------------------------------------------------------',
    'FROM build AS test',
    'WORKDIR /src/tests/Shop.Tests',
    'RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \\',
    '    dotnet test "Shop.Tests.csproj" --no-restore \\',
    '      --logger "trx;LogFileName=results.trx" \\',
    '      --results-directory /testresults',
    '',
    '# ---------------------------------------------------------------------------',
    '# Publish: framework-dependent, no apphost.',
    '# ---------------------------------------------------------------------------',
    'FROM build AS publish',
    'ARG TARGETARCH',
    'ARG BUILD_CONFIGURATION',
    'ARG APP_VERSION',
    'RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \\',
    '    dotnet publish "Shop.Web.csproj" --no-restore -a $TARGETARCH \\',
    '      -c $BUILD_CONFIGURATION \\',
    '      -p:Version=$APP_VERSION \\',
    '      -p:UseAppHost=false \\',
    '      -o /app/publish',
    '',
    '# ---------------------------------------------------------------------------',
    '# Final: the runtime base with the published app.',
    '# ---------------------------------------------------------------------------',
    'FROM base AS final',
    'ARG APP_VERSION',
    'LABEL org.opencontainers.image.version=$APP_VERSION',
    'WORKDIR /app',
    'COPY --from=publish /app/publish .',
    '',
    '# Configuration that differs per environment comes from the orchestrator;',
    '# these are the defaults for a local `docker run`.',
    'ENV Logging__Console__FormatterName=json \\',
    '    Shop__Catalog__PageSize=24 \\',
    '    Shop__Features__Recommendations=false',
    '',
    'USER $APP_UID',
    '',
    '# Kestrel listens on 8080 (ASPNETCORE_HTTP_PORTS above).',
    'HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\',
    '  CMD ["dotnet", "Contoso.Shop.dll", "--health-check"]',
    '',
    'ENTRYPOINT ["dotnet", "Contoso.Shop.dll"]',
    '',
    '# ---------------------------------------------------------------------------',
    '# Notes',
    '# - Multi-platform: docker buildx build --platform linux/amd64,linux/arm64 .',
    '# - The test stage writes TRX results to /testresults.',
    '# - Secrets never go in ARG or ENV: mount them at run time.',
    '# ---------------------------------------------------------------------------',
    '',
    '# end of file',
  ];
  return lines.slice(0, 100).join('\n') + '\n';
}

/** Ten copies of the stages (renamed so that names stay unique), under one set of global ARGs: 1,000 lines. */
function thousandLines(small) {
  const [globals, stages] = [small.slice(0, small.indexOf('# -----')), small.slice(small.indexOf('# -----'))];
  const copies = Array.from({ length: 10 }, (_, i) => stages
    .replace(/ AS (base|build|test|publish|final)\b/g, ` AS $1${i}`)
    .replace(/FROM (base|build) AS/g, `FROM $1${i} AS`)
    .replace(/--from=publish\b/g, `--from=publish${i}`));
  const text = globals + copies.join('');
  const lines = text.split('\n');
  while (lines.length < 1001) lines.splice(lines.length - 1, 0, '# padding');
  return lines.slice(0, 1000).join('\n') + '\n';
}
