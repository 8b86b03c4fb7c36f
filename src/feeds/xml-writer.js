// Stands in for the `xml-js` package wherever `feed` runs (wrangler.toml [alias] for the Worker bundle,
// vitest.config.ts for the tests). `feed` imports xml-js whole but only ever calls js2xml, so its
// parser half (xml2js, xml2json and their `sax` dependency) is left out. And this is the seam where
// `feed`'s output is corrected: as the object tree it hands to js2xml, before it is text (./corrections.ts).
import write from "xml-js/lib/js2xml.js";

/** The correction for the next tree written; set by writeCorrected for one synchronous render. */
let pending;

export function js2xml(tree, options) {
  const correct = pending;
  pending = undefined;
  if (correct) correct(tree);
  return write(tree, options);
}

export function writeCorrected(render, correct) {
  pending = correct;
  try {
    const xml = render();
    // Still pending: `feed` wrote through the real xml-js, and the XML went out uncorrected.
    if (pending) throw new Error("feed did not write through src/feeds/xml-writer.js: alias xml-js to it");
    return xml;
  } finally {
    pending = undefined;
  }
}
