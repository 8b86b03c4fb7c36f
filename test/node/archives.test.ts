// RFC 5005 §4 archives, walked the way a reader backfills: from the subscription document along prev-archive.
import { copyFile, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import type { Collection } from "../../src/shared/content/schema";
import { CONTENT_DIR, collectionFrom, ROOT, SITE_URL, siteVars } from "../support/feed-fixtures";
import { generateArticles } from "../support/generate-articles";
import { siteApp } from "../support/site-app";

const GENERATED = 1000;
const PAGE_SIZE = 20;
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (name) => ["entry", "item", "link", "atom:link"].includes(name),
});

let collection: Collection;
let app: ReturnType<typeof siteApp>;
let atomSchema: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-archive-"));
  await generateArticles(dir, GENERATED);
  await copyFile(
    join(CONTENT_DIR, "us-mexico-partnership-fentanyl-migration.txt"),
    join(dir, "us-mexico-partnership-fentanyl-migration.txt"),
  );
  collection = await collectionFrom(dir);
  app = siteApp(collection);
  atomSchema = await readFile(join(ROOT, "test/fixtures/rfc4287-atom.rng"), "utf8");
}, 60_000);

async function get(path: string): Promise<string> {
  const res = await app.request(path.startsWith("http") ? path : SITE_URL + path, {}, siteVars());
  expect(res.status, path).toBe(200);
  return res.text();
}

type Link = { rel?: string; href: string };
const linkTo = (links: Link[] | undefined, rel: string) => links?.find((l) => l.rel === rel)?.href;

interface Walked {
  ids: string[];
  documents: number;
}

/** Walks from a subscription document; every archive's `current` link must lead back to it. */
async function walkAtom(start: string): Promise<Walked> {
  const ids: string[] = [];
  let url: string | undefined = start;
  let documents = 0;
  while (url) {
    const body = await get(url);
    const check = await validateXML({
      xml: [{ fileName: url, contents: body }],
      schema: [atomSchema],
      extension: "relaxng",
    });
    expect(check.errors, url).toEqual([]);
    const feed = xml.parse(body).feed;
    ids.push(...(feed.entry ?? []).map((e: { id: string }) => e.id));
    if (documents > 0) {
      expect(feed["fh:archive"], `${url} is marked as an archive`).toBeDefined();
      expect(linkTo(feed.link, "current")).toBe(start);
    }
    url = linkTo(feed.link, "prev-archive");
    documents++;
  }
  return { ids, documents };
}

describe(`${GENERATED} generated articles and the bundled one`, () => {
  const total = GENERATED + 1;
  const expectedDocuments = 1 + Math.ceil((total - PAGE_SIZE) / PAGE_SIZE);

  it("are all reached exactly once walking prev-archive from /atom.xml, and every document is valid Atom", async () => {
    const { ids, documents } = await walkAtom(`${SITE_URL}/atom.xml`);
    expect(documents).toBe(expectedDocuments);
    expect(ids).toHaveLength(total);
    expect(new Set(ids)).toEqual(new Set(collection.articles.map((a) => a.id)));
  });

  it("are all reached exactly once walking atom:link prev-archive from /rss.xml, in well-formed RSS", async () => {
    const guids: string[] = [];
    let url: string | undefined = `${SITE_URL}/rss.xml`;
    while (url) {
      const body = await get(url);
      expect(XMLValidator.validate(body), url).toBe(true);
      const channel = xml.parse(body).rss.channel;
      guids.push(...(channel.item ?? []).map((i: { guid: { "#text": string } }) => i.guid["#text"]));
      url = linkTo(channel["atom:link"], "prev-archive");
    }
    expect(guids).toHaveLength(total);
    expect(new Set(guids).size).toBe(total);
  });

  it("are all reached exactly once following JSON Feed next_url", async () => {
    const ids: string[] = [];
    let url: string | undefined = `${SITE_URL}/feed.json`;
    while (url) {
      const feed = JSON.parse(await get(url)) as { version: string; items: { id: string }[]; next_url?: string };
      expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
      ids.push(...feed.items.map((i) => i.id));
      url = feed.next_url;
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it("keep a full archive unchanged when a newer article arrives (RFC 5005: archives are stable)", async () => {
    const before = await get("/archive/1/atom.xml");
    const newer: Collection = {
      ...collection,
      articles: [
        {
          ...collection.articles[0]!,
          slug: "newest",
          id: "urn:uuid:00000000-0000-5000-8000-000000000001",
          published: "2024-08-01T00:00:00Z",
          updated: "2024-08-01T00:00:00Z",
        },
        ...collection.articles,
      ],
    };
    const res = await siteApp(newer).request(`${SITE_URL}/archive/1/atom.xml`, {}, siteVars());
    expect(await res.text()).toBe(before);
  });

  it("answers 404 for an archive number that does not exist, or is written another way", async () => {
    for (const path of [
      "/archive/0/atom.xml",
      `/archive/${expectedDocuments}/atom.xml`,
      "/archive/01/atom.xml",
      "/archive/x/atom.xml",
    ]) {
      const res = await app.request(SITE_URL + path, {}, siteVars());
      expect(res.status, path).toBe(404);
    }
  });

  it("gives each tag feed its own archive chain that reaches every article with that tag", async () => {
    const tag = "border";
    const tagged = collection.articles.filter((a) => a.tags.includes(tag));
    expect(tagged.length).toBeGreaterThan(PAGE_SIZE * 2);
    const { ids } = await walkAtom(`${SITE_URL}/tags/${tag}/atom.xml`);
    expect(ids).toHaveLength(tagged.length);
    expect(new Set(ids)).toEqual(new Set(tagged.map((a) => a.id)));
  });
});
