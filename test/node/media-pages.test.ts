// Pages of the media collection as the Worker sends them: no page, not even one rendered per request
// (an error page), names a medium at the build's placeholder address.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { SITE_URL } from "../support/feed-fixtures";
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
