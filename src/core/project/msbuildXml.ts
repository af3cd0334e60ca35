import { XMLParser, XMLValidator } from 'fast-xml-parser';

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

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Parses an MSBuild file (project, props, targets, slnx) into elements; malformed XML gives file, line and column. */
export function parseMsbuildXml(text: string, file: string): ParsedXml {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const validation = XMLValidator.validate(withoutBom);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    return { ok: false, problem: { file, line, column: col, message: msg } };
  }
  const nodes = parser.parse(withoutBom) as OrderedNode[];
  const root = toElements(nodes)[0];
  if (!root) return { ok: false, problem: { file, line: 1, column: 1, message: 'the file has no root element' } };
  return { ok: true, root };
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
