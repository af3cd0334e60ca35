import { ExpansionLimitError } from './expandProperties';

/**
 * Evaluates MSBuild conditions statically: comparisons, and/or/not, parentheses, Exists(), and the
 * values an expander can produce. Anything else answers `undefined` ("not evaluated") rather than a guess.
 */
export type Expand = (text: string) => { value: string; unresolved: boolean };

type Token =
  | { kind: 'string'; text: string; quoted: boolean }
  | { kind: 'op'; text: '==' | '!=' | '<' | '>' | '<=' | '>=' | '!' | '(' | ')' | ',' }
  | { kind: 'word'; text: string };

export function evaluateCondition(condition: string, expand: Expand, exists: (path: string) => boolean | undefined): boolean | undefined {
  const tokens = tokenize(condition);
  if (!tokens) return undefined;
  let position = 0;
  let unknown = false;
  const peek = () => tokens[position];
  const next = () => tokens[position++];

  type Value = { kind: 'bool'; value: boolean | undefined } | { kind: 'string'; value: string | undefined };

  const orExpr = (): Value => {
    let left = andExpr();
    while (isWord(peek(), 'or')) {
      next();
      const right = andExpr();
      left = { kind: 'bool', value: or(toBool(left), toBool(right)) };
    }
    return left;
  };
  const andExpr = (): Value => {
    let left = notExpr();
    while (isWord(peek(), 'and')) {
      next();
      const right = notExpr();
      left = { kind: 'bool', value: and(toBool(left), toBool(right)) };
    }
    return left;
  };
  const notExpr = (): Value => {
    const token = peek();
    if (token?.kind === 'op' && token.text === '!') {
      next();
      const inner = toBool(notExpr());
      return { kind: 'bool', value: inner === undefined ? undefined : !inner };
    }
    return comparison();
  };
  const comparison = (): Value => {
    const left = operand();
    const token = peek();
    if (token?.kind === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(token.text)) {
      next();
      const right = operand();
      return { kind: 'bool', value: compare(token.text, toText(left), toText(right)) };
    }
    return left;
  };
  const operand = (): Value => {
    const token = next();
    if (!token) throw new Error('unexpected end');
    if (token.kind === 'op' && token.text === '(') {
      const inner = orExpr();
      const close = next();
      if (close?.kind !== 'op' || close.text !== ')') throw new Error('missing )');
      return inner;
    }
    if (token.kind === 'string') {
      const expanded = expand(token.text);
      if (expanded.unresolved) unknown = true;
      return { kind: 'string', value: expanded.unresolved ? undefined : expanded.value };
    }
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      const open = peek();
      if (open?.kind === 'op' && open.text === '(') {
        next();
        const args: Array<string | undefined> = [];
        while (!(peek()?.kind === 'op' && (peek() as { text: string }).text === ')')) {
          args.push(toText(operand()));
          if (peek()?.kind === 'op' && (peek() as { text: string }).text === ',') next();
          if (position >= tokens.length) throw new Error('missing )');
        }
        next();
        if (lower === 'exists' && args.length === 1) {
          const target = args[0];
          return { kind: 'bool', value: target === undefined ? undefined : target.trim() === '' ? false : exists(target.trim()) };
        }
        if (lower === 'hastrailingslash' && args.length === 1) {
          const target = args[0];
          return { kind: 'bool', value: target === undefined ? undefined : /[\\/]$/.test(target) };
        }
        unknown = true;
        return { kind: 'bool', value: undefined };
      }
      if (lower === 'true' || lower === 'on' || lower === 'yes') return { kind: 'bool', value: true };
      if (lower === 'false' || lower === 'off' || lower === 'no') return { kind: 'bool', value: false };
      return { kind: 'string', value: token.text };
    }
    throw new Error(`unexpected ${token.text}`);
  };

  try {
    const result = orExpr();
    if (position !== tokens.length) return undefined;
    const value = toBool(result);
    return unknown && value === undefined ? undefined : value;
  } catch (error) {
    // Past the expansion budget the project is refused as a whole; any other failure is a condition not understood.
    if (error instanceof ExpansionLimitError) throw error;
    return undefined;
  }
}

function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && token.text.toLowerCase() === word;
}

function toBool(value: { kind: string; value: boolean | string | undefined }): boolean | undefined {
  if (value.value === undefined) return undefined;
  if (typeof value.value === 'boolean') return value.value;
  const lower = value.value.toLowerCase();
  if (lower === 'true' || lower === 'on' || lower === 'yes' || lower === '!false') return true;
  if (lower === 'false' || lower === 'off' || lower === 'no' || lower === '!true') return false;
  return undefined;
}

function toText(value: { value: boolean | string | undefined }): string | undefined {
  return value.value === undefined ? undefined : String(value.value);
}

function and(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === false || b === false) return false;
  return a === undefined || b === undefined ? undefined : true;
}

function or(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === true || b === true) return true;
  return a === undefined || b === undefined ? undefined : false;
}

function compare(op: string, left: string | undefined, right: string | undefined): boolean | undefined {
  if (left === undefined || right === undefined) return undefined;
  if (op === '==' || op === '!=') {
    // MSBuild compares numbers numerically when both sides are numbers, strings case-insensitively.
    const bothNumbers = isNumber(left) && isNumber(right);
    const equal = bothNumbers ? Number(left) === Number(right) : left.toLowerCase() === right.toLowerCase();
    return op === '==' ? equal : !equal;
  }
  const a = toComparableNumber(left);
  const b = toComparableNumber(right);
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    default: return a >= b;
  }
}

function isNumber(text: string): boolean {
  return /^\s*-?(\d+(\.\d+)?|0x[0-9a-f]+)\s*$/i.test(text);
}

function toComparableNumber(text: string): number | undefined {
  if (isNumber(text)) return Number(text);
  // Versions like 8.0.100 compare by parts; fold them into one number for the comparison.
  if (/^\d+(\.\d+){1,3}$/.test(text.trim())) return text.trim().split('.').reduce((sum, part, i) => sum + Number(part) / 1000 ** i, 0);
  return undefined;
}

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) { i++; continue; }
    if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      tokens.push({ kind: 'string', text: text.slice(i + 1, end), quoted: true });
      i = end + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') { tokens.push({ kind: 'op', text: two }); i += 2; continue; }
    if ('!<>(),'.includes(char)) { tokens.push({ kind: 'op', text: char as '!' }); i++; continue; }
    if (char === '$' || char === '@' || char === '%') {
      // An unquoted property/item reference: take it whole, balancing parentheses.
      if (text[i + 1] !== '(') return undefined;
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === "'") { const end = text.indexOf("'", j + 1); if (end < 0) return undefined; j = end; continue; }
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      if (depth !== 0) return undefined;
      tokens.push({ kind: 'string', text: text.slice(i, j + 1), quoted: false });
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z0-9_.\-:\\/]+/.exec(text.slice(i));
    if (!word) return undefined;
    tokens.push({ kind: 'word', text: word[0] });
    i += word[0].length;
  }
  return tokens;
}
