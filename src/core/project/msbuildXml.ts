import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { textPosition } from './projectFile';

/** One XML element of an MSBuild file, in document order. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (e.g. a property value), entities decoded, trimmed. */
  readonly text: string;
}

/** Where a file is not well-formed XML, in the 1-based terms an editor shows. */
export interface XmlProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type ParsedXml = { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly problem: XmlProblem };

/** How deep elements may nest: MSBuild files stay under ten levels (Project, Choose, When, ItemGroup, item, metadata). */
export const maxElementDepth = 100;
/**
 * The most pieces of markup a file may have: tags (`<`), attributes (`=`) and entity references (`&`). With the
 * file size cap this bounds the parser, whose time and memory go by markup more than by bytes: a file of tiny
 * elements, attributes or `&amp;`s within the size cap would otherwise cost it half a second and 200 MB. Real
 * project files have a few hundred; a legacy one listing thousands of files, a few thousand.
 */
export const maxMarkup = 10_000;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: maxElementDepth,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * Parses an MSBuild file (project, props, targets, slnx) into elements; malformed XML gives file, line and column.
 * A DOCTYPE is refused before any parsing: MSBuild does not allow DTDs, and their entities are how a small file
 * expands into gigabytes.
 */
export function parseMsbuildXml(text: string, file: string): ParsedXml {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const refusal = doctypeProblem(withoutBom, file) ?? markupProblem(withoutBom, file);
  if (refusal) return { ok: false, problem: refusal };
  const validation = XMLValidator.validate(withoutBom);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    // An empty file has no position in the validator's answer: it is line 1, column 1.
    return { ok: false, problem: { file, line: line || 1, column: col || 1, message: msg } };
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(withoutBom) as OrderedNode[];
  } catch (error) {
    // The validator has passed the text: what is left is nesting past the limit, or a name the parser refuses.
    const deep = tooDeep(withoutBom);
    if (deep) return { ok: false, problem: { file, ...deep, message: `elements nest more than ${maxElementDepth} levels deep here; MSBuild files nest a few levels` } };
    return { ok: false, problem: { file, line: 1, column: 1, message: (error as Error).message } };
  }
  const root = toElements(nodes)[0];
  if (!root) return { ok: false, problem: { file, line: 1, column: 1, message: 'the file has no root element' } };
  return { ok: true, root };
}

/** A `<!DOCTYPE` outside comments: refused where it is. */
function doctypeProblem(text: string, file: string): XmlProblem | undefined {
  const doctype = /<!DOCTYPE/gi;
  for (let match = doctype.exec(text); match; match = doctype.exec(text)) {
    const opened = text.lastIndexOf('<!--', match.index);
    if (opened !== -1 && text.lastIndexOf('-->', match.index) < opened) {
      // Inside a comment: the search goes on after it, so that each comment is looked through once.
      const closed = text.indexOf('-->', match.index);
      if (closed === -1) return undefined; // an unclosed comment, which the validator reports
      doctype.lastIndex = closed + 3;
      continue;
    }
    const { line, column } = textPosition(text, match.index);
    return { file, line, column, message: 'a DOCTYPE is not allowed in an MSBuild file (MSBuild refuses DTDs, and their entities can expand a small file without bound): remove it' };
  }
  return undefined;
}

/** More markup than {@link maxMarkup}: refused where the piece past the limit is. */
function markupProblem(text: string, file: string): XmlProblem | undefined {
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    // `<`, `=`, `&`
    if ((code === 0x3c || code === 0x3d || code === 0x26) && ++count > maxMarkup) {
      const { line, column } = textPosition(text, at);
      return { file, line, column, message: `the file has more than ${maxMarkup.toLocaleString('en-US')} tags, attributes and entity references; MSBuild files this large are not read` };
    }
  }
  return undefined;
}

/** Where elements first nest deeper than the limit; only asked after the parser refused, so it may be slow. */
function tooDeep(text: string): { line: number; column: number } | undefined {
  // Comments, CDATA, processing instructions and declarations do not nest; attribute values may hold `>`.
  const tag = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][^>]*>|<(\/?)[^\s/>]+(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/g;
  let depth = 0;
  for (const match of text.matchAll(tag)) {
    if (match[1] === undefined) continue;
    if (match[1] === '/') depth--;
    else if (match[2] !== '/' && ++depth > maxElementDepth) return textPosition(text, match.index);
  }
  return undefined;
}

function toElements(nodes: readonly OrderedNode[]): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find(key => key !== ':@');
    if (!name || name === '#text' || name === '#comment') continue;
    const content = (node[name] ?? []) as OrderedNode[];
    const text = content
      .filter(child => '#text' in child)
      .map(child => String(child['#text']))
      .join('');
    elements.push({ name, attributes: node[':@'] ?? {}, children: toElements(content), text: text.trim() });
  }
  return elements;
}

/** The attribute, matched case-insensitively as MSBuild does. */
export function attribute(element: XmlElement, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(element.attributes)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}
