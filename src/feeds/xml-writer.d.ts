// Types of ./xml-writer.js (the `xml-js` stand-in): the tree is xml-js's compact form.

/** An element in xml-js's compact form: `_attributes`, `_text`, `_cdata`, and child elements by name. */
export interface XmlElement {
  _attributes?: Record<string, string | number | boolean | undefined>;
  _text?: string;
  _cdata?: string;
  [child: string]: unknown;
}

/** A whole document in compact form: the declaration, instructions, and the root element by name. */
export type XmlTree = Record<string, XmlElement>;

export function js2xml(tree: XmlTree, options: unknown): string;

/**
 * Runs `render` (one synchronous call into `feed` that writes XML, such as `feed.atom1()`) with
 * `correct` applied to the tree it writes. Throws if `feed` did not write through this module.
 */
export function writeCorrected(render: () => string, correct: (tree: XmlTree) => void): string;
