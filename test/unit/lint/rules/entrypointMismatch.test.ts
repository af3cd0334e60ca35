import { entrypointMismatch } from '../../../../src/core/lint/rules/entrypointMismatch';
import { csproj } from '../../../support/fileTree';
import { fixTable, ruleTable } from '../../../support/lintTable';

const mcr = 'mcr.microsoft.com/dotnet';
const project = (properties: Record<string, string> = {}, sdk = 'Microsoft.NET.Sdk.Web') => ({ 'App.csproj': csproj(sdk, { TargetFramework: 'net10.0', ...properties }) });
const app = project();
const renamed = project({ AssemblyName: 'Contoso.Api' });
const aot = project({ OutputType: 'Exe', PublishAot: 'true' }, 'Microsoft.NET.Sdk');
const selfContained = project({ OutputType: 'Exe', SelfContained: 'true' }, 'Microsoft.NET.Sdk');
/** Trimmed and single-file: self-contained by MSBuild's rules for .NET 8+, with no SelfContained written anywhere. */
const trimmedSingleFile = project({ OutputType: 'Exe', PublishSingleFile: 'true', PublishTrimmed: 'true' }, 'Microsoft.NET.Sdk');

/** The ENTRYPOINT is on line 11. */
function dockerfile(entrypoint: string, options: { publish?: string; final?: string; workdir?: string; copy?: string } = {}): string {
  return `FROM ${mcr}/sdk:10.0 AS build
WORKDIR /src
COPY App.csproj .
RUN dotnet restore App.csproj
COPY . .
RUN dotnet publish App.csproj -c Release ${options.publish ?? '-p:UseAppHost=false'} -o /app

FROM ${options.final ?? `${mcr}/aspnet:10.0`} AS final
${options.workdir ?? 'WORKDIR /app'}
${options.copy ?? 'COPY --from=build /app .'}
ENTRYPOINT ${entrypoint}
`;
}

/** The range of `token` on a line of `text` (1-based, as the table writes it). */
function rangeOf(text: string, line: number, token: string): string {
  const column = text.split('\n')[line - 1]!.indexOf(token) + 1;
  return `${line}:${column}-${line}:${column + token.length}`;
}

const cases: Array<{ name: string; files?: Record<string, string>; dockerfile: string; token?: string; line?: number; message?: string[] }> = [
  { name: 'the project name after an AssemblyName override', files: renamed, dockerfile: dockerfile('["dotnet", "App.dll"]'), token: '"App.dll"', message: ['Contoso.Api.dll'] },
  { name: 'an absolute path to the wrong dll', files: renamed, dockerfile: dockerfile('["dotnet", "/app/App.dll"]'), token: '"/app/App.dll"' },
  { name: 'shell form', files: renamed, dockerfile: dockerfile('dotnet App.dll'), token: 'App.dll' },
  { name: 'shell form with exec and a quoted dll', files: renamed, dockerfile: dockerfile('exec dotnet "App.dll"'), token: '"App.dll"' },
  { name: 'the AssemblyName set on the publish command', files: app, dockerfile: dockerfile('["dotnet", "App.dll"]', { publish: '-p:UseAppHost=false -p:AssemblyName=Shop' }), token: '"App.dll"', message: ['Shop.dll'] },
  { name: 'an apphost after -p:UseAppHost=false', files: app, dockerfile: dockerfile('["./App"]'), token: '"./App"', message: ['UseAppHost=false'] },
  { name: 'an apphost when the project sets UseAppHost=false', files: project({ UseAppHost: 'false' }), dockerfile: dockerfile('["./App"]', { publish: '' }), token: '"./App"' },
  { name: 'a dll from a Native AOT publish', files: aot, dockerfile: dockerfile('["dotnet", "App.dll"]', { publish: '', final: `${mcr}/runtime-deps:10.0` }), token: '"App.dll"', message: ['Native AOT', './App'] },
  { name: 'dotnet on runtime-deps for a self-contained app', files: selfContained, dockerfile: dockerfile('["dotnet", "App.dll"]', { publish: '', final: `${mcr}/runtime-deps:10.0` }), token: '"App.dll"', message: ['no dotnet host'] },
  { name: 'dotnet on runtime-deps for a trimmed single-file app', files: trimmedSingleFile, dockerfile: dockerfile('["dotnet", "App.dll"]', { publish: '-a $TARGETARCH', final: `${mcr}/runtime-deps:10.0` }), token: '"App.dll"', message: ['no dotnet host', 'self-contained'] },
  { name: 'the apphost under the project name', files: renamed, dockerfile: dockerfile('["./App"]', { publish: '' }), token: '"./App"', message: ['./Contoso.Api'] },
  { name: 'the apphost in the wrong case', files: app, dockerfile: dockerfile('["/app/app"]', { publish: '' }), token: '"/app/app"' },
  { name: 'a dll run as a program', files: app, dockerfile: dockerfile('["./App.dll"]'), token: '"./App.dll"' },
  { name: 'a relative dll outside the WORKDIR the app went to', files: app, dockerfile: dockerfile('["dotnet", "App.dll"]', { workdir: '', copy: 'COPY --from=build /app /app' }), token: '"App.dll"', message: ['looked up in /', '/app/App.dll'] },
  { name: 'a dll name with a space', files: { 'Web App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', AssemblyName: 'Shop' }) }, dockerfile: dockerfile('["dotnet", "Web App.dll"]'), token: '"Web App.dll"', message: ['runs Web App.dll', 'builds Shop.dll'] },
  { name: 'a JSON escape in the dll name', files: renamed, dockerfile: dockerfile('["dotnet", "App\\u002Edll"]'), token: '"App\\u002Edll"', message: ['runs App.dll'] },
  { name: 'the dll named by CMD after ENTRYPOINT dotnet', files: renamed, dockerfile: dockerfile('["dotnet"]\nCMD ["App.dll"]'), line: 12, token: '"App.dll"' },
];

