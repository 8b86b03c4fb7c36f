// What `npm start` and `npm run deploy` run for the arguments a user gives after `--`
// (src/build/commands.ts): the user's flags win, and a dry run never deploys.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { BUILD_COMMAND, DEV_ORIGIN, deploySteps, hasFlag, startSteps, varOverrides } from "../../src/build/commands";
import { deployProblems, federationProblems } from "../../src/build/deploy-checks";

const wranglerOf = (steps: ReturnType<typeof startSteps>) => steps.filter(([, argv]) => argv[0] === "wrangler");

describe("npm start", () => {
  it("serves the site and its fediverse Worker on 127.0.0.1:8787 by default, and tells the Worker so", () => {
    const [dev] = wranglerOf(startSteps([]));
    expect(dev).toEqual([
      "npx",
      [
        "wrangler",
        "dev",
        "-c",
        "wrangler.toml",
        "-c",
        "src/federation/wrangler.toml",
        "--ip",
        "127.0.0.1",
        "--port",
        "8787",
        "--var",
        `${DEV_ORIGIN}:http://127.0.0.1:8787`,
      ],
    ]);
  });

  it("makes the fediverse Worker's development key before serving, and keeps a user's own configs", () => {
    const steps = startSteps([]).map(([, argv]) => argv.join(" "));
    expect(steps.indexOf("tsx src/build/federation-keys.ts --dev")).toBeLessThan(
      steps.findIndex((s) => s.startsWith("wrangler dev")),
    );
    const [, argv] = wranglerOf(startSteps(["-c", "other.toml"]))[0]!;
    expect(argv.filter((a) => a === "-c")).toHaveLength(1);
  });

  it.each([
    [["--port", "8811"], "http://127.0.0.1:8811"],
    [["--ip=::1", "--port=9000"], "http://[::1]:9000"],
    [["--local-protocol", "https"], "https://127.0.0.1:8787"],
  ])("%j: the Worker is told the address it serves on, %s", (args, origin) => {
    const [, argv] = wranglerOf(startSteps(args))[0]!;
    expect(argv).toContain(`${DEV_ORIGIN}:${origin}`);
  });

  it.each([
    [["--port", "8811"], "--port"],
    [["--port=8811"], "--port"],
    [["--ip", "0.0.0.0"], "--ip"],
    [["--ip=::1"], "--ip"],
  ])("%j: the user's value, and no default beside it", (args, flag) => {
    const [, argv] = wranglerOf(startSteps(args))[0]!;
    expect(argv.filter((a) => a === flag || a.startsWith(`${flag}=`))).toHaveLength(1);
    expect(argv.slice(-args.length)).toEqual(args);
  });

  it("passes every other flag through as given", () => {
    const args = ["--inspector-port", "9230", "--var", "SITE_TITLE:Hello", "--local-protocol", "https"];
    const [, argv] = wranglerOf(startSteps(args))[0]!;
    expect(argv.slice(-args.length)).toEqual(args);
  });
});

describe("--var", () => {
  it("reads NAME:VALUE pairs, a value with colons, and the --var=NAME:VALUE form", () => {
    expect(
      varOverrides([
        "--var",
        "SITE_TITLE:Hello",
        "SITE_URL:https://a.example:8443",
        "--port",
        "1",
        "--var=PAGE_SIZE:5",
      ]),
    ).toEqual({ SITE_TITLE: "Hello", SITE_URL: "https://a.example:8443", PAGE_SIZE: "5" });
  });
});

describe("the build's command", () => {
  const ROOT = join(import.meta.dirname, "../..");

  it("is the same for npm run build:content and for wrangler's [build]", async () => {
    const scripts = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")).scripts;
    const wrangler = parse(await readFile(join(ROOT, "wrangler.toml"), "utf8")) as { build?: { command?: unknown } };
    expect(scripts["build:content"]).toBe(BUILD_COMMAND);
    expect(wrangler.build?.command).toBe(BUILD_COMMAND);
  });
});

