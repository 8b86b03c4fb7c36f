// Stands in for the `xml-js` package wherever `feed` runs: wrangler.toml [alias] for the Worker bundle,
// vitest.config.ts for the tests, src/build/alias-hook.mjs for the build. `feed` builds each XML document
// as a tree in xml-js's compact form and returns whatever js2xml returns: here, that tree unwritten, so
// the caller corrects it (./corrections.ts) and writes it (writeXml). Nothing is kept between calls.
// `feed` imports xml-js whole but this is all it calls, so xml-js's parser half (xml2js, xml2json and
// their `sax` dependency) stays out of the Worker.
import write from "xml-js/lib/js2xml.js";

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
  return write(tree, options);
}
