// The solution and the 100-line Dockerfile that the lint and first-diagnostics benches share: a web app over two
// libraries with Directory.Build.props, central package management and a .dockerignore, in a git repository (its
// root bounds the build-context search, as in a user's clone), and a hand-written
// multi-stage Dockerfile around the generated shape.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes the solution under `dir` and returns where its Dockerfile goes (src/Shop.Web/Dockerfile). */
export function writeSolution(dir) {
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
  write('.git/HEAD', 'ref: refs/heads/main\n');
  return path.join(dir, 'src', 'Shop.Web', 'Dockerfile');
}

/** A 100-line multi-stage Dockerfile of the kind teams write by hand around the generated shape. */
export function realisticDockerfile() {
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
