// What STORE in wrangler.toml [vars] may name: where the documents that do not ride in the script live.
// Apart from ./store.ts, which the build's configuration (src/shared/config.ts) cannot load: it would load
// src/shared/addresses.ts before the build has written the stylesheet's name it imports (src/build/cli.ts).

/** The modes; an empty STORE is the first. */
export const STORE_MODES = ["assets", "kv"] as const;

/** What is wrong with a STORE that is not one of STORE_MODES. */
export const storeProblem = (mode: string): string =>
  `expected ${STORE_MODES.map((m) => JSON.stringify(m)).join(" or ")}, found ${JSON.stringify(mode)}`;
