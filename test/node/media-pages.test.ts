// Pages of the media collection as the Worker sends them: no page, not even one rendered per request
// (an error page), names a medium at the build's placeholder address.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/worker/app";
import { SITE_URL, siteVars } from "../support/feed-fixtures";
import { mediaSite } from "../support/media-fixture";

describe("pages with the site's icons", () => {
  it.each(["/", "/articles/council-approves-harbour-plan", "/no-such-page", "/media/nothing.000000000000.mp3"])(
    "%s names the icons at the site's own address",
    async (path) => {
      const { site, vars } = await mediaSite();
      const app = createApp({ current: site.current, store: () => ({ get: async (key) => site.stored.get(key) }) });
      const res = await app.request(SITE_URL + path, { headers: { Accept: "text/html" } }, { ...vars, SITE_URL });
      const html = await res.text();
      expect(html).toMatch(/<link rel="icon" href="\/media\/favicon-64\.[0-9a-f]{12}\.png" type="image\/png"\/>/);
      expect(html).not.toContain("edgefeed.invalid");
    },
  );
});

describe("the lists and the byline", () => {
  async function page(path: string) {
    const { site, vars } = await mediaSite();
    const app = createApp({ current: site.current, store: () => ({ get: async (key) => site.stored.get(key) }) });
    const res = await app.request(SITE_URL + path, {}, { ...vars, SITE_URL });
    expect(res.status, path).toBe(200);
    return { html: await res.text(), csp: res.headers.get("Content-Security-Policy") ?? "" };
  }

  it.each(["/", "/tags/harbour", "/rss.xml"])(
    "%s shows each lead image as a small, sized, lazy thumbnail with its alt text, which the CSP allows",
    async (path) => {
      const { html, csp } = path.endsWith(".xml")
        ? await (async () => {
            const { site, vars } = await mediaSite();
            const app = createApp({ current: site.current, store: () => ({ get: async (k) => site.stored.get(k) }) });
            const res = await app.request(
              SITE_URL + path,
              { headers: { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" } },
              { ...vars, SITE_URL },
            );
            return { html: await res.text(), csp: res.headers.get("Content-Security-Policy") ?? "" };
          })()
        : await page(path);
      const thumbs = [...html.matchAll(/<img class="thumb"[^>]*>/g)].map((m) => m[0]);
      // Newest first (the crane's wire story is dated June 4th): 800×450 (JPEG), 1600×900 (remote) and
      // 1200×630 (PNG) lead images, at 96 px wide.
      expect(thumbs).toEqual([
        expect.stringMatching(
          /src="https:\/\/news\.example\/media\/harbour-crane\.[0-9a-f]{12}\.jpg" alt="The crane on the deck [^"]*" width="96" height="54" loading="lazy"/,
        ),
        expect.stringMatching(
          /src="https:\/\/images\.example\.net\/ferry\/timetable-board\.jpg" alt="The departures board at the ferry terminal" width="96" height="54" loading="lazy"/,
        ),
        expect.stringMatching(
          /src="https:\/\/news\.example\/media\/council-chamber\.[0-9a-f]{12}\.png" alt="The council chamber, [^"]*" width="96" height="50" loading="lazy"/,
        ),
      ]);
      expect(csp).toMatch(/img-src 'self' https:\/\/images\.example\.net/);
    },
  );

  it("names the article's author, or the site's, as the feeds do", async () => {
    expect((await page("/articles/council-approves-harbour-plan")).html).toContain(
      '<span class="byline">By City desk</span>',
    );
    expect((await page("/articles/harbour-crane-arrives")).html).toContain(
      `<span class="byline">By ${siteVars().SITE_AUTHOR}</span>`,
    );
    expect((await page("/")).html).toContain('<span class="byline">By City desk</span>');
  });
});
