// Types of ./xml-writer.js (the `xml-js` stand-in): the tree is xml-js's compact form.

/**
 * An element in xml-js's compact form: `_attributes`, `_text`, `_cdata`, and child elements by name, in the
 * order they are written. A child is an element, a list of them, text (a string, number or boolean), or
 * nothing (undefined, null or "", written <x/>). Attributes that are undefined or null are left out.
 */
export interface XmlElement {
  _attributes?: Record<string, string | number | boolean | undefined | null>;
  /** Numbers and booleans are written as text; several pieces one after the other. */
  _text?: string | number | boolean | (string | number | boolean)[];
  /** Several sections are written one after the other. */
  _cdata?: string | string[];
  [child: string]: unknown;
}

/** A whole document in compact form: the declaration and the root element by name. */
export type XmlTree = Record<string, XmlElement>;

/**
 * xml-js's writer options, as `feed` passes them: { compact: true, ignoreComment: true, spaces: 4 }. writeXml
 * takes no others (comments are never written, so ignoreComment changes nothing), and refuses them.
 */
export interface XmlOptions {
  compact: true;
  ignoreComment?: boolean;
  /** Spaces per level of indentation; none (0, the default) writes the document on one line. */
  spaces?: number;
}

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

/**
 * The document as xml-js's writer (1.6.11) writes it, byte for byte. Throws on what it does not write (a
 * comment, processing instruction or doctype, an option other than those of XmlOptions, text that is not a
 * string, number or boolean) rather than write it otherwise.
 */
export function writeXml(tree: XmlTree, options: XmlOptions): string;
/** writeXml's text in pieces, in order. */
export function writeXmlPieces(tree: XmlTree, options: XmlOptions): string[];
