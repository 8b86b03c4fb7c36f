// libxml2 (xmllint, compiled to WebAssembly): a conforming XML 1.0 parser and RELAX NG validator.
import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";

/**
 * libxml2's complaints about each document, by name (empty when all are well-formed, or valid against
 * `relaxNg`). Documents go in batches: each call starts a WebAssembly instance, and one instance's
 * memory holds about a hundred feeds.
 */
export async function libxml2Errors(docs: Record<string, string>, relaxNg?: string): Promise<string[]> {
  const names = Object.keys(docs);
  const errors: string[] = [];
  for (let i = 0; i < names.length; i += BATCH) {
    const xml = names.slice(i, i + BATCH).map((name) => ({ fileName: name, contents: docs[name]! }));
    const result = await validateXML({
      xml,
      // No schema: libxml2 only parses, which is the well-formedness check.
      schema: relaxNg ? [{ fileName: "schema.rng", contents: readFileSync(relaxNg, "utf8") }] : [],
      extension: "relaxng",
      maxMemoryPages: 4096,
    });
    // xmllint also prints "<file> validates" / "<file> fails to validate"; keep the errors.
    if (!result.valid)
      errors.push(...result.errors.map((e) => e.rawMessage).filter((m) => !/ (fails to )?validates?$/.test(m)));
  }
  return errors;
}

const BATCH = 100;
