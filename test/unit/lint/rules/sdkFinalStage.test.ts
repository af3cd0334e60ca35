import { sdkFinalStage } from '../../../../src/core/lint/rules/sdkFinalStage';
import { csproj } from '../../../support/fileTree';
import { mcr, twoStages, webProject } from '../../../support/dotnetDockerfiles';
import { fixTable, ruleTable } from '../../../support/lintTable';

const singleStage = (image: string, beforePublish = '', afterPublish = '') => `FROM ${image}
WORKDIR /src
COPY . .
${beforePublish}RUN dotnet publish -c Release -o /app
${afterPublish}ENTRYPOINT ["dotnet", "/app/App.dll"]
`;
const split = (image: string, runtime: string, afterPublish = '') => `FROM ${image} AS build
WORKDIR /src
COPY . .
RUN dotnet publish -c Release -o /app

FROM ${runtime}
WORKDIR /src
COPY --from=build /app /app
${afterPublish}ENTRYPOINT ["dotnet", "/app/App.dll"]
`;
const fromBuild = (finalLines: string) => `FROM ${mcr}/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish -c Release -o out

FROM build AS final
${finalLines}ENTRYPOINT ["dotnet", "App.dll"]
`;
const web = webProject('net10.0');
const selfContained = { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', SelfContained: 'true' }) };

describe('rule dotnet/sdk-final-stage', function () {
  ruleTable(sdkFinalStage, [
    { name: 'a single SDK stage runs the app', dockerfile: singleStage(`${mcr}/sdk:10.0`), expect: ['1:6-1:39'], message: ['The final image is the .NET SDK', 'runtime:10.0 or aspnet:10.0'] },
    { name: 'the final stage is FROM build', dockerfile: fromBuild('WORKDIR /src/out\n'), expect: ['6:6-6:11'], message: ['through FROM build'] },
    { name: 'a final stage naming the SDK copies the app in', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/sdk:10.0`), expect: ['6:6-6:39'] },
    {
      name: 'a test project\'s image, whose entrypoint script runs dotnet test',
      dockerfile: `FROM ${mcr}/sdk:10.0\nWORKDIR /source\nCOPY . .\nRUN dotnet build App.Tests/App.Tests.csproj -c Release\nENTRYPOINT ["./docker-entrypoint.sh"]\n`,
      files: {
        'App.Tests/App.Tests.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }, '  <ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" /></ItemGroup>\n'),
        'docker-entrypoint.sh': '#!/bin/sh\nexec dotnet test App.Tests/App.Tests.csproj -c Release --no-build\n',
      },
      expect: [],
    },
    { name: 'dotnet run also compiles at every start', dockerfile: `FROM ${mcr}/sdk:10.0\nWORKDIR /src\nCOPY . .\nCMD dotnet run --project App.csproj\n`, expect: ['1:6-1:39'], message: ['dotnet run also compiles'] },
    { name: 'a test container keeps the SDK', dockerfile: `FROM ${mcr}/sdk:10.0\nWORKDIR /src\nCOPY . .\nCMD ["dotnet", "test"]\n`, expect: [] },
    { name: 'dotnet watch for development keeps the SDK', dockerfile: `FROM ${mcr}/sdk:10.0\nWORKDIR /src\nCOPY . .\nENTRYPOINT ["dotnet", "watch", "run"]\n`, expect: [] },
    { name: 'an SDK stage that starts nothing', dockerfile: `FROM ${mcr}/sdk:10.0\nRUN dotnet publish -o /app\n`, expect: [] },
    { name: 'a runtime final stage', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`), expect: [] },
    { name: 'a --platform flag before the image', dockerfile: singleStage(`--platform=linux/amd64 ${mcr}/sdk:10.0`), expect: ['1:29-1:62'] },
    { name: 'a global ARG supplies the image', dockerfile: `ARG SDK=${mcr}/sdk:10.0\n${singleStage('${SDK}')}`, expect: ['2:6-2:12'] },
    { name: 'an unresolved variable says nothing', dockerfile: singleStage('${SDK}'), expect: [] },
    { name: 'the entrypoint is inherited through FROM build', dockerfile: `FROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish -o /app\nENTRYPOINT ["dotnet", "/app/App.dll"]\nFROM build AS final\nEXPOSE 8080\n`, expect: ['4:6-4:11'] },
  ]);

  ruleTable({ ...sdkFinalStage, id: sdkFinalStage.id, check: context => sdkFinalStage.check(context).filter(f => !f.fixes?.length) }, [
    { name: 'no fix: ENV before the publish would be lost', dockerfile: singleStage(`${mcr}/sdk:10.0`, 'ENV ASPNETCORE_URLS=http://+:5000\n'), expect: ['1:6-1:39'] },
    { name: 'no fix: a RUN after the publish may need the SDK', dockerfile: singleStage(`${mcr}/sdk:10.0`, '', 'RUN dotnet tool install -g dotnet-ef\n'), expect: ['1:6-1:39'] },
    { name: 'no fix: the final stage builds itself', dockerfile: `FROM ${mcr}/sdk:10.0 AS build\nCOPY . .\nFROM build AS final\nRUN dotnet publish -o /app\nENTRYPOINT ["dotnet", "/app/App.dll"]\n`, expect: ['3:6-3:11'] },
    { name: 'no fix: dotnet run', dockerfile: `FROM ${mcr}/sdk:10.0\nCOPY . .\nENTRYPOINT ["dotnet", "run"]\n`, expect: ['1:6-1:39'] },
    { name: 'no fix: no -o, so the output is not known', dockerfile: `FROM ${mcr}/sdk:10.0\nCOPY . .\nRUN dotnet publish -c Release\nENTRYPOINT ["dotnet", "bin/Release/net10.0/publish/App.dll"]\n`, expect: ['1:6-1:39'] },
    { name: 'no fix: a quoted output path with a space', dockerfile: `FROM ${mcr}/sdk:10.0\nCOPY . .\nRUN dotnet publish -o "/my app"\nENTRYPOINT ["dotnet", "/my app/App.dll"]\n`, expect: ['1:6-1:39'] },
    { name: 'no fix: FROM build with a USER set in build', dockerfile: fromBuild('').replace('COPY . .\n', 'COPY . .\nUSER app\n'), expect: ['7:6-7:11'] },
    { name: 'no fix: a FROM image taken from an ARG', dockerfile: `ARG SDK=${mcr}/sdk:10.0\nFROM \${SDK} AS build\nRUN dotnet publish -o /app\nFROM \${SDK}\nCOPY --from=build /app /app\nENTRYPOINT ["dotnet", "/app/App.dll"]\n`, expect: ['4:6-4:12'] },
  ]);

  fixTable(sdkFinalStage, [
    { name: 'split a single stage (console by default)', dockerfile: singleStage(`${mcr}/sdk:10.0`), fix: 'Use runtime:10.0', expected: split(`${mcr}/sdk:10.0`, `${mcr}/runtime:10.0`) },
    { name: 'split a single stage onto aspnet', dockerfile: singleStage(`${mcr}/sdk:10.0`), fix: 'Use aspnet:10.0', expected: split(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`) },
    {
      name: 'a web project goes to aspnet; what follows the publish configures the runtime stage',
      dockerfile: singleStage(`${mcr}/sdk:10.0-alpine`, '', 'EXPOSE 8080\n'),
      files: web,
      fix: 'Use aspnet:10.0-alpine',
      expected: split(`${mcr}/sdk:10.0-alpine`, `${mcr}/aspnet:10.0-alpine`, 'EXPOSE 8080\n'),
    },
    {
      name: 'a named single stage keeps its name',
      dockerfile: singleStage(`${mcr}/sdk:10.0 AS app`),
      fix: 'Use runtime:10.0',
      expected: split(`${mcr}/sdk:10.0 AS app`, `${mcr}/runtime:10.0`).replace(' AS app AS build', ' AS app').replace('--from=build', '--from=app'),
    },
    {
      name: 'FROM build becomes the runtime image with the output copied',
      dockerfile: fromBuild('WORKDIR /src/out\n'),
      files: web,
      fix: 'Use aspnet:10.0',
      expected: fromBuild('WORKDIR /src/out\n').replace('FROM build AS final', `FROM ${mcr}/aspnet:10.0 AS final\nWORKDIR /src\nCOPY --from=build /src/out /src/out`),
    },
    {
      name: 'FROM build at the root directory copies the output only',
      dockerfile: `FROM ${mcr}/sdk:10.0 AS build\nCOPY . .\nRUN dotnet publish App.csproj -o /app\nFROM build\nENTRYPOINT ["dotnet", "/app/App.dll"]\n`,
      files: web,
      fix: 'Use aspnet:10.0',
      expected: `FROM ${mcr}/sdk:10.0 AS build\nCOPY . .\nRUN dotnet publish App.csproj -o /app\nFROM ${mcr}/aspnet:10.0\nCOPY --from=build /app /app\nENTRYPOINT ["dotnet", "/app/App.dll"]\n`,
    },
    {
      name: 'a split keeps relative paths working: the runtime stage starts in the publish\'s directory',
      dockerfile: `FROM ${mcr}/sdk:10.0\nWORKDIR /src\nCOPY . .\nRUN ["dotnet", "publish", "-o", "out"]\nWORKDIR out\nENTRYPOINT ["dotnet", "App.dll"]\n`,
      fix: 'Use runtime:10.0',
      expected: `FROM ${mcr}/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nRUN ["dotnet", "publish", "-o", "out"]\n\nFROM ${mcr}/runtime:10.0\nWORKDIR /src\nCOPY --from=build /src/out /src/out\nWORKDIR out\nENTRYPOINT ["dotnet", "App.dll"]\n`,
    },
    {
      name: 'the runtime image is on the version the project targets, not the SDK\'s',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/sdk:10.0-alpine`),
      files: webProject('net9.0'),
      fix: 'Use aspnet:9.0-alpine',
      expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:9.0-alpine`),
    },
    {
      name: 'a self-contained app goes to runtime-deps',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/sdk:10.0-noble`),
      files: selfContained,
      fix: 'Use runtime-deps:10.0-noble',
      expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/runtime-deps:10.0-noble`),
    },
    {
      name: 'the AOT SDK variant maps to a runtime-deps variant that exists',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/sdk:10.0-noble-aot`),
      files: selfContained,
      fix: 'Use runtime-deps:10.0-noble',
      expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/runtime-deps:10.0-noble`),
    },
  ]);
});
