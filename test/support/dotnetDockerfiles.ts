import { csproj } from './fileTree';

// Dockerfiles shared by the tests of the image and version rules.

export const mcr = 'mcr.microsoft.com/dotnet';
export const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** A build stage that publishes to /app (line 4) and a final stage that runs App.dll; the images are on lines 1 and 6. */
export function twoStages(sdk: string, final: string, publish = 'dotnet publish -c Release -o /app'): string {
  return `FROM ${sdk} AS build
WORKDIR /src
COPY . .
RUN ${publish}

FROM ${final} AS final
WORKDIR /app
COPY --from=build /app .
ENTRYPOINT ["dotnet", "App.dll"]
`;
}

/** A web project `App.csproj` next to the Dockerfile (for a case's `files`). */
export function webProject(targetFramework: string, properties: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: targetFramework, ...properties }) };
}
