// `npm run build:content`: builds the site (./build.ts).
//   --content <dir>  read articles from <dir> (default: $EDGEFEED_CONTENT_DIR, else content)
//   --out <dir>      write into <dir> (default: src/generated)
//   --config <file>  the wrangler.toml whose [vars] to read (default: wrangler.toml)
// EDGEFEED_YEAR pins the year that year-less wire dates resolve against (default: the current year).
import { parseArgs } from "node:util";
import { ConfigError } from "../shared/config-values";
import { aliasModules } from "./code-loading";
import { ContentError } from "./errors";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      content: { type: "string", default: process.env.EDGEFEED_CONTENT_DIR || "content" },
      out: { type: "string", default: "src/generated" },
      config: { type: "string", default: "wrangler.toml" },
    },
  });
  aliasModules();
  const { buildSite } = await import("./build");
  const referenceYear = Number(process.env.EDGEFEED_YEAR ?? new Date().getFullYear());
  return buildSite({ ...values, referenceYear });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ContentError || error instanceof ConfigError ? `edgefeed: ${error.message}` : error);
    process.exit(1);
  },
);
