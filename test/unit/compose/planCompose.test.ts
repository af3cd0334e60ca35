import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runCliCommand } from '../../../src/cli/main';
import { composeCandidates, planCompose, serviceName } from '../../../src/core/compose/planCompose';

const now = new Date('2026-12-05T00:00:00Z');
const sample = path.resolve(__dirname, '../../../../samples/StockKube');

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), content);
  }
}

const launch = (urls: string) => JSON.stringify({ profiles: { https: { commandName: 'Project', applicationUrl: urls }, Docker: { commandName: 'Docker' } } });
const web = (extra = '') => `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>${extra}</Project>`;

/**
 * A solution laid out unlike StockKube (written here, modelled on eShop-style repositories): apps under src/,
 * dotted names, https-first launch profiles, a gRPC service whose HTTP/2 setting is only in Development, a URL
 * with a path, a database connection string that is not an app, an Aspire AppHost, a test project, a library and
 * one app that has its own Dockerfile.
 */
const holdout: Record<string, string> = {
  'Shop.sln': [
    'Microsoft Visual Studio Solution File, Format Version 12.00',
    ...['src/Catalog.Api/Catalog.Api.csproj', 'src/Web.Storefront/Web.Storefront.csproj', 'src/Ordering.Grpc/Ordering.Grpc.csproj',
      'src/Shop.AppHost/Shop.AppHost.csproj', 'src/Shop.Core/Shop.Core.csproj', 'tests/Catalog.Tests/Catalog.Tests.csproj']
      .map((p, i) => `Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "${path.basename(p, '.csproj')}", "${p.replace(/\//g, '\\')}", "{0000000${i}-0000-0000-0000-000000000000}"\nEndProject`),
  ].join('\n'),
  'src/Catalog.Api/Catalog.Api.csproj': web('<ItemGroup><ProjectReference Include="..\\Shop.Core\\Shop.Core.csproj" /></ItemGroup>'),
  'src/Catalog.Api/Properties/launchSettings.json': launch('https://localhost:7101;http://localhost:5101'),
  'src/Catalog.Api/appsettings.json': '{ // comments, as .NET allows\n "ConnectionStrings": { "Db": "Host=localhost;Port=5432;Password=hunter2" },\n}',
  'src/Web.Storefront/Web.Storefront.csproj': web(),
  'src/Web.Storefront/Properties/launchSettings.json': launch('http://localhost:5200'),
  'src/Web.Storefront/appsettings.json': JSON.stringify({ Services: { Catalog: 'https://localhost:7101/api/v1/', Unknown: 'http://localhost:9999' } }),
  'src/Web.Storefront/appsettings.Development.json': JSON.stringify({ Services: { Ordering: 'http://localhost:5300' } }),
  'src/Ordering.Grpc/Ordering.Grpc.csproj': web(),
  'src/Ordering.Grpc/Properties/launchSettings.json': launch('http://localhost:5300'),
  'src/Ordering.Grpc/appsettings.Development.json': JSON.stringify({ Kestrel: { EndpointDefaults: { Protocols: 'Http2' } } }),
  // Its own Dockerfile, built from the repository root, listening on 5000.
  'src/Ordering.Grpc/Dockerfile': [
    'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build', 'WORKDIR /src', 'COPY src/Ordering.Grpc/Ordering.Grpc.csproj src/Ordering.Grpc/',
    'RUN dotnet restore src/Ordering.Grpc/Ordering.Grpc.csproj', 'COPY . .', 'RUN dotnet publish src/Ordering.Grpc/Ordering.Grpc.csproj -o /app',
    'FROM mcr.microsoft.com/dotnet/aspnet:10.0', 'ENV ASPNETCORE_HTTP_PORTS=5000', 'WORKDIR /app', 'COPY --from=build /app .', 'ENTRYPOINT ["dotnet", "Ordering.Grpc.dll"]', '',
  ].join('\n'),
  'src/Shop.AppHost/Shop.AppHost.csproj': '<Project Sdk="Microsoft.NET.Sdk"><Sdk Name="Aspire.AppHost.Sdk" Version="9.5.0" /><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>',
  'src/Shop.Core/Shop.Core.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>',
  'tests/Catalog.Tests/Catalog.Tests.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework><IsTestProject>true</IsTestProject><OutputType>Exe</OutputType></PropertyGroup></Project>',
};

