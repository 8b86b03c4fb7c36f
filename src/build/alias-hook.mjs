// Module resolution while the build renders the site (registered by ./cli.ts): `xml-js` is
// src/shared/feeds/xml-writer.js, as wrangler.toml [alias] makes it for the Worker (which says why) and
// vitest.config.ts for the tests: `feed` hands it the tree it built, and gets the tree back for
// src/shared/feeds/corrections.ts to correct.
const writer = new URL("../shared/feeds/xml-writer.js", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "xml-js") return nextResolve(writer, context);
  return nextResolve(specifier, context);
}
