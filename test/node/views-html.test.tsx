// Every kind of page, rendered through the whole app, is valid HTML (html-validate, its recommended rules).
import { HtmlValidate } from "html-validate";
import { expect, it } from "vitest";
import { NAVIGATION } from "../../src/worker/http/negotiation";
import { siteApp } from "../support/site-app";
import { BASE, collection, VARS } from "./views-fixture";

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    // hono/jsx writes void elements as <meta/>: valid HTML, one consistent style.
    "void-style": ["error", { style: "selfclose" }],
    // A <title> is the headline the author wrote; cutting it to 70 characters would lose words.
    "long-title": "off",
  },
});

const PAGES = [
  ["/", 200],
  ["/page/1", 200],
  ["/articles/talks-and-terms", 200],
  ["/articles/quiet-day", 200],
  ["/tags", 200],
  ["/tags/us", 200],
  ["/tags/us/page/1", 200],
  ["/articles/no-such-article", 404],
  // Feeds as a browser's navigation gets them: their HTML view.
  ["/rss.xml", 200],
  ["/tags/us/atom.xml", 200],
  ["/archive/1/feed.json", 200],
] as const;

it.each(PAGES)("%s is valid HTML", async (path, status) => {
  const headers = { ...NAVIGATION, Accept: "text/html" };
  const response = await siteApp(collection).request(BASE + path, { headers }, VARS);
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^text\/html; charset=utf-8$/i);
  const html = await response.text();
  // Standards mode on every page, the error pages included.
  expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
  const report = await validator.validateString(html, path);
  const problems = report.results.flatMap((r) =>
    r.messages.map((m) => `${m.ruleId}: ${m.message} at "${html.slice(m.offset, m.offset + 60)}"`),
  );
  expect(problems).toEqual([]);
  expect(report.valid).toBe(true);
});
