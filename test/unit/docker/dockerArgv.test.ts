import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildArgv, checkRegistry, DockerArgumentError, loginArgv, parseImageName, parsePushDestination, pushPlan, repoDigestsArgv, runArgv } from '../../../src/core/docker/dockerArgv';
import { dockerfileTargets } from '../../../src/core/docker/dockerfileTargets';
import { csproj, removeTree, writeTree } from '../../support/fileTree';

const now = new Date('2026-11-23T00:00:00Z');
// Names people and tools really produce, plus the ones an attacker would try.
const hostile = ['My App', 'it\'s "quoted"', '$(touch pwned)', '`id`', 'a;b', 'x && y', 'Ünïcødé 应用', '-rf', '--privileged', 'new\nline', '*', '~root'];

describe('docker argv builders', function () {
  it('put every hostile path into exactly one argv element, unchanged', function () {
    for (const name of hostile) {
      const dir = `/work/${name}/src`;
      const argv = buildArgv({ dockerfile: `${dir}/Dockerfile`, context: dir, image: 'app:1.0' });
      assert.deepEqual(argv, ['build', '--tag', 'app:1.0', '--file', `${dir}/Dockerfile`, dir], name);
    }
  });

  it('refuse relative paths, which an option-like name could turn into a flag', function () {
    assert.throws(() => buildArgv({ dockerfile: '-f', context: '/x', image: 'app' }), DockerArgumentError);
    assert.throws(() => buildArgv({ dockerfile: '/x/Dockerfile', context: '--privileged', image: 'app' }), /absolute path/);
  });

  it('refuse image names Docker cannot accept, suggesting the valid one', function () {
    assert.throws(() => parseImageName('My App'), /no spaces/);
    assert.throws(() => parseImageName('MyApp:1.0'), /must be lowercase; use "myapp:1\.0"/);
    assert.throws(() => parseImageName('-rf'), /cannot start with "-"/);
    assert.throws(() => parseImageName('app:$(id)'), /"app:\$\(id\)" is not a valid image reference/);
    assert.throws(() => parseImageName('app:.hidden'), /the tag "\.hidden" is not valid/);
    assert.throws(() => parseImageName('Ünïcødé'), /use "unic-de"/);
    for (const name of hostile) assert.throws(() => parseImageName(name), DockerArgumentError, name);
  });

  it('split registry, repository and tag the way Docker does', function () {
    assert.deepEqual(parseImageName('app'), { repository: 'app', tag: 'latest' });
    assert.deepEqual(parseImageName('team/app:1.2.3'), { repository: 'team/app', tag: '1.2.3' });
    assert.deepEqual(parseImageName('localhost:5000/app:dev'), { registry: 'localhost:5000', repository: 'app', tag: 'dev' });
    assert.deepEqual(parseImageName('myregistry.azurecr.io/stock/web'), { registry: 'myregistry.azurecr.io', repository: 'stock/web', tag: 'latest' });
    assert.deepEqual(parseImageName('[::1]:5000/app:1'), { registry: '[::1]:5000', repository: 'app', tag: '1' });
  });

  it('check registries: host[:port] only, scheme and trailing slash forgiven', function () {
    assert.equal(checkRegistry('localhost:5000'), 'localhost:5000');
    assert.equal(checkRegistry('https://ghcr.io/'), 'ghcr.io');
    assert.equal(checkRegistry('127.0.0.1:37123'), '127.0.0.1:37123');
    for (const bad of ['evil;rm -rf', '-oops', 'host:99999', 'a b', 'host/path', '$(id)', '']) assert.throws(() => checkRegistry(bad), DockerArgumentError, bad);
  });

  it('build with a target stage and labels', function () {
    assert.deepEqual(buildArgv({ dockerfile: '/s/App/Dockerfile', context: '/s', image: 'app:1', target: 'build', labels: { 'org.test': 'a b' } }),
      ['build', '--tag', 'app:1', '--file', '/s/App/Dockerfile', '--target', 'build', '--label', 'org.test=a b', '/s']);
    assert.throws(() => buildArgv({ dockerfile: '/s/Dockerfile', context: '/s', image: 'app', target: 'x; rm' }), /build stage name/);
  });

  it('run publishes the port, in the foreground by default', function () {
    assert.deepEqual(runArgv({ image: 'app:1', hostPort: 5000, containerPort: 8080 }), ['run', '--rm', '--interactive', '--tty', '--publish', '5000:8080', 'app:1']);
    assert.deepEqual(runArgv({ image: 'app', containerPort: 8080, hostIp: '127.0.0.1', interactive: false, name: 'web-1' }),
      ['run', '--detach', '--name', 'web-1', '--publish', '127.0.0.1:8080:8080', 'app:latest']);
    assert.deepEqual(runArgv({ image: 'worker:2' }), ['run', '--rm', '--interactive', '--tty', 'worker:2']);
    assert.throws(() => runArgv({ image: 'app', containerPort: 70000 }), /1 to 65535/);
    assert.throws(() => runArgv({ image: 'app', containerPort: 80, hostIp: '0.0.0.0;id' }), /IP address/);
  });

  it('push tags for the registry, pushes, and verifies by pulling back', function () {
    const plan = pushPlan('stockweb:1.0.0', 'localhost:5000');
    assert.equal(plan.remoteImage, 'localhost:5000/stockweb:1.0.0');
    assert.deepEqual(plan.tag, ['tag', 'stockweb:1.0.0', 'localhost:5000/stockweb:1.0.0']);
    assert.deepEqual(plan.push, ['push', 'localhost:5000/stockweb:1.0.0']);
    assert.deepEqual(plan.verify, [['image', 'rm', 'localhost:5000/stockweb:1.0.0'], ['pull', 'localhost:5000/stockweb:1.0.0']]);
    assert.equal(pushPlan('old.registry.io/team/app:2', 'ghcr.io').remoteImage, 'ghcr.io/team/app:2', 'the old registry part is replaced');
    assert.deepEqual(loginArgv('ghcr.io'), ['login', 'ghcr.io']);
    assert.throws(() => pushPlan('app', 'x;y'), DockerArgumentError);
  });
});

