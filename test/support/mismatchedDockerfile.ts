/** The final stage's image in `mismatchedDockerfile`, on its 0-based line `finalImageLine`, from character 5. */
export const mismatchedFinalImage = 'mcr.microsoft.com/dotnet/aspnet:10.0';
export const finalImageLine = 4;

/**
 * Built on Alpine (musl) for its runtime identifier (`-a`), run on the default glibc image: dotnet/variant-mismatch
 * on the final image. The
 * project is App.csproj in the build context; the CLI and the in-host tests both lint it.
 */
export const mismatchedDockerfile = [
  'FROM mcr.microsoft.com/dotnet/sdk:10.0-alpine AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN dotnet publish App.csproj -c Release -a x64 -o /app',
  `FROM ${mismatchedFinalImage} AS final`,
  'WORKDIR /app',
  'COPY --from=build /app .',
  'USER $APP_UID',
  'ENTRYPOINT ["dotnet", "App.dll"]',
  '',
].join('\n');

/** A web app's project at App/App.csproj, and a clean Dockerfile for it at App/Dockerfile (the solution folder as context). */
export const webAppProject = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n';
export const webAppDockerfile = [
  'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build',
  'WORKDIR /src',
  'COPY ["App/App.csproj", "App/"]',
  'RUN dotnet restore "App/App.csproj"',
  'COPY . .',
  'RUN dotnet publish "App/App.csproj" -c Release -o /app',
  'FROM mcr.microsoft.com/dotnet/aspnet:10.0',
  'WORKDIR /app',
  'COPY --from=build /app .',
  'USER $APP_UID',
  'ENTRYPOINT ["dotnet", "App.dll"]',
  '',
].join('\n');
