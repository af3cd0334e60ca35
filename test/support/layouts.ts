import { csproj } from './fileTree';

/** Project layouts shared by the generator's golden tests and its end-to-end builds. */
export interface Layout {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  /** The app project, relative to the layout root. */
  readonly app: string;
}

const program = {
  web: 'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/", () => "Hello from a container");\napp.Run();\n',
  console: 'Console.WriteLine("Hello from a container");\n',
};

const sln = (projects: string[]) => [
  'Microsoft Visual Studio Solution File, Format Version 12.00',
  ...projects.flatMap((p, i) => [`Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "${p.split('\\').pop()!.replace('.csproj', '')}", "${p}", "{00000000-0000-0000-0000-00000000000${i}}"`, 'EndProject']),
  'Global', 'EndGlobal', '',
].join('\r\n');

export const layouts: readonly Layout[] = [
  { name: 'web', app: 'Web/Web.csproj', files: { 'Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }), 'Web/Program.cs': program.web } },
  { name: 'webapi', app: 'Api/Api.csproj', files: { 'Api/Api.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', Nullable: 'enable' }), 'Api/Program.cs': program.web } },
  { name: 'worker', app: 'Worker/Worker.csproj', files: { 'Worker/Worker.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }), 'Worker/Program.cs': program.console } },
  { name: 'console', app: 'Tool/Tool.csproj', files: { 'Tool/Tool.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0' }), 'Tool/Program.cs': program.console } },
  {
    name: 'libraries three levels deep',
    app: 'src/Web/Web.csproj',
    files: {
      'Shop.sln': sln(['src\\Web\\Web.csproj', 'src\\Core\\Core.csproj', 'src\\Data\\Data.csproj', 'src\\Common\\Common.csproj']),
      'src/Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Core\\Core.csproj" /></ItemGroup>\n'),
      'src/Web/Program.cs': program.web,
      'src/Core/Core.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Data\\Data.csproj" /></ItemGroup>\n'),
      'src/Data/Data.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Common\\Common.csproj" /></ItemGroup>\n'),
      'src/Common/Common.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }),
    },
  },
  {
    name: 'TFM from Directory.Build.props',
    app: 'App/App.csproj',
    files: { 'Directory.Build.props': '<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n', 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', {}), 'App/Program.cs': program.web },
  },
  { name: 'TFM through a property', app: 'App/App.csproj', files: { 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { NetVersion: '10.0', TargetFramework: 'net$(NetVersion)' }), 'App/Program.cs': program.web } },
  { name: 'multi-targeting', app: 'App/App.csproj', files: { 'App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFrameworks: 'net8.0;net10.0' }), 'App/Program.cs': program.console } },
  { name: 'AssemblyName override', app: 'App/App.csproj', files: { 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', AssemblyName: 'Contoso.Storefront' }), 'App/Program.cs': program.web } },
  { name: 'Native AOT', app: 'App/App.csproj', files: { 'App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', PublishAot: 'true', InvariantGlobalization: 'true' }), 'App/Program.cs': program.console } },
  { name: 'self-contained', app: 'App/App.csproj', files: { 'App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', SelfContained: 'true' }), 'App/Program.cs': program.console } },
  { name: 'invariant globalization', app: 'App/App.csproj', files: { 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', InvariantGlobalization: 'true' }), 'App/Program.cs': program.web } },
  { name: 'path with spaces', app: 'My Shop/Web App/Web App.csproj', files: { 'My Shop/Web App/Web App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }), 'My Shop/Web App/Program.cs': program.web } },
  {
    name: 'gRPC app linking a proto from a sibling',
    app: 'StockWeb/StockWeb.csproj',
    files: {
      'Stocks.sln': sln(['StockData\\StockData.csproj', 'StockWeb\\StockWeb.csproj']),
      'StockData/StockData.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <ItemGroup><Protobuf Include="Protos\\stocks.proto" GrpcServices="Server" /><PackageReference Include="Grpc.AspNetCore" Version="2.85.0" /></ItemGroup>\n'),
      'StockData/Protos/stocks.proto': 'syntax = "proto3";\n',
      'StockWeb/StockWeb.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <ItemGroup><Protobuf Include="..\\StockData\\Protos\\stocks.proto" GrpcServices="Client" Link="Protos\\stocks.proto" /></ItemGroup>\n'),
    },
  },
  {
    name: 'gRPC service',
    app: 'StockData/StockData.csproj',
    files: {
      'StockData/StockData.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <ItemGroup><Protobuf Include="Protos\\stocks.proto" GrpcServices="Server" /><PackageReference Include="Grpc.AspNetCore" Version="2.85.0" /></ItemGroup>\n'),
      'StockData/Protos/stocks.proto': 'syntax = "proto3";\n',
    },
  },
  {
    name: 'two apps in one solution',
    app: 'Frontend/Frontend.csproj',
    files: {
      'Two.sln': sln(['Frontend\\Frontend.csproj', 'Backend\\Backend.csproj', 'Shared\\Shared.csproj']),
      'Directory.Packages.props': '<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup></Project>\n',
      'Frontend/Frontend.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Shared\\Shared.csproj" /></ItemGroup>\n'),
      'Frontend/Program.cs': program.web,
      'Backend/Backend.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Shared\\Shared.csproj" /></ItemGroup>\n'),
      'Shared/Shared.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }),
    },
  },
  { name: 'net6.0 app', app: 'Legacy/Legacy.csproj', files: { 'Legacy/Legacy.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net6.0' }), 'Legacy/Program.cs': program.web } },
  { name: 'net8.0 app past end of support', app: 'App/App.csproj', files: { 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net8.0' }), 'App/Program.cs': program.web } },
  { name: 'container properties', app: 'Api/Api.csproj', files: { 'Api/Api.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', ContainerRepository: 'contoso/orders-api', ContainerImageTags: '2.1.0;latest', Version: '2.1.0' }, '  <ItemGroup><ContainerPort Include="5000" Type="tcp" /></ItemGroup>\n'), 'Api/Program.cs': program.web } },
  // A globalapp-shaped tool: trimmed and single-file, so `dotnet publish -a` writes a self-contained executable
  // (runtime-deps image, `./GlobalApp`); with `UseAppHost=false` the publish would fail with NETSDK1098.
  {
    name: 'trimmed single-file tool',
    app: 'GlobalApp/GlobalApp.csproj',
    files: {
      'GlobalApp/GlobalApp.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', PublishTrimmed: 'true', PublishSingleFile: 'true', RuntimeIdentifiers: 'linux-x64;linux-arm64' }),
      'GlobalApp/Program.cs': 'System.Console.WriteLine($"globalapp: {(args.Length > 0 ? args[0] : "ready")} on {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}");\n',
    },
  },
  // A worker whose library brings ASP.NET Core (FrameworkReference) and serves HTTP: it needs the aspnet image.
  {
    name: 'worker getting ASP.NET Core through a library',
    app: 'Status/Status.csproj',
    files: {
      'Status.sln': sln(['Status\\Status.csproj', 'Hosting\\Hosting.csproj']),
      'Status/Status.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Hosting\\Hosting.csproj" /></ItemGroup>\n'),
      'Status/Program.cs': 'Hosting.StatusHost.Run(args, "status: running");\n',
      'Hosting/Hosting.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }, '  <ItemGroup><FrameworkReference Include="Microsoft.AspNetCore.App" /></ItemGroup>\n'),
      'Hosting/StatusHost.cs': [
        'using Microsoft.AspNetCore.Builder;',
        'using Microsoft.AspNetCore.Http;',
        'namespace Hosting;',
        'public static class StatusHost',
        '{',
        '    public static void Run(string[] args, string status)',
        '    {',
        '        var app = WebApplication.CreateBuilder(args).Build();',
        '        app.MapGet("/", () => Results.Text(status));',
        '        app.Run();',
        '    }',
        '}',
        '',
      ].join('\n'),
    },
  },
  // The target framework and the package versions come from Directory.Packages.props, which restore needs too.
  {
    name: 'TFM from Directory.Packages.props',
    app: 'src/Cli/Cli.csproj',
    files: {
      'Directory.Packages.props': '<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageVersion Include="Humanizer.Core" Version="2.14.1" />\n  </ItemGroup>\n</Project>\n',
      'src/Cli/Cli.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe' }, '  <ItemGroup><PackageReference Include="Humanizer.Core" /></ItemGroup>\n'),
      'src/Cli/Program.cs': 'using Humanizer;\nSystem.Console.WriteLine($"packages: {"central package versions".Titleize()}");\n',
    },
  },
  // A lock file in locked mode pinning an older version than the project's floating one would get (Humanizer.Core
  // 2.14.1 against "*", 3.x): restore must read it, and can only for no runtime identifier (its only section).
  // The content hash is the package's own, as `dotnet restore` wrote it.
  {
    name: 'packages lock file in locked mode',
    app: 'Locked/Locked.csproj',
    files: {
      'Locked/Locked.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', RestorePackagesWithLockFile: 'true', RestoreLockedMode: 'true' },
        '  <ItemGroup><PackageReference Include="Humanizer.Core" Version="*" /></ItemGroup>\n'),
      'Locked/packages.lock.json': `${JSON.stringify({
        version: 1,
        dependencies: { 'net10.0': { 'Humanizer.Core': { type: 'Direct', requested: '[*, )', resolved: '2.14.1', contentHash: 'lQKvtaTDOXnoVJ20ibTuSIOf2i0uO0MPbDhd1jm238I+U/2ZnRENj0cktKZhtchBMtCUSRQ5v4xBCUbKNmyVMw==' } } },
      }, null, 2)}\n`,
      'Locked/Program.cs': 'using Humanizer;\nSystem.Console.WriteLine($"{"locked package versions".Titleize()}: Humanizer {typeof(InflectorExtensions).Assembly.GetName().Version}");\n',
    },
  },
  // elsa-core's shape: a Directory.Build.props adds a package only where a project has a folder (Exists()), which a
  // restore layer of project files alone does not have; the code in that folder needs the package.
  {
    name: 'package added by an Exists() condition',
    app: 'Shop/Shop.csproj',
    files: {
      'Directory.Build.props': '<Project>\n  <ItemGroup Condition="Exists(\'$(MSBuildProjectDirectory)/Features\')">\n    <PackageReference Include="Humanizer.Core" Version="2.14.1" />\n  </ItemGroup>\n</Project>\n',
      'Shop/Shop.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0' }),
      'Shop/Features/Titles.cs': 'using Humanizer;\npublic static class Titles { public static string Of(string text) => text.Titleize(); }\n',
      'Shop/Program.cs': 'System.Console.WriteLine($"features: {Titles.Of("packages from a condition")}");\n',
    },
  },
  // An Azure Functions isolated worker runs on the Functions host image, not on aspnet.
  {
    name: 'Azure Functions isolated worker',
    app: 'Functions/Functions.csproj',
    files: {
      'Functions/Functions.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0', AzureFunctionsVersion: 'v4', OutputType: 'Exe' },
        '  <ItemGroup>\n    <PackageReference Include="Microsoft.Azure.Functions.Worker" Version="2.51.0" />\n    <PackageReference Include="Microsoft.Azure.Functions.Worker.Sdk" Version="2.0.7" />\n  </ItemGroup>\n'),
      'Functions/Program.cs': 'using Microsoft.Extensions.Hosting;\nnew HostBuilder().ConfigureFunctionsWorkerDefaults().Build().Run();\n',
      'Functions/host.json': '{ "version": "2.0" }\n',
    },
  },
];
