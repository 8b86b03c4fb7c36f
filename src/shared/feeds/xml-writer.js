// Stands in for the `xml-js` package wherever `feed` runs: wrangler.toml [alias] for the Worker bundle,
// vitest.config.ts for the tests, src/build/alias-hook.mjs for the build. `feed` builds each XML document
// as a tree in xml-js's compact form and returns whatever js2xml returns: here, that tree unwritten, so
// the caller corrects it (./corrections.ts) and writes it (writeXml). No document is kept between calls.
//
// writeXml is our own writer, and no part of xml-js reaches the Worker. xml-js's writer (lib/js2xml.js) was
// the build's hottest code, about a quarter of its CPU time: for every element it joins an array of
// strings, asks twice whether the element has content and builds its indentation afresh; for every
// attribute and text it looks for a callback option; over every text it runs four regular expressions.
// The compact form as `feed` builds it (and ./corrections.ts corrects it) is all we write: elements
// (objects, lists of them, text values, or nothing), `_attributes`, `_text`, `_cdata` and `_declaration`,
// with the options `feed` passes ({ compact: true, ignoreComment: true, spaces: 4 }). For every such tree
// the bytes are xml-js 1.6.11's, quirks included: test/node/feeds-xml-writer.test.ts proves it against
// xml-js's own writer, over arbitrary trees and every RSS and Atom document of the test sites. Its quirks:
// - text: "&amp;" is kept as it is and every other "&" escaped, then "<" and ">" (not quotes); numbers and
//   booleans are written as text (./feed-package.ts xmlText() relies on the first);
// - attribute values: only '"' is escaped; undefined and null ones are left out;
// - CDATA: only the first "]]>" of a section is split (./corrections.ts cdataSections splits them all
//   first); a list of sections is written in a row;
// - an element whose value is undefined, null or "" is <x/>, and so is an object with no key but
//   `_attributes` (unless xml:space="preserve"); the closing tag goes on a line of its own only when the
//   element has a child element;
// - text and CDATA are never indented; each element is, on a line of its own, but for the document's first.
// What else xml-js would write (comments, processing instructions, a doctype, other options, text that is
// not a string, number or boolean) is refused with an Error, never written otherwise.

export function js2xml(tree, options) {
  return { tree, options };
}

export function unwritten(output) {
  if (typeof output === "object" && output !== null && "tree" in output && "options" in output) return output;
  throw new Error(
    "feed wrote XML through xml-js itself, so it could not be corrected: resolve xml-js to src/shared/feeds/xml-writer.js",
  );
}

export function writeXml(tree, options) {
  return writeXmlPieces(tree, options).join("");
}

/**
 * The same text in pieces, in order (src/shared/http/representation.ts, Body): a whole feed document as one
 * string is a V8 large object, which costs more to make than writing the document does.
 */
export function writeXmlPieces(tree, options) {
  setIndentation(options);
  if (!isElement(tree)) throw new Error("xml-writer: a document must be an object");
  const out = [];
  content(tree, 0, true, out);
  return out;
}

const OPTIONS = new Set(["compact", "ignoreComment", "spaces"]);
const REFUSED = new Map([
  ["_instruction", "a processing instruction (_instruction)"],
  ["_comment", "a comment (_comment)"],
  ["_doctype", "a doctype (_doctype)"],
]);

/** What one level of indentation is ("" for none), and each depth's line break and indentation. */
let unit = "";
let lines = [""];

function setIndentation(options) {
  if (typeof options !== "object" || options === null) throw new Error("xml-writer: options must be an object");
  for (const key in options) {
    if (!OPTIONS.has(key)) throw new Error(`xml-writer: xml-js's option ${key} is not implemented`);
  }
  if (options.compact !== true) throw new Error("xml-writer: only xml-js's compact form (compact: true) is written");
  const spaces = options.spaces ?? 0;
  if (!Number.isInteger(spaces) || spaces < 0) {
    throw new Error(`xml-writer: spaces must be a number of spaces, not ${String(spaces)}`);
  }
  const wanted = " ".repeat(spaces);
  if (wanted !== unit) {
    unit = wanted;
    lines = [unit === "" ? "" : "\n"];
  }
}

/** A line break and `depth` levels of indentation, or nothing when there is no indentation. */
function line(depth) {
  while (lines.length <= depth) lines.push(lines[lines.length - 1] + unit);
  return lines[depth];
}

