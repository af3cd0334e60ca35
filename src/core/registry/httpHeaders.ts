// Parsers for the three headers the registry protocol leans on: Link (paging), WWW-Authenticate
// (how to log in) and Retry-After (how long to back off). Each is lenient about what real servers send.

/** The first value of a header, trimmed; undefined when it is absent or blank. */
export function headerValue(value: string | readonly string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : (value as string | undefined);
  return text?.trim() || undefined;
}

/**
 * The `rel="next"` target of a Link header (RFC 8288), resolved against the request URL: distribution
 * sends a relative `</v2/_catalog?last=x&n=1>; rel="next"`. Undefined when there is no next link.
 */
export function parseLinkNext(header: string | readonly string[] | undefined, requestUrl: URL | string): URL | undefined {
  if (!header) return undefined;
  const text = Array.isArray(header) ? header.join(', ') : (header as string);
  for (const match of text.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!relations.includes('next')) continue;
    try {
      return new URL(match[1]!.trim(), requestUrl);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface AuthChallenge {
  /** Lower case: `basic`, `bearer`. */
  readonly scheme: string;
  /** Parameter names in lower case: `realm`, `service`, `scope`, `error`. */
  readonly params: Readonly<Record<string, string>>;
}

const tokenChar = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

/**
 * Every challenge in a WWW-Authenticate value (RFC 7235): case-insensitive schemes, quoted or bare
 * parameter values, commas inside quotes (`scope="repository:a:pull,push"`), several challenges in one
 * header (`Basic realm="r", Bearer realm="…"`), and headers Node joined with `, `.
 */
export function parseAuthChallenges(header: string | readonly string[] | undefined): AuthChallenge[] {
  if (!header) return [];
  const text = Array.isArray(header) ? header.join(', ') : (header as string);
  const challenges: AuthChallenge[] = [];
  let position = 0;
  const skip = (pattern: RegExp) => { while (position < text.length && pattern.test(text[position]!)) position++; };
  const readToken = () => {
    const start = position;
    while (position < text.length && tokenChar.test(text[position]!)) position++;
    return text.slice(start, position);
  };
  while (position < text.length) {
    skip(/[\s,]/);
    const scheme = readToken();
    if (!scheme) {
      position++; // not a token: step over it rather than loop forever
      continue;
    }
    const params: Record<string, string> = {};
    for (;;) {
      skip(/\s/);
      const start = position;
      const name = readToken();
      skip(/\s/);
      if (!name || text[position] !== '=') {
        position = start; // not a parameter: the next challenge's scheme starts here
        break;
      }
      position++;
      skip(/\s/);
      params[name.toLowerCase()] = text[position] === '"' ? readQuoted() : readBare();
      skip(/\s/);
      if (text[position] !== ',') break;
      position++;
    }
    challenges.push({ scheme: scheme.toLowerCase(), params });
  }
  return challenges;

  function readQuoted(): string {
    let value = '';
    position++;
    while (position < text.length && text[position] !== '"') {
      if (text[position] === '\\' && position + 1 < text.length) position++;
      value += text[position++];
    }
    position++;
    return value;
  }
  function readBare(): string {
    const start = position;
    while (position < text.length && !/[\s,]/.test(text[position]!)) position++;
    return text.slice(start, position);
  }
}

/**
 * Retry-After in whole seconds from now: either delta-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`). A date in the past gives 0; anything else, undefined.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, now: number = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : (value as string | undefined))?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  if (!/[a-z]/i.test(text)) return undefined; // Date.parse accepts bare numbers such as "1.5"; HTTP-dates always have a day or month name
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