describe('docker argv builders: network, progress, namespaces, digests', function () {
  it('build with --network (e.g. host, for a NuGet feed the containers cannot reach) and --progress plain, before the context', function () {
    assert.deepEqual(buildArgv({ dockerfile: '/s/App/Dockerfile', context: '/s', image: 'app:1', network: 'host', progress: 'plain' }),
      ['build', '--tag', 'app:1', '--file', '/s/App/Dockerfile', '--network', 'host', '--progress', 'plain', '/s']);
    for (const network of [...hostile, 'host --privileged']) {
      assert.throws(() => buildArgv({ dockerfile: '/s/Dockerfile', context: '/s', image: 'app', network }), /not a network name/, network);
    }
  });

  it('push to a namespace of a hosted registry (ghcr.io/owner), validated like a repository', function () {
    assert.deepEqual(parsePushDestination('ghcr.io/contoso'), { registry: 'ghcr.io', namespace: 'contoso' });
    assert.deepEqual(parsePushDestination('https://localhost:5000/'), { registry: 'localhost:5000' });
    assert.deepEqual(parsePushDestination('myreg.azurecr.io/team/sub'), { registry: 'myreg.azurecr.io', namespace: 'team/sub' });
    const plan = pushPlan('stockweb:1.0.0', 'ghcr.io', 'contoso');
    assert.deepEqual(plan.tag, ['tag', 'stockweb:1.0.0', 'ghcr.io/contoso/stockweb:1.0.0']);
    assert.deepEqual(plan.push, ['push', 'ghcr.io/contoso/stockweb:1.0.0']);
    for (const bad of ['ghcr.io/Contoso', 'ghcr.io/a b', 'ghcr.io/$(id)', 'ghcr.io/-x', 'evil;rm/x', '-oops/x']) {
      assert.throws(() => parsePushDestination(bad), DockerArgumentError, bad);
    }
  });

  it('ask for the digests of a pushed image with one argv, the image name validated', function () {
    assert.deepEqual(repoDigestsArgv('localhost:5000/app:1'), ['image', 'inspect', '--format', '{{json .RepoDigests}}', 'localhost:5000/app:1']);
    for (const name of hostile) assert.throws(() => repoDigestsArgv(name), DockerArgumentError, name);
  });
});

describe('dockerfileTargets', function () {
  const sample = path.resolve(__dirname, '../../../../samples/StockKube');
  let tree = '';
  afterEach(() => { if (tree) removeTree(tree); tree = ''; });

  it('builds StockWeb from the solution folder, named after the project, on port 8080', function () {
    const dockerfile = path.join(sample, 'StockWeb', 'Dockerfile');
    const text = '# generated shape\nFROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY ["StockWeb/StockWeb.csproj", "StockWeb/"]\nRUN dotnet restore StockWeb/StockWeb.csproj\nCOPY . .\nRUN dotnet publish StockWeb/StockWeb.csproj -o /app\n\nFROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "StockWeb.dll"]\n';
    const targets = dockerfileTargets(dockerfile, text, { now });
    assert.equal(targets.context, sample);
    assert.equal(targets.repository, 'stockweb');
    assert.equal(targets.containerPort, 8080);
    assert.equal(targets.web, true);
    assert.deepEqual(targets.stages, [{ name: 'build', line: 1 }]);
  });

  it('takes ContainerRepository and ContainerImageTag, and an EXPOSE or ASPNETCORE_HTTP_PORTS over the default', function () {
    tree = writeTree({ 'Api/Api.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', ContainerRepository: 'Contoso/Orders API', ContainerImageTag: '2.1.0' }) });
    const dockerfile = path.join(tree, 'Api', 'Dockerfile');
    const text = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nCOPY . .\nRUN dotnet publish Api.csproj -o /app\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nENV ASPNETCORE_HTTP_PORTS=5000\nEXPOSE 5000\nCOPY --from=build /app .\n';
    fs.writeFileSync(dockerfile, text);
    const targets = dockerfileTargets(dockerfile, text, { now });
    assert.equal(targets.repository, 'contoso/orders-api');
    assert.equal(targets.tag, '2.1.0');
    assert.equal(targets.containerPort, 5000);
  });

  it('makes hostile assembly names into valid repositories and serves no port for a console app', function () {
    tree = writeTree({ 'Tool/Tool.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0', OutputType: 'Exe', AssemblyName: '$(x) Tool;rm &amp;&amp; `id`', Version: '1.0.0+build.7' }) });
    const dockerfile = path.join(tree, 'Tool', 'Dockerfile');
    const text = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nCOPY . .\nRUN dotnet publish Tool.csproj -o /app\nFROM mcr.microsoft.com/dotnet/runtime:10.0\nCOPY --from=build /app .\n';
    const targets = dockerfileTargets(dockerfile, text, { now });
    assert.doesNotThrow(() => parseImageName(`${targets.repository}:${targets.tag}`));
    assert.equal(targets.tag, '1.0.0-build.7');
    assert.equal(targets.containerPort, undefined);
    assert.equal(targets.web, false);
  });
});
