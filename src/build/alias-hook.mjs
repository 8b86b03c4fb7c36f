// Resolves `xml-js` to src/feeds/xml-writer.js while the build renders the site, as wrangler.toml
// [alias] does for the Worker and vitest.config.ts for the tests: `feed` writes through the seam
// where its output is corrected (src/feeds/corrections.ts). Registered by ./cli.ts.
const writer = new URL("../feeds/xml-writer.js", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier === "xml-js" ? writer : specifier, context);
}
