// src/shared/activitypub/objects.ts: an article as an Activity Streams 2.0 Note and the Create that
// publishes it, for a wire story and for a Markdown article with a lead image and tags, filled in with the
// site's address as the Worker fills in every document; the JSON-LD read back by jsonld.js, an
// independent processor, with the AS2 context fedify preloads, so the terms are checked against their IRIs.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { preloadedContexts } from "@fedify/vocab-runtime";
import { DomUtils } from "htmlparser2";
import jsonld, { type RemoteDocument } from "jsonld";
import { describe, expect, it } from "vitest";
import { AP_PATHS } from "../../../src/shared/activitypub/addresses";
import { createActivity, createOf, noteOf } from "../../../src/shared/activitypub/objects";
import type { Article } from "../../../src/shared/content/schema";
import { OPEN_ORIGIN } from "../../../src/shared/contract";
import { fillBody, openBody } from "../../../src/shared/http/open-origin";
import { siteFrom } from "../../../src/shared/site";
import { CONTENT_DIR, collectionFrom, siteVars } from "../../support/feed-fixtures";
import { paragraphTexts, parseHtml } from "../../support/html-text";
import { mediaCollection } from "../../support/media-fixture";
import { wireText } from "../../support/wire-articles";

const BASE = "https://news.example";
const AS = "https://www.w3.org/ns/activitystreams#";
/** The site as the build renders it: its address left open, filled in per request. */
const site = siteFrom(siteVars({ SITE_URL: OPEN_ORIGIN, SITE_LANGUAGE: "en-GB" }), OPEN_ORIGIN);

/** A document as a request to BASE gets it: rendered open, filled in, parsed back. */
function served<T>(document: T): T {
  const bytes = fillBody(openBody(JSON.stringify(document)), BASE);
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}

async function wireStory(): Promise<Article> {
  return (await collectionFrom(CONTENT_DIR)).articles[0]!;
}

async function markdownWithImage(): Promise<Article> {
  return (await mediaCollection()).articles.find((a) => a.slug === "council-approves-harbour-plan")!;
}

/** Offline: only the contexts fedify ships with, so a typo in a context IRI fails here rather than fetching. */
async function documentLoader(url: string): Promise<RemoteDocument> {
  const document = preloadedContexts[url];
  if (document === undefined) throw new Error(`no preloaded context ${url}`);
  return { contextUrl: null, document, documentUrl: url };
}

describe("a wire story as a Note", () => {
  it("has every field, with the site's address filled in", async () => {
    const url = `${BASE}/articles/us-mexico-partnership-fentanyl-migration`;
    const content =
      "<p><strong>U.S., Mexico try to forge partnership on fentanyl, migration</strong></p>" +
      "<p>The Biden administration has been dedicating a significant amount of time to its prickly ally and neighbor to the south, Mexico.</p>" +
      `<p><a href="${url}">${url}</a></p>`;
    expect(served(noteOf(await wireStory(), site))).toStrictEqual({
      "@context": ["https://www.w3.org/ns/activitystreams", { Hashtag: "as:Hashtag", sensitive: "as:sensitive" }],
      id: url,
      type: "Note",
      attributedTo: `${BASE}/@news`,
      published: "2024-07-22T00:00:00Z",
      url,
      to: ["https://www.w3.org/ns/activitystreams#Public"],
      cc: [`${BASE}/@news/followers`],
      sensitive: false,
      content,
      contentMap: { "en-GB": content },
      tag: [
        { type: "Hashtag", name: "#mexico", href: `${BASE}/tags/mexico` },
        { type: "Hashtag", name: "#us", href: `${BASE}/tags/us` },
      ],
      attachment: [],
    });
  });

  it("is published by a Create of its own, addressed as the Note is", async () => {
    const article = await wireStory();
    const note = served(noteOf(article, site));
    const create = served(createOf(article, site));
    const { "@context": context, ...object } = note;
    expect(create).toStrictEqual({
      "@context": context,
      id: `${note.id}#create`,
      type: "Create",
      actor: `${BASE}/@news`,
      published: note.published,
      to: note.to,
      cc: note.cc,
      object,
    });
    // As a collection's item it names no context: the collection's covers it.
    expect(createActivity(article, site)).not.toHaveProperty("@context");
  });
});

