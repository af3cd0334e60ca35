import { httpsPort } from '../../../../src/core/lint/rules/httpsPort';
import { allRules } from '../../../../src/core/lint/rules';
import { csproj } from '../../../support/fileTree';
import { dotnetDockerfile } from '../../../support/dotnetDockerfile';
import { fixTable, ruleTable } from '../../../support/lintTable';

const mcr = 'mcr.microsoft.com/dotnet';
const web = (tfm = 'net10.0', more: Record<string, string> = {}) => ({ 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: tfm }), ...more });
const dockerfile = (settings: string, final = `${mcr}/aspnet:10.0`) => dotnetDockerfile(settings, final, { beforeEntrypoint: 'USER $APP_UID\n' });

describe('rule dotnet/https-port', function () {
  ruleTable(httpsPort, [
    { name: 'EXPOSE 8080 443 on .NET 10: nothing listens on 443', files: web(), dockerfile: dockerfile('EXPOSE 8080 443'), expect: ['8:13-8:16'], message: ['nothing listens on 443', '8080 (the default of the aspnet:10.0 image)', 'remove 443'] },
    { name: 'the old 80/443 pair on .NET 6, where the image listens on 80', files: web('net6.0'), dockerfile: dockerfile('EXPOSE 80\nEXPOSE 443', `${mcr}/aspnet:6.0`), expect: ['9:8-9:11'], message: ['80 (the default of the aspnet:6.0 image)'] },
    { name: 'no project: an aspnet image serves HTTP', dockerfile: dockerfile('EXPOSE 8080\nEXPOSE 443/tcp'), expect: ['9:8-9:11'] },
    { name: 'on .NET 8 neither 80 nor 443 is served: dotnet/port-mismatch reports both, this rule neither', files: web('net8.0'), dockerfile: dockerfile('EXPOSE 80\nEXPOSE 443', `${mcr}/aspnet:8.0`), settings: { rules: allRules }, expect: [] },
    // The same 443 when dotnet/port-mismatch does not run: nothing else would say it.
    { name: 'dotnet/port-mismatch off: this rule reports the 443 it would have left to it', files: web('net8.0'), dockerfile: dockerfile('EXPOSE 80\nEXPOSE 443', `${mcr}/aspnet:8.0`), settings: { rules: allRules, severities: { 'dotnet/port-mismatch': 'off' } }, expect: ['9:8-9:11'], message: ['nothing listens on 443', '8080 (the default of the aspnet:8.0 image)'] },
    { name: 'dotnet/port-mismatch not among the rules run: the same', files: web('net8.0'), dockerfile: dockerfile('EXPOSE 80\nEXPOSE 443', `${mcr}/aspnet:8.0`), expect: ['9:8-9:11'] },
    { name: 'ASPNETCORE_HTTPS_PORTS serves 443', files: web(), dockerfile: dockerfile('ENV ASPNETCORE_HTTPS_PORTS=443\nEXPOSE 8080 443'), expect: [] },
    { name: 'an https URL on another port: HTTPS is set up', files: web(), dockerfile: dockerfile('ENV ASPNETCORE_URLS="https://+:8443;http://+:8080"\nEXPOSE 8080 443'), expect: [] },
    { name: 'a Kestrel certificate in the environment', files: web(), dockerfile: dockerfile('ENV ASPNETCORE_Kestrel__Certificates__Default__Path=/https/app.pfx\nEXPOSE 8080 443'), expect: [] },
    { name: 'Kestrel endpoints in appsettings.json', files: web('net10.0', { 'appsettings.json': '{ "Kestrel": { "Endpoints": { "Https": { "Url": "https://*:443" } } } }\n' }), dockerfile: dockerfile('EXPOSE 8080 443'), expect: [] },
    { name: 'Kestrel told to listen on 443 in code', files: web('net10.0', { 'Program.cs': 'builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(443, l => l.UseHttps()));\n' }), dockerfile: dockerfile('EXPOSE 8080 443'), expect: [] },
    // Read bounded, as on every keystroke: a source file over 512 KB (generated code) is not read, so its UseHttps is not seen.
    { name: 'UseHttps at the end of a 650 KB Program.cs is not read', files: web('net10.0', { 'Program.cs': `${'// generated\n'.repeat(50_000)}app.UseHttps();\n` }), dockerfile: dockerfile('EXPOSE 8080 443'), expect: ['8:13-8:16'] },
    { name: 'UseHttps in a Program.cs under 512 KB is read', files: web('net10.0', { 'Program.cs': `${'// generated\n'.repeat(30_000)}app.UseHttps();\n` }), dockerfile: dockerfile('EXPOSE 8080 443'), expect: [] },
    // dotnet-podcasts and elsa-core: https URLs of other services, not endpoints of this one.
    { name: 'an https URL in appsettings that is not an endpoint (an API\'s base URL) changes nothing', files: web('net10.0', { 'appsettings.json': '{ "Api": { "BaseUrl": "https://example.com" }, "Jwt": { "ValidAudiences": ["https://localhost:44385"] } }\n' }), dockerfile: dockerfile('EXPOSE 8080 443'), expect: ['8:13-8:16'] },
    { name: 'a certificate setting of another client (a string) is not Kestrel\'s', files: web('net10.0', { 'appsettings.json': '{ "store": { "mongoDb": { "certificate": "" } } }\n' }), dockerfile: dockerfile('EXPOSE 8080 443'), expect: ['8:13-8:16'] },
    // eShopOnContainers' Catalog.API binds 80 and 81 in code, neither HTTPS.
    {
      name: 'the app binds its own plain HTTP endpoints in code',
      files: web('net10.0', { 'Program.cs': 'var builder = WebApplication.CreateBuilder(args);\nbuilder.WebHost.ConfigureKestrel(options => { options.Listen(IPAddress.Any, 80); options.Listen(IPAddress.Any, 81); });\nbuilder.Build().Run();\n' }),
      dockerfile: dockerfile('EXPOSE 80 443'),
      expect: ['8:11-8:14'],
      message: ['the endpoints it binds itself (Listen in Program.cs)', 'no UseHttps, https URL or Kestrel certificate in its code or appsettings'],
    },
    {
      name: 'the app binds its own endpoints, one of them HTTPS, in a folder below',
      files: web('net10.0', { 'Hosting/Kestrel.cs': 'static class K { public static void Bind(KestrelServerOptions o) { o.ListenAnyIP(8080); o.ListenAnyIP(443, l => l.UseHttps()); } }\n' }),
      dockerfile: dockerfile('EXPOSE 8080 443'),
      expect: [],
    },
    // Smartstore: ENV ASPNETCORE_URLS has https, but the ENTRYPOINT's --urls overrides it.
    {
      name: '--urls in the command overrides an https ASPNETCORE_URLS',
      files: web(),
      dockerfile: dockerfile('EXPOSE 80 443\nENV ASPNETCORE_URLS="http://+:80;https://+:443"').replace('ENTRYPOINT ["dotnet", "App.dll"]', 'ENTRYPOINT ["dotnet", "App.dll", "--urls", "http://0.0.0.0:80"]'),
      expect: ['8:11-8:14'],
      message: ['--urls on the command line names no https URL'],
    },
    { name: 'urls with https in appsettings.json', files: web('net10.0', { 'appsettings.json': '{ "urls": "http://+:8080;https://+:443" }\n' }), dockerfile: dockerfile('EXPOSE 8080 443'), expect: [] },
    { name: 'https_port in appsettings.json', files: web('net10.0', { 'appsettings.Production.json': '{ "https_port": 443 }\n' }), dockerfile: dockerfile('EXPOSE 8080 443'), expect: [] },
    { name: 'appsettings without Kestrel or HTTPS changes nothing', files: web('net10.0', { 'appsettings.json': '{ "Logging": { "LogLevel": { "Default": "Information" } } }\n' }), dockerfile: dockerfile('EXPOSE 8080 443'), expect: ['8:13-8:16'] },
    { name: 'a worker serves no HTTP', files: { 'App.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }) }, dockerfile: dockerfile('EXPOSE 8080 443', `${mcr}/runtime:10.0`), expect: [] },
  ]);

  fixTable(httpsPort, [
    { name: 'the port leaves a shared EXPOSE', files: web(), dockerfile: dockerfile('EXPOSE 8080 443'), fix: 'Remove 443 from EXPOSE', expected: dockerfile('EXPOSE 8080') },
    { name: 'the first of two ports', files: web(), dockerfile: dockerfile('EXPOSE 443 8080'), fix: 'Remove 443 from EXPOSE', expected: dockerfile('EXPOSE 8080') },
    { name: 'an EXPOSE of 443 alone goes', files: web('net6.0'), dockerfile: dockerfile('EXPOSE 80\nEXPOSE 443', `${mcr}/aspnet:6.0`), fix: 'Remove 443 from EXPOSE', expected: dockerfile('EXPOSE 80', `${mcr}/aspnet:6.0`) },
  ]);
});
