// What `npm start` and `npm run deploy` run for the arguments a user gives after `--`
// (src/build/commands.ts): the user's flags win, and a dry run never deploys.
import { describe, expect, it } from "vitest";
import { deploySteps, hasFlag, startSteps, varOverrides } from "../../src/build/commands";

const wranglerOf = (steps: ReturnType<typeof startSteps>) => steps.filter(([, argv]) => argv[0] === "wrangler");

describe("npm start", () => {
  it("serves on 127.0.0.1:8787 by default", () => {
    const [dev] = wranglerOf(startSteps([]));
    expect(dev).toEqual(["npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", "8787"]]);
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