describe('rule dotnet/entrypoint-mismatch', function () {
  ruleTable(entrypointMismatch, [
    ...cases.map(c => ({ name: c.name, files: c.files, dockerfile: c.dockerfile, expect: [rangeOf(c.dockerfile, c.line ?? 11, c.token!)], ...(c.message ? { message: c.message } : {}) })),
    {
      name: 'the VS shape: base stage, publish stage, FROM base AS final',
      files: renamed,
      dockerfile: `FROM ${mcr}/aspnet:10.0 AS base\nUSER $APP_UID\nWORKDIR /app\n\nFROM ${mcr}/sdk:10.0 AS build\nCOPY ["App.csproj", "./"]\nRUN dotnet build App.csproj -o /app/build\n\nFROM build AS publish\nRUN dotnet publish "./App.csproj" -o /app/publish /p:UseAppHost=false\n\nFROM base AS final\nWORKDIR /app\nCOPY --from=publish /app/publish .\nENTRYPOINT ["dotnet", "App.dll"]\n`,
      expect: ['15:23-15:32'],
    },
    // Silent cases.
    { name: 'the right dll', files: app, dockerfile: dockerfile('["dotnet", "App.dll"]'), expect: [] },
    { name: 'a dll name with a space (JSON read from the text)', files: { 'Web App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) }, dockerfile: dockerfile('["dotnet", "Web App.dll"]'), expect: [] },
    { name: 'a JSON array over two lines', files: app, dockerfile: dockerfile('["dotnet", \\\n    "App.dll"]'), expect: [] },
    { name: 'the right dll under an absolute path', files: renamed, dockerfile: dockerfile('["dotnet", "/app/Contoso.Api.dll"]'), expect: [] },
    { name: 'the apphost of a framework-dependent publish', files: app, dockerfile: dockerfile('["./App"]', { publish: '-a $TARGETARCH' }), expect: [] },
    { name: 'the apphost of a trimmed single-file app cross-built with -a (the globalapp shape)', files: trimmedSingleFile, dockerfile: dockerfile('["./App"]', { publish: '-a $TARGETARCH', final: `${mcr}/runtime-deps:10.0` }), expect: [] },
    { name: 'a base image beside the project: nothing runs', files: app, dockerfile: `FROM ${mcr}/aspnet:10.0\nRUN apt-get update && apt-get install -y curl\n`, expect: [] },
    { name: 'the apphost of a Native AOT app', files: aot, dockerfile: dockerfile('["/app/App"]', { publish: '', final: `${mcr}/runtime-deps:10.0` }), expect: [] },
    { name: 'a wrapper script', files: app, dockerfile: dockerfile('["./start.sh"]'), expect: [] },
    { name: 'a shell running the app', files: renamed, dockerfile: dockerfile('["/bin/sh", "-c", "dotnet App.dll"]'), expect: [] },
    { name: 'another program in the app folder', files: app, dockerfile: dockerfile('["./migrate"]'), expect: [] },
    { name: 'a variable in a shell-form dll', files: app, dockerfile: dockerfile('dotnet ${APP_NAME}.dll'), expect: [] },
    { name: 'dotnet without a dll', files: app, dockerfile: dockerfile('["dotnet", "--info"]'), expect: [] },
    { name: 'no project: nothing to compare with', dockerfile: dockerfile('["dotnet", "Whatever.dll"]'), expect: [] },
    { name: 'a CMD before the ENTRYPOINT of a later stage is reset', files: app, dockerfile: `FROM ${mcr}/aspnet:10.0 AS base\nCMD ["Other.dll"]\nFROM base\nWORKDIR /app\nENTRYPOINT ["dotnet"]\n`, expect: [] },
    { name: 'a CMD in the same stage as the ENTRYPOINT counts, before or after it', files: app, dockerfile: `FROM ${mcr}/aspnet:10.0\nWORKDIR /app\nCMD ["Other.dll"]\nENTRYPOINT ["dotnet"]\n`, expect: ['3:6-3:17'] },
    { name: 'a library project', files: project({}, 'Microsoft.NET.Sdk'), dockerfile: dockerfile('["dotnet", "Other.dll"]'), expect: [] },
  ]);

  fixTable(entrypointMismatch, [
    { name: 'the AssemblyName', files: renamed, dockerfile: dockerfile('["dotnet", "App.dll"]'), fix: 'Change the entrypoint to `Contoso.Api.dll`', expected: dockerfile('["dotnet", "Contoso.Api.dll"]') },
    { name: 'the path prefix is kept', files: renamed, dockerfile: dockerfile('["dotnet", "/app/App.dll"]'), fix: 'Change the entrypoint to `/app/Contoso.Api.dll`', expected: dockerfile('["dotnet", "/app/Contoso.Api.dll"]') },
    { name: 'shell form keeps its quotes', files: renamed, dockerfile: dockerfile('exec dotnet "App.dll"'), fix: 'Change the entrypoint to `Contoso.Api.dll`', expected: dockerfile('exec dotnet "Contoso.Api.dll"') },
    { name: 'shell form, bare word', files: renamed, dockerfile: dockerfile('dotnet App.dll'), fix: 'Change the entrypoint to `Contoso.Api.dll`', expected: dockerfile('dotnet Contoso.Api.dll') },
    { name: 'no apphost: run the dll', files: app, dockerfile: dockerfile('["./App"]'), fix: 'Change the entrypoint to `dotnet App.dll`', expected: dockerfile('["dotnet", "App.dll"]') },
    { name: 'no apphost, absolute path', files: app, dockerfile: dockerfile('["/app/App", "--verbose"]'), fix: 'Change the entrypoint to `dotnet /app/App.dll`', expected: dockerfile('["dotnet", "/app/App.dll", "--verbose"]') },
    { name: 'Native AOT: run the executable', files: aot, dockerfile: dockerfile('["dotnet", "/app/App.dll"]', { publish: '', final: `${mcr}/runtime-deps:10.0` }), fix: 'Change the entrypoint to `/app/App`', expected: dockerfile('["/app/App"]', { publish: '', final: `${mcr}/runtime-deps:10.0` }) },
    { name: 'Native AOT, shell form', files: aot, dockerfile: dockerfile('dotnet App.dll', { publish: '', final: `${mcr}/runtime-deps:10.0` }), fix: 'Change the entrypoint to `./App`', expected: dockerfile('./App', { publish: '', final: `${mcr}/runtime-deps:10.0` }) },
    { name: 'the apphost under the AssemblyName', files: renamed, dockerfile: dockerfile('["./App"]', { publish: '' }), fix: 'Change the entrypoint to `./Contoso.Api`', expected: dockerfile('["./Contoso.Api"]', { publish: '' }) },
    { name: 'a dll run as a program', files: app, dockerfile: dockerfile('["./App.dll"]'), fix: 'Change the entrypoint to `dotnet App.dll`', expected: dockerfile('["dotnet", "App.dll"]') },
    {
      name: 'the folder the app was copied to',
      files: app,
      dockerfile: dockerfile('["dotnet", "App.dll"]', { workdir: '', copy: 'COPY --from=build /app /app' }),
      fix: 'Change the entrypoint to `/app/App.dll`',
      expected: dockerfile('["dotnet", "/app/App.dll"]', { workdir: '', copy: 'COPY --from=build /app /app' }),
    },
    {
      name: 'CRLF file',
      files: renamed,
      dockerfile: dockerfile('["dotnet", "App.dll"]').replace(/\n/g, '\r\n'),
      fix: 'Change the entrypoint to `Contoso.Api.dll`',
      expected: dockerfile('["dotnet", "Contoso.Api.dll"]').replace(/\n/g, '\r\n'),
    },
  ]);
});