const isElement = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether the element content() last read had any key but `_attributes`, and whether one was a child element. */
let hadContent = false;
let hadChild = false;

/**
 * Writes an element's content (or the document's) at `depth` onto `out`: its keys in order, each value or
 * each one of a list of them. `first`: the document's first line, which no line break precedes.
 */
function content(element, depth, first, out) {
  let any = false;
  let child = false;
  for (const key in element) {
    if (!Object.hasOwn(element, key) || key === "_attributes") continue;
    any = true;
    if (key === "_text" || key === "_cdata") {
      const value = element[key];
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (key === "_text") out.push(text(value[i]));
          else cdata(value[i], out);
        }
      } else if (key === "_text") out.push(text(value));
      else cdata(value, out);
      // An empty list writes nothing, and the first line is still to come (as in xml-js).
      if (first && (!Array.isArray(value) || value.length > 0)) first = false;
      continue;
    }
    child = true;
    if (REFUSED.has(key)) throw new Error(`xml-writer: ${REFUSED.get(key)} is not written`);
    const value = element[key];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (Array.isArray(value[i])) throw new Error(`xml-writer: <${key}> holds a list in a list`);
        node(key, value[i], depth, first, out);
        first = false;
      }
    } else {
      node(key, value, depth, first, out);
      first = false;
    }
  }
  hadContent = any;
  hadChild = child;
}

/** Writes the declaration or an element named `name` at `depth` onto `out`. */
function node(name, value, depth, first, out) {
  if (name === "_declaration") {
    if (!isElement(value)) throw new Error("xml-writer: _declaration must be an object");
    out.push(`<?xml${attributes(value._attributes, name)}?>`);
    return;
  }
  if (name === "") throw new Error("xml-writer: an element must have a name");
  const indent = first ? "" : line(depth);
  if (value === undefined || value === null || value === "") {
    out.push(`${indent}<${name}/>`);
    return;
  }
  if (typeof value !== "object") {
    out.push(`${indent}<${name}>`, text(value, name), `</${name}>`);
    return;
  }
  const attrs = value._attributes;
  const open = attrs === undefined || attrs === null ? `<${name}` : `<${name}${attributes(attrs, name)}`;
  const start = out.length;
  out.push(`${indent}${open}>`);
  content(value, depth + 1, false, out);
  // Without content nothing was written after the start tag, which becomes an empty-element tag.
  if (!hadContent && !(attrs?.["xml:space"] === "preserve")) out[start] = `${indent}${open}/>`;
  else out.push(`${hadChild ? line(depth) : ""}</${name}>`);
}

/** Text escaped as xml-js escapes it: "&amp;" stays, any other "&" becomes one; "<" and ">", not quotes. */
function text(value, name = "_text") {
  let s;
  if (typeof value === "string") s = value;
  else if (typeof value === "number" || typeof value === "boolean") s = `${value}`;
  else throw new Error(`xml-writer: <${name}> text must be a string, number or boolean, not ${describe(value)}`);
  if (!/[&<>]/.test(s)) return s;
  return s
    .replace(/&(?!amp;)/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** Writes a CDATA section as xml-js writes it: only its first "]]>" split. */
function cdata(value, out) {
  if (typeof value !== "string") throw new Error(`xml-writer: _cdata must be a string, not ${describe(value)}`);
  out.push("<![CDATA[", value.replace("]]>", "]]]]><![CDATA[>"), "]]>");
}

/** ` name="value"` for each attribute that has a value; only '"' is escaped. */
function attributes(attrs, name) {
  if (attrs === undefined || attrs === null) return "";
  if (!isElement(attrs)) throw new Error(`xml-writer: _attributes of <${name}> must be an object`);
  let xml = "";
  for (const key in attrs) {
    if (!Object.hasOwn(attrs, key)) continue;
    const value = attrs[key];
    if (value === undefined || value === null) continue;
    let s;
    if (typeof value === "string") s = value;
    else if (typeof value === "number" || typeof value === "boolean") s = `${value}`;
    else throw new Error(`xml-writer: attribute ${key} of <${name}> must be text, not ${describe(value)}`);
    xml += ` ${key}="${s.includes('"') ? s.replace(/"/g, "&quot;") : s}"`;
  }
  return xml;
}

const describe = (value) => (value === null ? "null" : Array.isArray(value) ? "a list" : typeof value);
