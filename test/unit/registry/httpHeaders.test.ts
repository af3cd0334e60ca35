import * as assert from 'node:assert/strict';
import { parseAuthChallenges, parseLinkNext, parseRetryAfter } from '../../../src/core/registry/httpHeaders';

describe('registry headers', () => {
  describe('Link rel="next"', () => {
    const request = new URL('http://127.0.0.1:5000/v2/_catalog?n=1');

    it('resolves the relative link distribution sends against the request URL', () => {
      const next = parseLinkNext('</v2/_catalog?last=dotnet%2Fsample&n=1>; rel="next"', request);
      assert.equal(next?.href, 'http://127.0.0.1:5000/v2/_catalog?last=dotnet%2Fsample&n=1');
      assert.equal(next?.searchParams.get('last'), 'dotnet/sample');
    });

    it('keeps an absolute link as it is, with extra parameters (ACR orderby)', () => {
      const next = parseLinkNext('<https://reg.example/v2/app/tags/list?last=1.0&n=100&orderby=>; rel="next"', request);
      assert.equal(next?.href, 'https://reg.example/v2/app/tags/list?last=1.0&n=100&orderby=');
    });

    it('picks next among several links, with unquoted or multi-valued rel', () => {
      assert.equal(parseLinkNext('</v2/a?last=x>; rel="prev", </v2/a?last=y>; rel=next', request)?.searchParams.get('last'), 'y');
      assert.equal(parseLinkNext('</v2/a?last=z>; title="t"; rel="first next"', request)?.searchParams.get('last'), 'z');
      assert.equal(parseLinkNext(['</v2/a?last=p>; rel="prev"', '</v2/a?last=q>; rel="next"'], request)?.searchParams.get('last'), 'q');
    });

    it('has no next without a next link', () => {
      assert.equal(parseLinkNext(undefined, request), undefined);
      assert.equal(parseLinkNext('', request), undefined);
      assert.equal(parseLinkNext('</v2/a?last=x>; rel="prev"', request), undefined);
      assert.equal(parseLinkNext('not a link header', request), undefined);
    });
  });

  describe('WWW-Authenticate', () => {
    it('reads a distribution Bearer challenge, with a comma inside the quoted scope', () => {
      const [challenge, ...rest] = parseAuthChallenges('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:samples/app:pull,push"');
      assert.equal(rest.length, 0);
      assert.equal(challenge?.scheme, 'bearer');
      assert.deepEqual(challenge?.params, { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:samples/app:pull,push' });
    });

    it('accepts any scheme case, bare values, spaces and parameters in any order', () => {
      const [challenge] = parseAuthChallenges('BEARER  scope = repository:a:pull , Realm=http://127.0.0.1:9/token,service=svc');
      assert.deepEqual(challenge, { scheme: 'bearer', params: { scope: 'repository:a:pull', realm: 'http://127.0.0.1:9/token', service: 'svc' } });
    });

    it('splits several challenges in one header, and headers Node joined', () => {
      const challenges = parseAuthChallenges('Basic realm="basic-realm", Bearer realm="https://a/t",service="s",error="insufficient_scope"');
      assert.deepEqual(challenges.map(c => c.scheme), ['basic', 'bearer']);
      assert.equal(challenges[0]!.params.realm, 'basic-realm');
      assert.equal(challenges[1]!.params.error, 'insufficient_scope');
      assert.deepEqual(parseAuthChallenges(['Basic realm="r"', 'Bearer realm="x"']).map(c => c.scheme), ['basic', 'bearer']);
    });

    it('unescapes quoted pairs and keeps a scheme without parameters', () => {
      assert.equal(parseAuthChallenges('Basic realm="a \\"quoted\\" realm"')[0]!.params.realm, 'a "quoted" realm');
      assert.deepEqual(parseAuthChallenges('Negotiate'), [{ scheme: 'negotiate', params: {} }]);
      assert.deepEqual(parseAuthChallenges(undefined), []);
    });
  });

  describe('Retry-After', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');

    it('reads delta-seconds', () => {
      assert.equal(parseRetryAfter('120', now), 120);
      assert.equal(parseRetryAfter(' 0 ', now), 0);
    });

    it('reads an HTTP-date as seconds from now, and a past date as 0', () => {
      assert.equal(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now), 30);
      assert.equal(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now), 0);
    });

    it('ignores what is neither', () => {
      assert.equal(parseRetryAfter(undefined, now), undefined);
      assert.equal(parseRetryAfter('soon', now), undefined);
      assert.equal(parseRetryAfter('1.5', now), undefined);
      assert.equal(parseRetryAfter('-3', now), undefined);
    });
  });
});
