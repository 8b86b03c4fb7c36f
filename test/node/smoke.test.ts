import { expect, it } from "vitest";
import { parseWire } from "../../src/content/wire";

it("parses", () => {
  expect(
    parseWire("Monday, July 22\nus 1\n\nT\n\nP\n", "f.txt", "f", { referenceYear: 2026, timeZone: "UTC" }).published,
  ).toBe("2024-07-22T00:00:00Z");
});
