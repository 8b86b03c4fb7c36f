// A small element tree over fast-xml-parser, so feed tests can assert on elements and attributes by name.
// Names are kept as written ("atom:link"); namespace declarations are checked separately (xmlns attributes).
import { XMLParser } from "fast-xml-parser";

export class XmlElement {
  constructor(
    readonly name: string,
    readonly attrs: Readonly<Record<string, string>>,
    readonly children: readonly XmlElement[],
    /** The element's own character data: text and CDATA sections, entities decoded, not trimmed. */
    readonly text: string,
  ) {}

  all(name: string): XmlElement[] {
    return this.children.filter((c) => c.name === name);
  }

  /** The only child with this name; fails when there is none or more than one. */
  one(name: string): XmlElement {
    const found = this.all(name);
    if (found.length !== 1) throw new Error(`<${this.name}>: expected one <${name}>, found ${found.length}`);
    return found[0]!;
  }

  /** Every element in this subtree, this one first. */
  *descendants(): Generator<XmlElement> {
    yield this;
    for (const child of this.children) yield* child.descendants();
  }
}

export interface XmlDocument {
  root: XmlElement;
  /** Processing instructions before the root, by target (e.g. "xml-stylesheet"), with their pseudo-attributes. */
  instructions: { target: string; attrs: Record<string, string> }[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Without it, numeric character references (&#233;) are left undecoded; XML requires them decoded.
  htmlEntities: true,
});

export function parseXml(xml: string): XmlDocument {
  const nodes: unknown = parser.parse(xml);
  if (!Array.isArray(nodes)) throw new Error("fast-xml-parser returned no node list");
  const instructions: XmlDocument["instructions"] = [];
  const roots: XmlElement[] = [];
  for (const node of nodes) {
    const [name] = elementName(node);
    if (name.startsWith("?")) {
      if (name !== "?xml") instructions.push({ target: name.slice(1), attrs: attributes(node) });
    } else if (name !== "#text") roots.push(toElement(node));
  }
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}`);
  return { root: roots[0]!, instructions };
}

function toElement(node: unknown): XmlElement {
  const [name, content] = elementName(node);
  const children: XmlElement[] = [];
  let text = "";
  for (const child of Array.isArray(content) ? content : []) {
    const [childName, value] = elementName(child);
    if (childName === "#text") text += typeof value === "string" ? value : String(value);
    else children.push(toElement(child));
  }
  return new XmlElement(name, attributes(node), children, text);
}

/** A preserveOrder node is `{ [name]: children, ":@"?: attributes }`; text is `{ "#text": value }`. */
function elementName(node: unknown): [string, unknown] {
  if (typeof node !== "object" || node === null) throw new Error(`unexpected node ${JSON.stringify(node)}`);
  const entry = Object.entries(node).find(([key]) => key !== ":@");
  if (!entry) throw new Error(`node without a name: ${JSON.stringify(node)}`);
  return entry;
}

function attributes(node: unknown): Record<string, string> {
  const attrs = typeof node === "object" && node !== null && ":@" in node ? node[":@"] : undefined;
  const out: Record<string, string> = {};
  if (typeof attrs === "object" && attrs !== null) {
    for (const [key, value] of Object.entries(attrs)) out[key] = String(value);
  }
  return out;
}
