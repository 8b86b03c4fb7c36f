// Static assets (the stylesheet), named by a hash of their bytes so they cache forever. The build hands
// the stylesheet to the documents (src/shared/documents.ts) and its address to the Worker in the bundle.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Asset } from "../shared/contract";
import { SOURCES } from "./code-loading";

const ASSETS_DIR = join(SOURCES, "assets");

const hashed = (name: string, ext: string, body: string) =>
  `/assets/${name}.${createHash("sha256").update(body).digest("hex").slice(0, 12)}.${ext}`;

/** The page stylesheet, src/assets/style.css, under its hashed address. */
export async function buildStylesheet(dir = ASSETS_DIR): Promise<Asset> {
  const css = await readFile(join(dir, "style.css"), "utf8");
  return { path: hashed("style", "css", css), body: css };
}
