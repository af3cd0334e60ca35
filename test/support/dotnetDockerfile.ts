/**
 * A two-stage .NET Dockerfile for rule tests: the final FROM is on line 6 (its image at column 6) and
 * `settings` start on line 8, then the COPY of the published app, `beforeEntrypoint`, and the ENTRYPOINT.
 */
export function dotnetDockerfile(settings: string, final: string, options: { publish?: string; beforeEntrypoint?: string } = {}): string {
  const publish = ['dotnet publish App.csproj -c Release', options.publish, '-o /app'].filter(Boolean).join(' ');
  return `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY App.csproj .
RUN ${publish}

FROM ${final} AS final
WORKDIR /app
${settings}
COPY --from=build /app .
${options.beforeEntrypoint ?? ''}ENTRYPOINT ["dotnet", "App.dll"]
`;
}
