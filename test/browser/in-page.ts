// The browser globals that test code passed to page.evaluate touches. This project type-checks without
// the DOM library (its code runs in Workers and Node), so the little that runs in Chromium is typed here.
// Evaluated functions are sent as source text: they reach these through `globalThis`, not an import.
import type * as Axe from "axe-core";

export interface InPageElement {
  textContent: string | null;
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; height: number };
}

export interface InPageStyle {
  maxWidth: string;
  lineHeight: string;
  outlineStyle: string;
  outlineWidth: string;
}

export interface SecurityPolicyViolation {
  violatedDirective: string;
  blockedURI: string;
  sourceFile: string;
}

/** What the tests read of a fetch() answer. */
export interface InPageResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface InPage {
  document: {
    body: InPageElement & { append(node: unknown): void };
    createElement(name: "img"): { src: string };
    documentElement: { scrollWidth: number; clientWidth: number };
    activeElement: InPageElement | null;
    querySelectorAll(selector: string): ArrayLike<InPageElement>;
    addEventListener(type: "securitypolicyviolation", listener: (event: SecurityPolicyViolation) => void): void;
  };
  getComputedStyle(element: InPageElement): InPageStyle;
  innerWidth: number;
  fetch(
    url: string,
    init?: { headers?: Record<string, string>; cache?: "default" | "no-cache" },
  ): Promise<InPageResponse>;
  /** Absent where XSLT is switched off (every browser test: ./chromium.ts). */
  XSLTProcessor?: unknown;
  /** Set by axe-core's script once evaluated. */
  axe: typeof Axe;
  /** Exposed by the tests (observe in chromium.ts). */
  __edgefeedViolation(report: string): void;
}
