// Errors in content files: each names the file and line, what was expected and what was found.

export class ContentError extends Error {
  constructor(
    readonly file: string,
    /** 0 for a place that has no lines, such as `--var NAME:VALUE` on the command line. */
    readonly line: number,
    readonly problem: string,
    readonly hint?: string,
  ) {
    super(`${line > 0 ? `${file}:${line}` : file}: ${problem}${hint ? `\n  hint: ${hint}` : ""}`);
    this.name = "ContentError";
  }
}

/** Quotes what was found in a message, shortened so one bad line cannot flood the output. */
export function found(text: string): string {
  return JSON.stringify(shortened(text));
}

/** A value of any kind as a message shows it (text quoted, the rest as JSON), shortened the same way. */
export function foundValue(value: unknown): string {
  if (typeof value === "string") return found(value);
  const json = JSON.stringify(value);
  return json === undefined ? "nothing" : shortened(json);
}

const shortened = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);
