// src/shared/content/media.ts: an article's media in the order the outputs list them, where the pages load
// them from (their CSP), and the feeds' content that starts with the lead image.
import { describe, expect, it } from "vitest";
import { articleMedia, contentWithImage, mediaSources } from "../../src/shared/content/media";
import type { Article } from "../../src/shared/content/schema";
import { OPEN_ORIGIN } from "../../src/shared/contract";

const image = {
  url: `${OPEN_ORIGIN}/media/a.0123456789ab.png`,
  type: "image/png",
  length: 10,
  width: 4,
  height: 3,
  alt: 'A "b" & <c>',
};
const mp3 = { url: "https://audio.example/x.mp3", type: "audio/mpeg", length: 5 };
const pdf = { url: "https://docs.example/x.pdf", type: "application/pdf", length: 7 };
const article = (fields: Partial<Article>) => ({ contentHtml: "<p>Text.</p>", ...fields }) as Article;

describe("articleMedia", () => {
  it("lists the lead image, then the attachments in their order", () => {
    expect(articleMedia(article({ image, attachments: [mp3, pdf] }))).toEqual([image, mp3, pdf]);
    expect(articleMedia(article({}))).toEqual([]);
  });
});

describe("mediaSources", () => {
  it("gives the origins of remote images (lead and in bodies) and of audio and video, the site's own as 'self'", () => {
    const sources = mediaSources({
      articles: [
        article({ image, attachments: [mp3, pdf, { ...mp3, url: `${OPEN_ORIGIN}/media/b.0123456789ab.mp3` }] }),
        article({
          image: { ...image, url: "https://img.example/z.jpg" },
          contentHtml: '<p><img src="https://maps.example/m.png?a=1&amp;b=2" alt="m" /></p>',
        }),
      ],
    });
    expect(sources).toEqual({
      img: ["https://img.example", "https://maps.example"],
      media: ["'self'", "https://audio.example"],
    });
  });

  it("is nothing beyond the site's own images for text only", () => {
    expect(mediaSources({ articles: [article({})] })).toEqual({ img: [], media: [] });
  });
});

describe("contentWithImage", () => {
  it("puts the lead image first, sized, with its alt text and caption escaped", () => {
    expect(contentWithImage(article({ image: { ...image, caption: "Photo: <Agency>" } }))).toBe(
      `<figure><img src="${image.url}" alt="A &quot;b&quot; &amp; &lt;c&gt;" width="4" height="3"><figcaption>Photo: &lt;Agency&gt;</figcaption></figure>\n<p>Text.</p>`,
    );
  });

  it("leaves a body without a lead image as it is", () => {
    expect(contentWithImage(article({}))).toBe("<p>Text.</p>");
  });
});