describe("npm run deploy", () => {
  it("builds, uploads, deploys, then prunes", () => {
    expect(deploySteps([], "/tmp/x").map(([, argv]) => argv.join(" "))).toEqual([
      "run --silent build:content",
      "tsx src/build/upload.ts",
      "wrangler deploy",
      "tsx src/build/upload.ts --prune",
    ]);
  });

  it.each([[["--dry-run"]], [["--dry-run", "--env", "staging"]], [["--env", "staging", "--dry-run"]]])(
    "%j: no step deploys or writes anything remote",
    (args) => {
      const steps = deploySteps(args, "/tmp/x");
      for (const [, argv] of steps) {
        if (argv[0] === "wrangler") expect(hasFlag(argv, "--dry-run"), argv.join(" ")).toBe(true);
        if (argv.includes("src/build/upload.ts")) expect(argv).toContain("--dry-run");
      }
      expect(steps.some(([, argv]) => argv[0] === "wrangler" && argv[1] === "deploy")).toBe(true);
    },
  );
});

describe("what npm run deploy refuses", () => {
  const ledger = { durable_objects: { bindings: [{ name: "WEBSUB_LEDGER" }] } };

  it("is ready with push off, or with hubs, SITE_URL and the ledger", () => {
    expect(deployProblems({ vars: { WEBSUB_HUBS: "" }, ...ledger })).toEqual([]);
    expect(
      deployProblems({ vars: { WEBSUB_HUBS: "https://hub.example/", SITE_URL: "https://news.example" }, ...ledger }),
    ).toEqual([]);
  });

  it("hubs without SITE_URL, or without the ledger's binding, each named with what to set", () => {
    expect(deployProblems({ vars: { WEBSUB_HUBS: "https://hub.example/", SITE_URL: "" }, ...ledger })).toEqual([
      expect.stringMatching(/WEBSUB_HUBS is set but SITE_URL is empty.*set SITE_URL = /),
    ]);
    expect(deployProblems({ vars: { WEBSUB_HUBS: "https://hub.example/", SITE_URL: "https://news.example" } })).toEqual(
      [expect.stringMatching(/"WEBSUB_LEDGER" is missing/)],
    );
  });

  it("reads --var overrides as wrangler does", () => {
    const vars = { WEBSUB_HUBS: "", SITE_URL: "" };
    expect(deployProblems({ vars, ...ledger }, { WEBSUB_HUBS: "https://hub.example/" })).toHaveLength(1);
    expect(
      deployProblems({ vars, ...ledger }, { WEBSUB_HUBS: "https://hub.example/", SITE_URL: "https://news.example" }),
    ).toEqual([]);
  });
});

describe("what npm run deploy refuses of a site that is an actor", () => {
  const bound = { services: [{ binding: "FEDERATION" }] };

  it("is ready with no handle, or with a handle, SITE_URL and the binding", () => {
    expect(federationProblems({ vars: { FEDIVERSE_HANDLE: "", SITE_URL: "" } })).toEqual([]);
    expect(
      federationProblems({ vars: { FEDIVERSE_HANDLE: "news", SITE_URL: "https://news.example" }, ...bound }),
    ).toEqual([]);
  });

  it("a handle without SITE_URL, or without the binding, each named with what to set", () => {
    expect(federationProblems({ vars: { FEDIVERSE_HANDLE: "news", SITE_URL: "" }, ...bound })).toEqual([
      expect.stringMatching(/FEDIVERSE_HANDLE is "news" but SITE_URL is empty.*set SITE_URL = /),
    ]);
    expect(federationProblems({ vars: { FEDIVERSE_HANDLE: "news" } }, { SITE_URL: "https://news.example" })).toEqual([
      expect.stringMatching(/service binding "FEDERATION" is missing/),
    ]);
  });
});
