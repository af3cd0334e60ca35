import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildOutputReader, explainPull } from '../../../src/core/docker/buildOutput';

// Output recorded from real builds on Docker 20.10's engine: the docker 28 CLI's legacy builder, and the 20.10
// CLI with DOCKER_BUILDKIT=1 --progress plain (test/fixtures/build-output; registry addresses made fixed).
const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'build-output');

const cases: Array<{ name: string; line: number; message: RegExp }> = [
  { name: 'multistage-run-fails', line: 5, message: /^RUN failed with exit code 1/ },
  { name: 'no-such-host', line: 2, message: /^Cannot pull the base image mcr\.microsoft\.com\/dotnet\/aspnet:77\.0: the registry mcr\.microsoft\.com could not be found \(no such host\).*The engine said: .*no such host/ },
  { name: 'manifest-unknown', line: 0, message: /^Cannot pull the base image localhost:5000\/dotnet\/aspnet:77\.0: the registry has no such image or tag \(manifest unknown\)/ },
  { name: 'unauthorized', line: 0, message: /^Cannot pull the base image localhost:5443\/dotnet\/aspnet:10\.0: the registry refused access \(unauthorized\): log in with `docker login localhost:5443`/ },
  { name: 'copy-missing', line: 2, message: /^COPY failed: .*missing\.txt/ },
  { name: 'parse-error', line: 1, message: /^unknown instruction: RUNN$/ },
  { name: 'unnamed-stages-copy-fails', line: 4, message: /^COPY failed: .*nope/ },
];

describe('build output: where a failed build failed, on the Dockerfile', function () {
  for (const c of cases) {
    for (const builder of ['legacy', 'buildkit']) {
      it(`${c.name} (${builder})`, function () {
        const output = fs.readFileSync(path.join(fixtures, `${c.name}.${builder}.txt`), 'utf8');
        const dockerfile = fs.readFileSync(path.join(fixtures, `${c.name}.Dockerfile`), 'utf8');
        const reader = new BuildOutputReader();
        // In uneven chunks, as a pipe delivers them.
        for (let i = 0; i < output.length; i += 37) reader.push(output.slice(i, i + 37));
        const findings = reader.findings(1, dockerfile);
        assert.equal(findings.length, 1, JSON.stringify(findings));
        assert.equal(findings[0]!.line, c.line, findings[0]!.message);
        assert.match(findings[0]!.message, c.message);
      });
    }
  }

  it('says nothing about a build that succeeded, or output it cannot place', function () {
    const reader = new BuildOutputReader();
    reader.push(fs.readFileSync(path.join(fixtures, 'multistage-run-fails.legacy.txt'), 'utf8'));
    assert.deepEqual(reader.findings(0, 'FROM base:1\n'), []);
    const lost = new BuildOutputReader();
    lost.push('error during connect: Cannot connect to the Docker daemon\n');
    assert.deepEqual(lost.findings(1, 'FROM base:1\n'), []);
  });

  it('keeps its memory bounded on endless output without newlines', function () {
    const reader = new BuildOutputReader();
    for (let i = 0; i < 200; i++) reader.push('x'.repeat(100_000));
    assert.deepEqual(reader.findings(1, 'FROM base:1\n'), []);
  });

  it('explains connection refused, timeouts and certificates too', function () {
    assert.match(explainPull('reg.example:5000/a:1', 'dial tcp 10.0.0.1:5000: connect: connection refused'), /nothing answers at reg\.example:5000/);
    assert.match(explainPull('reg.example/a:1', 'net/http: request canceled (Client.Timeout exceeded)'), /did not answer in time/);
    assert.match(explainPull('reg.example/a:1', 'x509: certificate signed by unknown authority'), /not trusted/);
  });

  it('does not read a port or a digest that holds 401 as a refusal (CI met a registry on port 40101)', function () {
    const image = '127.0.0.1:40101/dotnet/aspnet:10.0';
    assert.match(explainPull(image, 'Get "http://127.0.0.1:40101/v2/": dial tcp 127.0.0.1:40101: connect: connection refused'), /: nothing answers at 127\.0\.0\.1:40101 \(connection refused\)/);
    assert.match(explainPull('reg.example:14010/a@sha256:4014010', 'manifest unknown'), /no such image or tag/);
    assert.match(explainPull('reg.example/a:1', 'unexpected status code 401 Unauthorized'), /refused access/);
    assert.match(explainPull('reg.example/a:1', 'received unexpected HTTP status: 401'), /refused access/);
  });
});
