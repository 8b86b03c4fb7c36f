// Module resolution while the build renders the site (registered by ./cli.ts):
// - `xml-js` is src/feeds/xml-writer.js, as wrangler.toml [alias] makes it for the Worker (which says
//   why) and vitest.config.ts for the tests: `feed` hands it the tree it built, and gets the tree back
//   for src/feeds/corrections.ts to correct;
// - src/generated/assets.js is the one this build wrote into its own folder (`data.assets`), not the live
//   build's (./output.ts): the build renders with its own stylesheet's name, and on a fresh clone there
//   is no live build yet.
const writer = new URL("../feeds/xml-writer.js", import.meta.url).href;
const generatedAssets = new URL("../generated/assets.js", import.meta.url).href;
let assets;

export async function initialize(data) {
  assets = data?.assets;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "xml-js") return nextResolve(writer, context);
  // Before resolving: Node would resolve the link src/generated/assets.js to the live build's file.
  if (assets && context.parentURL && specifier.startsWith(".")) {
    if (new URL(specifier, context.parentURL).href === generatedAssets) return { url: assets, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