describe("a Markdown article with a lead image and tags as a Note", () => {
  it("has the image as an attachment with its type, size and alt text, and a Hashtag per tag", async () => {
    const article = await markdownWithImage();
    const note = served(noteOf(article, site));
    expect(note.attachment).toStrictEqual([
      {
        type: "Image",
        mediaType: "image/png",
        url: `${BASE}/media/council-chamber.1067a578906c.png`,
        name: "The council chamber, seen from the public gallery, during the vote",
        width: 1200,
        height: 630,
      },
    ]);
    expect(note.tag).toStrictEqual([
      { type: "Hashtag", name: "#council", href: `${BASE}/tags/council` },
      { type: "Hashtag", name: "#harbour", href: `${BASE}/tags/harbour` },
    ]);
    expect(note.attributedTo).toBe(BASE + AP_PATHS.actor("news"));
    expect(paragraphTexts(note.content)).toEqual([article.title, article.summary, `${BASE}/articles/${article.slug}`]);
    // No summary: Mastodon would show it as a content warning in front of the content.
    expect(note).not.toHaveProperty("summary");
    expect(note).not.toHaveProperty("updated");
  });

  it("says it was updated only when it was", async () => {
    const article = { ...(await markdownWithImage()), updated: "2026-06-03T08:00:00+02:00" };
    expect(noteOf(article, site).updated).toBe("2026-06-03T08:00:00+02:00");
    // The same moment written another way is no update.
    expect(noteOf({ ...article, updated: "2026-06-02T11:30:00+02:00" }, site)).not.toHaveProperty("updated");
  });
});

describe("escaping", () => {
  it("keeps a title with <script> and & as text, in content and contentMap", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edgefeed-activitypub-"));
    try {
      const title = 'Q&A: <script>alert("x")</script> & AT&amp;T';
      const summary = "Tom & Jerry </p><p>said <b>nothing</b>.";
      await writeFile(
        join(dir, "nasty.txt"),
        wireText({ date: new Date(Date.UTC(2025, 0, 6)), keywords: "nasty 1", title, paragraphs: [summary, "More."] }),
      );
      const [article] = (await collectionFrom(dir)).articles;
      const note = served(noteOf(article!, site));
      expect(note.content).not.toContain("<script");
      expect(note.content).not.toContain("<b>");
      expect(note.content).toContain("Q&amp;A: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; AT&amp;amp;T");
      // Read by an HTML parser, it is the three paragraphs, with the text exactly as written.
      expect(paragraphTexts(note.content)).toEqual([title, summary, `${BASE}/articles/${article!.slug}`]);
      const parsed = parseHtml(note.content);
      expect(DomUtils.getElementsByTagName("script", parsed)).toEqual([]);
      expect(DomUtils.getElementsByTagName("b", parsed)).toEqual([]);
      expect(note.contentMap["en-GB"]).toBe(note.content);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("as JSON-LD", () => {
  it("expands to the AS2 IRIs: its type, id, every property, the Hashtag and sensitive terms", async () => {
    const article = await markdownWithImage();
    const [create] = await jsonld.expand(served(createOf(article, site)), { documentLoader });
    const url = `${BASE}/articles/${article.slug}`;
    expect(create).toMatchObject({ "@id": `${url}#create`, "@type": [`${AS}Create`] });
    expect(create![`${AS}actor`]).toEqual([{ "@id": `${BASE}/@news` }]);
    const [note] = create![`${AS}object`] as Record<string, unknown>[];
    expect(note).toMatchObject({ "@id": url, "@type": [`${AS}Note`] });
    expect(Object.keys(note!).sort()).toEqual(
      ["@id", "@type", "attachment", "attributedTo", "cc", "content", "published", "sensitive", "tag", "to", "url"]
        .map((term) => (term.startsWith("@") ? term : AS + term))
        .sort(),
    );
    expect(note![`${AS}to`]).toEqual([{ "@id": `${AS}Public` }]);
    expect(note![`${AS}cc`]).toEqual([{ "@id": `${BASE}/@news/followers` }]);
    expect(note![`${AS}sensitive`]).toEqual([{ "@value": false }]);
    // content and contentMap: the same text, once without a language and once in the site's (which the
    // processor writes in lower case: BCP 47 §2.1.1 language tags are case-insensitive).
    const content = served(noteOf(article, site)).content;
    expect(note![`${AS}content`]).toEqual([{ "@value": content }, { "@value": content, "@language": "en-gb" }]);
    expect(note![`${AS}tag`]).toEqual(
      article.tags.map((tag) => ({
        "@type": [`${AS}Hashtag`],
        [`${AS}name`]: [{ "@value": `#${tag}` }],
        [`${AS}href`]: [{ "@id": `${BASE}/tags/${tag}` }],
      })),
    );
    expect(note![`${AS}attachment`]).toEqual([
      {
        "@type": [`${AS}Image`],
        [`${AS}mediaType`]: [{ "@value": "image/png" }],
        [`${AS}url`]: [{ "@id": `${BASE}/media/council-chamber.1067a578906c.png` }],
        [`${AS}name`]: [{ "@value": article.image!.alt }],
        [`${AS}width`]: [{ "@value": 1200, "@type": "http://www.w3.org/2001/XMLSchema#nonNegativeInteger" }],
        [`${AS}height`]: [{ "@value": 630, "@type": "http://www.w3.org/2001/XMLSchema#nonNegativeInteger" }],
      },
    ]);
  });
});
