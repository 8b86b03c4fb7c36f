// Types of ./code-version.mjs.

/** The folders a build writes into, which are never its input: `out`, and src/generated under `project`. */
export function outputs(project: string, out: string): Set<string>;

/** The SHA-256 of the project's code (src/ less `out`), package-lock.json and the Node version. */
export function codeVersion(project: string, out: string): Promise<string>;
