/** The final stage's image in `mismatchedDockerfile`, on its 0-based line `finalImageLine`, from character 5. */
export const mismatchedFinalImage = 'mcr.microsoft.com/dotnet/aspnet:10.0';
export const finalImageLine = 4;

/**
 * Built on Alpine (musl), run on the default glibc image: dotnet/variant-mismatch on the final image. The
 * project is App.csproj in the build context; the CLI and the in-host tests both lint it.
 */
export const mismatchedDockerfile = [
  'FROM mcr.microsoft.com/dotnet/sdk:10.0-alpine AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN dotnet publish App.csproj -c Release -o /app',
  `FROM ${mismatchedFinalImage} AS final`,
  'WORKDIR /app',
  'COPY --from=build /app .',
  'USER $APP_UID',
  'ENTRYPOINT ["dotnet", "App.dll"]',
  '',
].join('\n');
