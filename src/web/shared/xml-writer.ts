import { stripUnpublishable } from '../../core/content/plain-text.ts';

/**
 * The one way Broadsheet writes XML (feeds, sitemaps). Documents are built as a tree of elements
 * and serialized here, so every text node and attribute value is encoded by the same two
 * functions: nothing a person typed can close an element, open one, or add an attribute.
 *
 * Why not a library (decision 013): `feed` wraps text in CDATA and escapes only the first `]]>`,
 * and writes some attributes raw; xmlbuilder2 leaves `&` unescaped wherever it looks like an
 * entity reference (`R&D;` stays `R&D;`, an undefined entity). Neither drops the characters XML
 * cannot carry. There is no CDATA here at all.
 */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string | number | undefined>>;
  readonly children: readonly XmlNode[];
}

/** A child: an element, or text (a number is written as text). */
export type XmlNode = XmlElement | string | number;

/** Element and attribute names come from our code, never from data; a bad one is a bug. */
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${JSON.stringify(name)}`);
  return name;
}

/** An element; `undefined`, `false` and `null` children are left out, arrays are flattened. */
export function el(
  name: string,
  attrs: Readonly<Record<string, string | number | undefined>> = {},
  ...children: readonly (XmlNode | readonly XmlNode[] | undefined | null | false)[]
): XmlElement {
  const flat: XmlNode[] = [];
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) flat.push(...(c as readonly XmlNode[]));
    else flat.push(c as XmlNode);
  }
  return { name: checkName(name), attrs, children: flat };
}

/** Text content: `&`, `<` and `>` as references; CR kept as a reference (a parser would turn it into LF). */
export function xmlText(value: string): string {
  return stripUnpublishable(value).replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** An attribute value in double quotes; tab, LF and CR as references so attribute normalization keeps them. */
export function xmlAttr(value: string): string {
  return stripUnpublishable(value).replace(/[&<>"\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function write(node: XmlNode, out: string[]): void {
  if (typeof node === 'string') {
    out.push(xmlText(node));
    return;
  }
  if (typeof node === 'number') {
    out.push(String(node));
    return;
  }
  out.push('<', node.name);
  for (const [k, v] of Object.entries(node.attrs)) {
    if (v !== undefined) out.push(' ', checkName(k), '="', xmlAttr(String(v)), '"');
  }
  if (node.children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const child of node.children) write(child, out);
  out.push('</', node.name, '>');
}

/** A whole document: the XML declaration and the root element, in UTF-8. */
export function xmlDocument(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, out);
  out.push('\n');
  return out.join('');
}
