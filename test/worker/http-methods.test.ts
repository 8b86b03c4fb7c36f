// Methods, unknown addresses and CORS: 405 with Allow, 404 for people and for programs, preflight.
// The 405 rule and its response are unit-tested in test/node/http/send.test.ts; here each kind of
// route proves it is wired to it.
import { describe, expect, it } from "vitest";
import { FEED_KINDS, get, KINDS, list, mediaType } from "./http-fixtures";

const ALLOW = ["get", "head", "options"];

async function expect405(path: string, method: string) {
  const res = await get(path, {}, method);
  expect(res.status).toBe(405);
  expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  expect(res.headers.get("ETag")).toBeNull();
  expect(await res.text()).toMatch(/method/i);
}

describe.each(KINDS)("$path", ({ path }) => {
  it("POST → 405 with Allow: GET, HEAD, OPTIONS", async () => {
    await expect405(path, "POST");
  });

  it("OPTIONS → 204 naming the allowed methods", async () => {
    const res = await get(path, {}, "OPTIONS");
    expect(res.status).toBe(204);
    expect(list(res, "Allow")).toEqual(ALLOW);
    expect(await res.text()).toBe("");
  });
});

it.each(["PUT", "DELETE", "PATCH"])("%s /rss.xml → 405 with Allow: GET, HEAD, OPTIONS", async (method) => {
  await expect405("/rss.xml", method);
});

describe.each(FEED_KINDS)("CORS on $path", ({ path }) => {
  it("lets any origin read the feed and its validators", async () => {
    const res = await get(path, { Origin: "https://reader.example" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    // Last-Modified and Content-Length are CORS-safelisted (Fetch standard): readable without naming them.
    expect(list(res, "Access-Control-Expose-Headers")).toEqual(["etag"]);
  });

  it("answers a preflight with 204, the methods, the conditional headers and a max-age", async () => {
    const res = await get(
      path,
      {
        Origin: "https://reader.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match, if-modified-since",
      },
      "OPTIONS",
    );
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(list(res, "Access-Control-Allow-Methods")).toEqual(expect.arrayContaining(["get", "head"]));
    expect(list(res, "Access-Control-Allow-Headers")).toEqual(
      expect.arrayContaining(["if-none-match", "if-modified-since"]),
    );
    expect(Number(res.headers.get("Access-Control-Max-Age"))).toBeGreaterThan(0);
  });

  it("exposes the validator on a 304 as well", async () => {
    const etag = (await get(path)).headers.get("ETag") ?? "";
    const res = await get(path, { Origin: "https://reader.example", "If-None-Match": etag });
    expect(res.status).toBe(304);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(list(res, "Access-Control-Expose-Headers")).toEqual(["etag"]);
  });
});

const UNKNOWN = [
  "/nope",
  "/articles/no-such-story",
  "/tags/no-such-tag",
  "/tags/no-such-tag/rss.xml",
  "/tags/no-such-tag/atom.xml",
  "/archive/1/rss.xml", // one article: everything is in the current document, so there is no archive
  "/page/2",
  "/page/1", // one article: it is on the first page, so there is no older page
  "/rss.xml/",
  "/assets/style.css", // only content-hashed asset names exist
];

describe.each(UNKNOWN)("unknown %s", (path) => {
  it("is a plain-text 404 for a program", async () => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(mediaType(res)).toBe("text/plain");
    expect(await res.text()).not.toContain("<");
  });

  it("stays a 404, not a 405, for other methods: there is no resource to allow anything on", async () => {
    const res = await get(path, {}, "POST");
    expect(res.status).toBe(404);
  });

  it("ignores conditional headers (RFC 9110 §13.2.1: they apply only to a 2xx)", async () => {
    const res = await get(path, { "If-None-Match": "*" });
    expect(res.status).toBe(404);
  });
});

// How a 404 is written is one rule (notFound in src/worker/errors.ts): checked on two of the addresses.
describe.each(["/nope", "/tags/no-such-tag/rss.xml"])("the 404 at %s", (path) => {
  it("is a page for browsers", async () => {
    const res = await get(path, { Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" });
    expect(res.status).toBe(404);
    expect(mediaType(res)).toBe("text/html");
    expect(await res.text()).toMatch(/<html[\s\S]*Not Found/);
    expect(list(res, "Vary")).toContain("accept");
  });

  it.each([[{ Accept: "*/*" }], [{ Accept: "application/rss+xml" }], [{ Accept: "text/html;q=0, */*" }]])(
    "is plain text otherwise (%j)",
    async (headers) => {
      const res = await get(path, headers);
      expect(res.status).toBe(404);
      expect(mediaType(res)).toBe("text/plain");
      expect(await res.text()).not.toContain("<");
    },
  );
});
