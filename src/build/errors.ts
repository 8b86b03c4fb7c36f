// Errors in content files: each names the file and line, what was expected and what was found.

export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
    readonly hint?: string,
  ) {
    super(`${file}:${line}: ${problem}${hint ? `\n  hint: ${hint}` : ""}`);
    this.name = "ContentError";
  }
}

/** Quotes what was found in a message, shortened so one bad line cannot flood the output. */
export function found(text: string): string {
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return JSON.stringify(shown);
}
