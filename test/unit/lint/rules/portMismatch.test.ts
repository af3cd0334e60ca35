import { portMismatch } from '../../../../src/core/lint/rules/portMismatch';
import { csproj } from '../../../support/fileTree';
import { dotnetDockerfile } from '../../../support/dotnetDockerfile';
import { fixTable, ruleTable } from '../../../support/lintTable';

const mcr = 'mcr.microsoft.com/dotnet';
const web = (tfm = 'net10.0', extra = '') => ({ 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: tfm }, extra) });
const containerPort = (port: number) => web('net10.0', `  <ItemGroup><ContainerPort Include="${port}" Type="tcp" /></ItemGroup>\n`);
const tool = { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0' }) };

const dockerfile = (settings: string, final = `${mcr}/aspnet:10.0`) => dotnetDockerfile(settings, final, { beforeEntrypoint: 'USER $APP_UID\n' });

describe('rule dotnet/port-mismatch', function () {
  ruleTable(portMismatch, [
    { name: 'EXPOSE 80 on a .NET 10 image, which listens on 8080', files: web(), dockerfile: dockerfile('EXPOSE 80'), expect: ['8:8-8:10'], message: ['EXPOSE 80', '8080', 'expose 8080'] },
    { name: 'EXPOSE 8080 on a .NET 6 image, which listens on 80', files: web('net6.0'), dockerfile: dockerfile('EXPOSE 8080', `${mcr}/aspnet:6.0`), expect: ['8:8-8:12'], message: ['expose 80'] },
    { name: 'ASPNETCORE_HTTP_PORTS moves the app away from the EXPOSEd port', files: web(), dockerfile: dockerfile('ENV ASPNETCORE_HTTP_PORTS=5000\nEXPOSE 8080'), expect: ['9:8-9:12'], message: ['5000 (ASPNETCORE_HTTP_PORTS)'] },
    { name: 'ASPNETCORE_URLS moves the app', files: web(), dockerfile: dockerfile('ENV ASPNETCORE_URLS=http://+:5000\nEXPOSE 8080'), expect: ['9:8-9:12'] },
    { name: 'ASPNETCORE_URLS beats ASPNETCORE_HTTP_PORTS', files: web(), dockerfile: dockerfile('ENV ASPNETCORE_HTTP_PORTS=8080 ASPNETCORE_URLS="http://*:5000"\nEXPOSE 8080'), expect: ['9:8-9:12'] },
    { name: 'the old 80/443 pair on .NET 8', files: web('net8.0'), dockerfile: dockerfile('EXPOSE 80\nEXPOSE 443', `${mcr}/aspnet:8.0`), expect: ['8:8-8:10', '9:8-9:11'] },
    { name: 'one instruction, two ports', files: web(), dockerfile: dockerfile('EXPOSE 80/tcp 443'), expect: ['8:8-8:10', '8:15-8:18'] },
    { name: 'ContainerPort in the project, not in the image', files: containerPort(5000), dockerfile: dockerfile('EXPOSE 5000'), expect: ['8:8-8:12'], message: ['ContainerPort is 5000', '8080'] },
    { name: 'ContainerPort against ASPNETCORE_HTTP_PORTS', files: containerPort(5000), dockerfile: dockerfile('ENV ASPNETCORE_HTTP_PORTS=8080'), expect: ['8:27-8:31'] },
    { name: 'ContainerPort with no EXPOSE and no ENV: reported on the image', files: containerPort(5000), dockerfile: dockerfile('LABEL x=y'), expect: ['6:6-6:42'] },
    {
      name: 'the EXPOSE in a base stage (FROM base AS final)',
      files: web(),
      dockerfile: `FROM ${mcr}/aspnet:10.0 AS base\nEXPOSE 80\nFROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish App.csproj -o /app\nFROM base AS final\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "App.dll"]\n`,
      expect: ['2:8-2:10'],
    },
    { name: 'a global ARG supplies the version', files: web('net8.0'), dockerfile: `ARG VERSION=8.0\n${dockerfile('EXPOSE 80', `${mcr}/aspnet:\${VERSION}`)}`, expect: ['9:8-9:10'] },
    { name: 'the --platform flag before the image', files: web(), dockerfile: dockerfile('EXPOSE 80', `--platform=linux/amd64 ${mcr}/aspnet:10.0`), expect: ['8:8-8:10'] },
    { name: 'no project: an aspnet image is taken as a web app', dockerfile: dockerfile('EXPOSE 80'), expect: ['8:8-8:10'] },
    { name: 'Kestrel on a Windows Server Core aspnet image (no IIS) listens on 8080', files: web(), dockerfile: dockerfile('EXPOSE 80', `${mcr}/aspnet:10.0-windowsservercore-ltsc2022`), expect: ['8:8-8:10'] },
    // Silent cases.
    // IIS listens on 80: EXPOSE 80 is right on its images, and where the Dockerfile installs or starts it.
    {
      name: 'a .NET Framework app on the framework aspnet image (IIS)',
      files: web(),
      dockerfile: `# escape=\`\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8.1 AS build\nWORKDIR /src\nCOPY . .\nRUN msbuild App.csproj /p:Configuration=Release /p:OutDir=C:\\out\n\nFROM mcr.microsoft.com/dotnet/framework/aspnet:4.8.1\nWORKDIR /inetpub/wwwroot\nCOPY --from=build /out/_PublishedWebsites/App .\nEXPOSE 80\n`,
      expect: [],
      noBacktickVariant: true,
    },
    { name: 'the Windows Server Core IIS image', files: web(), dockerfile: `FROM mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022\nCOPY publish/ /inetpub/wwwroot\nEXPOSE 80\n`, expect: [] },
    {
      name: 'IIS with the ASP.NET Core Module on a Windows aspnet image, started through ServiceMonitor',
      files: web(),
      dockerfile: `FROM ${mcr}/aspnet:10.0-windowsservercore-ltsc2022 AS final\nRUN powershell -Command Add-WindowsFeature Web-Server\nFROM ${mcr}/sdk:10.0-windowsservercore-ltsc2022 AS build\nWORKDIR /source\nCOPY . .\nRUN dotnet publish -o /app\nFROM final\nWORKDIR /inetpub/wwwroot\nCOPY --from=build /app .\nEXPOSE 80\nENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]\n`,
      expect: [],
    },
    { name: 'a base image that only EXPOSEs', files: web(), dockerfile: `FROM ${mcr}/aspnet:10.0\nEXPOSE 80\n`, expect: [] },
    { name: 'EXPOSE 8080 on .NET 10', files: web(), dockerfile: dockerfile('EXPOSE 8080'), expect: [] },
    { name: 'EXPOSE 80 on .NET 6', files: web('net6.0'), dockerfile: dockerfile('EXPOSE 80', `${mcr}/aspnet:6.0`), expect: [] },
    { name: 'the .NET 6 chiseled images already listened on 8080', files: web('net6.0'), dockerfile: dockerfile('EXPOSE 8080', `${mcr}/aspnet:6.0-jammy-chiseled`), expect: [] },
    { name: 'HTTP and HTTPS ports of the VS templates', files: web(), dockerfile: dockerfile('EXPOSE 8080\nEXPOSE 8081'), expect: [] },
    { name: 'the generator\'s HTTPS shape', files: web(), dockerfile: dockerfile('EXPOSE 8080\nEXPOSE 8081\nENV ASPNETCORE_URLS="https://+:8081;http://+:8080" \\\n    ASPNETCORE_Kestrel__Certificates__Default__Path=/https/aspnetapp.pfx'), expect: [] },
    { name: 'the generator\'s ContainerPort shape', files: containerPort(5000), dockerfile: dockerfile('EXPOSE 5000\nENV ASPNETCORE_HTTP_PORTS=5000'), expect: [] },
    { name: 'an EXPOSE range that covers the port', files: web(), dockerfile: dockerfile('EXPOSE 8000-8100'), expect: [] },
    { name: 'a UDP port is not Kestrel\'s', files: web(), dockerfile: dockerfile('EXPOSE 8080\nEXPOSE 53/udp'), expect: [] },
    { name: 'Kestrel endpoints from configuration', files: web(), dockerfile: dockerfile('ENV Kestrel__Endpoints__Http__Url=http://+:80\nEXPOSE 80'), expect: [] },
    { name: '--urls on the command line', files: web(), dockerfile: `${dockerfile('EXPOSE 80')}CMD ["--urls", "http://+:80"]\n`, expect: [] },
    // Jellyfin binds its own port in code, in a folder below the project's: the Dockerfile's ports do not decide.
    {
      name: 'the app sets its Kestrel endpoints in code',
      files: { ...web(), 'Extensions/WebHostBuilderExtensions.cs': 'public static class Hosting {\n  public static void Bind(KestrelServerOptions options) => options.Listen(System.Net.IPAddress.Any, 8096);\n}\n' },
      dockerfile: dockerfile('EXPOSE 8096'),
      expect: [],
    },
    { name: 'the app sets its endpoints in appsettings.json', files: { ...web(), 'appsettings.json': '{ "Kestrel": { "Endpoints": { "Http": { "Url": "http://0.0.0.0:5000" } } } }\n' }, dockerfile: dockerfile('EXPOSE 5000'), expect: [] },
    { name: 'EndpointDefaults only (the protocol, not the address): still judged', files: { ...web(), 'appsettings.json': '{ "Kestrel": { "EndpointDefaults": { "Protocols": "Http2" } } }\n' }, dockerfile: dockerfile('EXPOSE 5000'), expect: ['8:8-8:12'] },
    { name: 'the same code under bin/ is not the app\'s', files: { ...web(), 'bin/Debug/Generated.cs': 'class G { void M(KestrelServerOptions o) => o.ListenAnyIP(8096); }\n' }, dockerfile: dockerfile('EXPOSE 8096'), expect: ['8:8-8:12'] },
    // Smartstore's shape: the command line's URLs win over the image's 8080 and any ENV, and nothing listens on 443.
    {
      name: '--urls in the ENTRYPOINT, EXPOSE of another port',
      files: web(),
      dockerfile: dockerfile('EXPOSE 443').replace('ENTRYPOINT ["dotnet", "App.dll"]', 'ENTRYPOINT ["dotnet", "App.dll", "--urls", "http://0.0.0.0:80"]'),
      expect: ['8:8-8:11'],
      message: ['80 (--urls on the command line)'],
    },
    {
      name: '--urls= beats ASPNETCORE_HTTP_PORTS',
      files: web(),
      dockerfile: dockerfile('ENV ASPNETCORE_HTTP_PORTS=8080\nEXPOSE 8080').replace('ENTRYPOINT ["dotnet", "App.dll"]', 'ENTRYPOINT ["dotnet", "App.dll", "--urls=http://+:5000"]'),
      expect: ['9:8-9:12'],
      message: ['5000 (--urls on the command line)'],
    },
    { name: '--urls with a variable: not known', files: web(), dockerfile: dockerfile('EXPOSE 443').replace('ENTRYPOINT ["dotnet", "App.dll"]', 'ENTRYPOINT dotnet App.dll --urls $URLS'), expect: [] },
    { name: 'a variable in the port setting', files: web(), dockerfile: dockerfile('ARG PORT=80\nENV ASPNETCORE_HTTP_PORTS=$PORT\nEXPOSE 80'), expect: [] },
    { name: 'no EXPOSE at all', files: web(), dockerfile: dockerfile('LABEL x=y'), expect: [] },
    { name: 'a console app', files: tool, dockerfile: dockerfile('EXPOSE 80', `${mcr}/runtime:10.0`), expect: [] },
    { name: 'no project on a runtime image', dockerfile: dockerfile('EXPOSE 80', `${mcr}/runtime:10.0`), expect: [] },
    { name: 'an unresolved variable in the image', files: web(), dockerfile: dockerfile('EXPOSE 80', `${mcr}/aspnet:\${TAG}`), expect: [] },
  ]);

  fixTable(portMismatch, [
    { name: 'expose the port the app listens on', files: web(), dockerfile: dockerfile('EXPOSE 80'), fix: 'Expose 8080 instead of 80', expected: dockerfile('EXPOSE 8080') },
    { name: 'one instruction, two ports: each fix names the port it replaces', files: web(), dockerfile: dockerfile('EXPOSE 80/tcp 443'), fix: 'Expose 8080 instead of 443', expected: dockerfile('EXPOSE 80/tcp 8080') },
    { name: 'expose the ASPNETCORE_HTTP_PORTS port', files: web(), dockerfile: dockerfile('ENV ASPNETCORE_HTTP_PORTS=5000\nEXPOSE 8080/tcp'), fix: 'Expose 5000 instead of 8080', expected: dockerfile('ENV ASPNETCORE_HTTP_PORTS=5000\nEXPOSE 5000/tcp') },
    { name: 'or listen on the exposed port', files: web(), dockerfile: dockerfile('ENV ASPNETCORE_HTTP_PORTS=5000\nEXPOSE 8080'), fix: 'Listen on port 8080 (ASPNETCORE_HTTP_PORTS)', expected: dockerfile('ENV ASPNETCORE_HTTP_PORTS=8080\nEXPOSE 8080') },
    { name: 'listen on the exposed port through ASPNETCORE_URLS', files: web(), dockerfile: dockerfile('ENV ASPNETCORE_URLS="http://+:5000"\nEXPOSE 8080'), fix: 'Listen on port 8080 (ASPNETCORE_URLS)', expected: dockerfile('ENV ASPNETCORE_URLS="http://+:8080"\nEXPOSE 8080') },
    { name: 'listen on an exposed high port: ENV added', files: web(), dockerfile: dockerfile('EXPOSE 5000'), fix: 'Listen on port 5000', expected: dockerfile('EXPOSE 5000\nENV ASPNETCORE_HTTP_PORTS=5000') },
    {
      name: 'listen on the exposed port through --urls',
      files: web(),
      dockerfile: dockerfile('EXPOSE 8080').replace('ENTRYPOINT ["dotnet", "App.dll"]', 'ENTRYPOINT ["dotnet", "App.dll", "--urls", "http://+:5000"]'),
      fix: 'Listen on port 8080 (--urls)',
      expected: dockerfile('EXPOSE 8080').replace('ENTRYPOINT ["dotnet", "App.dll"]', 'ENTRYPOINT ["dotnet", "App.dll", "--urls", "http://+:8080"]'),
    },
    { name: 'ContainerPort: the ENV goes after the EXPOSE', files: containerPort(5000), dockerfile: dockerfile('EXPOSE 5000'), fix: 'Listen on port 5000', expected: dockerfile('EXPOSE 5000\nENV ASPNETCORE_HTTP_PORTS=5000') },
    { name: 'ContainerPort: EXPOSE follows too', files: containerPort(5000), dockerfile: dockerfile('EXPOSE 8080'), fix: 'Listen on port 5000', expected: dockerfile('EXPOSE 5000\nENV ASPNETCORE_HTTP_PORTS=5000') },
    { name: 'ContainerPort: the ENV value changes', files: containerPort(5000), dockerfile: dockerfile('ENV ASPNETCORE_HTTP_PORTS=8080'), fix: 'Listen on port 5000 (ASPNETCORE_HTTP_PORTS)', expected: dockerfile('ENV ASPNETCORE_HTTP_PORTS=5000') },
    {
      name: 'ContainerPort on .NET 6: ASPNETCORE_URLS, as HTTP_PORTS did not exist',
      files: { 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net6.0' }, '  <ItemGroup><ContainerPort Include="5000" /></ItemGroup>\n') },
      dockerfile: dockerfile('EXPOSE 80', `${mcr}/aspnet:6.0`),
      fix: 'Listen on port 5000',
      expected: dockerfile('EXPOSE 5000\nENV ASPNETCORE_URLS=http://+:5000', `${mcr}/aspnet:6.0`),
    },
    {
      name: 'ContainerPort with no EXPOSE: the ENV goes after FROM',
      files: containerPort(5000),
      dockerfile: dockerfile('LABEL x=y'),
      fix: 'Listen on port 5000',
      expected: dockerfile('LABEL x=y').replace(`AS final\n`, 'AS final\nENV ASPNETCORE_HTTP_PORTS=5000\n'),
    },
    {
      name: 'CRLF file: the inserted line ends in CRLF',
      files: containerPort(5000),
      dockerfile: dockerfile('EXPOSE 5000').replace(/\n/g, '\r\n'),
      fix: 'Listen on port 5000',
      expected: dockerfile('EXPOSE 5000\nENV ASPNETCORE_HTTP_PORTS=5000').replace(/\n/g, '\r\n'),
    },
    {
      name: 'a last line without a line ending',
      files: containerPort(5000),
      dockerfile: `FROM ${mcr}/aspnet:10.0\nENTRYPOINT ["dotnet", "App.dll"]\nEXPOSE 5000`,
      fix: 'Listen on port 5000',
      expected: `FROM ${mcr}/aspnet:10.0\nENTRYPOINT ["dotnet", "App.dll"]\nEXPOSE 5000\nENV ASPNETCORE_HTTP_PORTS=5000`,
    },
  ]);
});
