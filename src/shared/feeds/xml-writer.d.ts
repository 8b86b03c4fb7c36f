// Types of ./xml-writer.js (the `xml-js` stand-in): the tree is xml-js's compact form.

/** An element in xml-js's compact form: `_attributes`, `_text`, `_cdata`, and child elements by name. */
export interface XmlElement {
  _attributes?: Record<string, string | number | boolean | undefined>;
  _text?: string;
  /** Several sections are written one after the other. */
  _cdata?: string | string[];
  [child: string]: unknown;
}

/** A whole document in compact form: the declaration, instructions, and the root element by name. */
export type XmlTree = Record<string, XmlElement>;

/** xml-js's writer options, as `feed` passes them (compact form, indented). */
export type XmlOptions = Record<string, unknown>;

/** A document `feed` built and has not written. */
export interface UnwrittenXml {
  tree: XmlTree;
  options: XmlOptions;
}

/** `feed`'s call into xml-js: returns the tree instead of writing it. */
export function js2xml(tree: XmlTree, options: XmlOptions): UnwrittenXml;

/**
 * What `feed.rss2()` or `feed.atom1()` returned (typed as a string by `feed`): the unwritten document.
 * Throws if `feed` wrote XML through the real xml-js, which means this module was not resolved for it.
 */
export function unwritten(output: string): UnwrittenXml;

/** xml-js's own writer. */
export function writeXml(tree: XmlTree, options: XmlOptions): string;