describe('Compose for a solution', () => {
  let root: string;
  beforeEach(async () => { root = await fs.mkdtemp(path.join(os.tmpdir(), 'dc compose \'$(x)\' ')); });
  afterEach(async () => { await fs.rm(root, { recursive: true, force: true }); });

  it('StockKube: two services, StockWeb pointed at StockData by its service name, ports from the launch profiles', async () => {
    await fs.cp(sample, root, { recursive: true, filter: source => !/[\\/](bin|obj)$/.test(source) && !/Dockerfile$|\.dockerignore$/.test(source) });
    const plan = planCompose(root, { now });
    assert.ok(plan.ok, !plan.ok ? plan.message : '');
    assert.deepEqual(plan.warnings, []);
    const compose = parse(plan.file.content);
    assert.deepEqual(Object.keys(compose.services), ['stockdata', 'stockweb']);
    assert.deepEqual(compose.services.stockdata.build, { context: '.', dockerfile: 'StockData/Dockerfile' });
    assert.deepEqual(compose.services.stockdata.ports, ['5001:8080']);
    assert.deepEqual(compose.services.stockweb.ports, ['5000:8080']);
    assert.deepEqual(compose.services.stockweb.environment, { StockData__Address: 'http://stockdata:8080' });
    assert.deepEqual(compose.services.stockweb.depends_on, ['stockdata']);
    assert.equal(compose.services.stockdata.environment, undefined, 'HTTP/2 is in appsettings.json, which the image has');
    // What was inferred, and from which file, is said beside it.
    assert.match(plan.file.content, /# StockData:Address in StockWeb\/appsettings\.json is http:\/\/localhost:5001, where StockData listens \(StockData\/Properties\/launchSettings\.json, profile "http"\)\n\s+StockData__Address: "http:\/\/stockdata:8080"/);
    // Quoted: docker-compose v1 reads YAML 1.1, where 50:80 would be a base-60 number.
    assert.match(plan.file.content, /- "5001:8080"/);
    assert.deepEqual(plan.supportFiles.map(f => path.relative(root, f.path)).sort(), ['.dockerignore', 'StockData/Dockerfile', 'StockWeb/Dockerfile']);
  });

  it('a layout unlike the sample: apps under src/, https profiles, a path in the URL, Development-only HTTP/2, an existing Dockerfile', async () => {
    await writeTree(root, holdout);
    const candidates = composeCandidates(path.join(root, 'Shop.sln'));
    assert.ok(candidates.ok);
    assert.deepEqual(Object.fromEntries(candidates.projects.map(p => [p.name, p.leftOut ?? 'app'])), {
      'Catalog.Api': 'app', 'Web.Storefront': 'app', 'Ordering.Grpc': 'app',
      'Shop.AppHost': 'an Aspire AppHost orchestrates the services during development; it is not one',
      'Shop.Core': 'a class library', 'Catalog.Tests': 'a test project',
    });
    const plan = planCompose(path.join(root, 'Shop.sln'), { now });
    assert.ok(plan.ok, !plan.ok ? plan.message : '');
    const compose = parse(plan.file.content);
    assert.deepEqual(Object.keys(compose.services), ['catalog-api', 'web-storefront', 'ordering-grpc']);
    // The http endpoint is the host port, even when https comes first.
    assert.deepEqual(compose.services['catalog-api'].ports, ['5101:8080']);
    assert.deepEqual(compose.services['web-storefront'].environment, {
      // Ordering's address is only in Development: the container (Production) needs it from the environment.
      Services__Catalog: 'http://catalog-api:8080/api/v1/',
      Services__Ordering: 'http://ordering-grpc:5000',
    });
    assert.match(plan.file.content, /# Services:Catalog in src\/Web\.Storefront\/appsettings\.json is https:\/\/localhost:7101\/api\/v1\/, where Catalog\.Api listens .*; the container serves plain HTTP/);
    assert.deepEqual(compose.services['web-storefront'].depends_on, ['catalog-api', 'ordering-grpc']);
    // The existing Dockerfile is used as it is: its context (the root, from its COPY lines) and its port.
    assert.deepEqual(compose.services['ordering-grpc'].build, { context: '.', dockerfile: 'src/Ordering.Grpc/Dockerfile' });
    assert.deepEqual(compose.services['ordering-grpc'].ports, ['5300:5000']);
    assert.deepEqual(compose.services['ordering-grpc'].environment, { Kestrel__EndpointDefaults__Protocols: 'Http2' });
    assert.ok(!plan.supportFiles.some(f => f.path.endsWith(path.join('Ordering.Grpc', 'Dockerfile'))), 'an existing Dockerfile is never rewritten');
    // The connection string to a database is not an app of the solution: left alone, and never copied anywhere.
    assert.doesNotMatch(plan.file.content, /hunter2|5432/);
  });

  it('says which settings files cannot be read, by line and column, without quoting them', async () => {
    await writeTree(root, {
      ...holdout,
      'src/Web.Storefront/appsettings.json': '{ "Services": { "Catalog": "https://localhost:7101/" }, "ApiKey": "sk_live_4f9a8b7c6d" oops }',
      'src/Catalog.Api/Properties/launchSettings.json': '{ "profiles": { "x": { "password": "sk_live_4f9a8b7c6d" ',
    });
    const plan = planCompose(path.join(root, 'Shop.sln'), { now });
    assert.ok(plan.ok);
    const warnings = plan.warnings.join('\n');
    assert.match(warnings, /Web\.Storefront[\\/]appsettings\.json: not valid JSON at line 1, column \d+; its settings are not wired/);
    assert.match(warnings, /launchSettings\.json: not valid JSON at line 1, column \d+; catalog-api gets no host port from it/);
    assert.doesNotMatch(warnings + plan.file.content, /sk_live|oops/);
  });

  it('names services as DNS labels, each once', () => {
    assert.equal(serviceName('StockData'), 'stockdata');
    assert.equal(serviceName('Shop.Web_Api'), 'shop-web-api');
    assert.equal(serviceName('..'), 'app');
    assert.equal(serviceName('x'.repeat(80)).length, 63);
  });

  it('the CLI writes compose.yaml and the missing Dockerfiles, keeps a different compose.yaml without --force, and refuses unknown projects', async () => {
    await writeTree(root, holdout);
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCliCommand(['compose', ...args], { out: t => out.push(t), err: t => err.push(t), now, env: { ...process.env, PATH: '' } });
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    const unknown = await cli(root, '--projects', 'Nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--projects: Nope is not a project of Shop\.sln/);
    const library = await cli(root, '--projects', 'Shop.Core');
    assert.equal(library.code, 2);
    assert.match(library.stderr, /Shop\.Core cannot be a service: a class library/);

    const written = await cli(root, '--projects', 'Catalog.Api,Web.Storefront');
    assert.equal(written.code, 0, written.stderr);
    const compose = parse(await fs.readFile(path.join(root, 'compose.yaml'), 'utf8'));
    assert.deepEqual(Object.keys(compose.services), ['catalog-api', 'web-storefront']);
    // Only the chosen apps are wired: Ordering is not a service here.
    assert.deepEqual(compose.services['web-storefront'].environment, { Services__Catalog: 'http://catalog-api:8080/api/v1/' });
    await fs.access(path.join(root, 'src/Catalog.Api/Dockerfile'));

    await fs.writeFile(path.join(root, 'compose.yaml'), 'services: {}\n');
    const kept = await cli(root);
    assert.equal(kept.code, 1);
    assert.match(kept.stderr, /compose\.yaml exists and differs; nothing was written/);
    assert.equal(await fs.readFile(path.join(root, 'compose.yaml'), 'utf8'), 'services: {}\n');
    const forced = await cli(root, '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(Object.keys(parse(await fs.readFile(path.join(root, 'compose.yaml'), 'utf8')).services), ['catalog-api', 'web-storefront', 'ordering-grpc']);
  });

  it('refuses a solution with no app, saying what each project is', async () => {
    await writeTree(root, { 'Lib.sln': 'Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Lib", "Lib\\Lib.csproj", "{00000000-0000-0000-0000-000000000000}"\nEndProject', 'Lib/Lib.csproj': holdout['src/Shop.Core/Shop.Core.csproj']! });
    const plan = planCompose(root, { now });
    assert.ok(!plan.ok);
    assert.match(plan.message, /Lib\.sln has no app to run in a container: Lib \(a class library\)/);
  });
});
