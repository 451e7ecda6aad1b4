// The fast YAML reader against `yaml`: a differential fuzz (a few thousand texts here; the
// 100,000-text run is bench/fuzz-yaml.mjs), every spec shape users write read on the fast
// path with `yaml`'s values and positions, the cases an earlier review found, and nesting
// at and past the depth bound on both paths.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { fastParse } from "../../src/spec/fast-yaml.js";
import { SPEC_LIMITS, newBudget } from "../../src/spec/limits.js";
import { Locator } from "../../src/spec/positions.js";
import { readWithYaml } from "../../src/spec/yaml-doc.js";
import { checkText, yamlTexts, type FuzzApi } from "../../bench/yaml-fuzz.mjs";
import { generateSpec, generateSplitSpec } from "../../bench/gen-spec.mjs";
import { repoRoot } from "../helpers/cli.js";

const api = { fastParse, readWithYaml, Locator, parse, newBudget, SPEC_LIMITS } as unknown as FuzzApi;
const DEPTH = SPEC_LIMITS.depth;

describe("fast reader: differential fuzz against yaml", () => {
  it("returns what yaml returns, with the same positions, or gives up (3,000 texts)", () => {
    fc.assert(
      fc.property(yamlTexts(fc), (text) => {
        checkText(text, api);
      }),
      { numRuns: 3000 },
    );
  });

  it("reads a fair share of the generated texts itself, so that the comparison means something", () => {
    const kinds = fc.sample(yamlTexts(fc), { numRuns: 1000, seed: 42 }).map((t) => checkText(t, api));
    const read = kinds.filter((k) => k !== "bail").length;
    expect(read).toBeGreaterThan(200);
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        fastParse(text, "f", { maxDepth: 8, store: new Locator(new Map()).store, rethrow: true });
      }),
      { numRuns: 2000 },
    );
  });
});

/** The YAML code blocks of a Markdown file. */
function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe("fast reader: every spec shape users write is on the fast path", () => {
  const files: [string, string][] = [
    ["workspaces.yaml", readFileSync(join(repoRoot, "workspaces.yaml"), "utf8")],
    ...["agency", "enterprise", "nested-own-billing"].map((n): [string, string] => [`examples/${n}.yaml`, readFileSync(join(repoRoot, "examples", `${n}.yaml`), "utf8")]),
    ...yamlBlocks(readFileSync(join(repoRoot, "README.md"), "utf8")).map((t, i): [string, string] => [`README.md yaml block ${i + 1}`, t]),
    ["generated, block style", generateSpec({ subWorkspaces: 5, membersPerWorkspace: 4 })],
    ["generated, flow style", generateSpec({ subWorkspaces: 5, membersPerWorkspace: 4, style: "flow" })],
    ...Object.entries(generateSplitSpec({ subWorkspaces: 5, membersPerWorkspace: 4, style: "flow", perFragment: 2 }).fragments).map(
      ([p, t]): [string, string] => [`split spec fragment ${p}`, t],
    ),
    ["split spec root", generateSplitSpec({ subWorkspaces: 5, membersPerWorkspace: 4, perFragment: 2 }).root],
  ];

  it("finds the README's spec", () => {
    expect(files.filter(([n]) => n.startsWith("README.md")).length).toBeGreaterThan(0);
  });

  it.each(files)("%s: read by the fast reader, equal to yaml, same positions", (_, text) => {
    expect(checkText(text, api, DEPTH)).toBe("value");
  });
});

describe("fast reader: the cases an earlier differential run found", () => {
  // Each was read to another value than yaml's; now each is read the same or left to yaml.
  it.each([
    ["keys yaml reads as null, booleans or numbers", ["null: 1\n", "~: 1\n", "True: 1\n", "FALSE: 1\n", "1: a\n", "0x1: a\n", "a:\n  NULL: 1\n", "- { true: 1 }\n"]],
    ["keys ending in Unicode whitespace", ["a\u00a0: 1\n", "a\u3000: 1\n", "a\u2003: 1\nb: 2\n"]],
    ["a lone carriage return", ["a: 1\rb: 2\n", "a: x\r\n\rb: 1\n", "a: 'x\ry'\n"]],
    ["a byte-order mark after offset 0", ["a: 1\n\ufeffb: 2\n", "a: \ufeffx\n", "\ufeffa: \ufeff\n"]],
    ["repeated document markers", ["---\n---\na: 1\n", "a: 1\n---\nb: 2\n", "--- \na: 1\n...\n"]],
    // The reader looks for these before reading, in a pass that looks closely only at the
    // lines before the first content line.
    [
      "markers and directives after the first content line",
      ["a: 1\n--- \n", "a: 1\r\n---\r\n", "a: 1\n---", "a: 1\n...", "a: 1\n%YAML 1.2\n", "a: 1\n----\n", "a: 1\n---x\n", "a:\n  ---\n", "- x\n--- # c\n", "a: 1\n.. .\n", "a: 1\n# c\n---\n"],
    ],
    ["a leading marker after comments, blank lines or a byte-order mark", ["# c\n\n--- # d\r\na: 1\r\n", "\ufeff---\na: 1\n", "\ufeff--- x\n", "  \n---\n", "---"]],
    ["tab-only and tab-indented lines", ["a: 1\n\t\nb: 2\n", "a:\n\tb: 1\n", "a: 1\t# c\n"]],
    ["keys over 1,024 characters", [`${"k".repeat(1025)}: 1\n`, `a:\n  b:\n${"\n".repeat(1100)}c: 1\n`]],
    ["quoted integer-like keys", ['"1": a\nb: 2\n', "a:\n  '2': x\n  b: y\n"]],
  ])("%s", (_, texts) => {
    for (const text of texts) checkText(text, api, DEPTH);
  });

  it("places an empty value at its key and an empty item at its dash, on both paths", () => {
    for (const text of ["a:\nb: 1\n", "a:   # c\nb:\n  -\n  -   # c\n  - x\n"]) expect(checkText(text, api, DEPTH)).toBe("value");
  });
});

describe("nesting depth", () => {
  const shapes: [string, (n: number) => string][] = [
    ["block lists", (n) => `a:\n  ${"- ".repeat(n - 1)}x\n`],
    ["flow lists", (n) => `a: ${"[".repeat(n - 1)}${"]".repeat(n - 1)}\n`],
    ["flow mappings", (n) => `a: ${"{b: ".repeat(n - 1)}1${"}".repeat(n - 1)}\n`],
    ["list items holding flow mappings", (n) => `a:\n  ${"- ".repeat(n - 2)}{ b: 1 }\n`],
  ];

  it.each(shapes)("%s: read at the bound, refused one past it, at the same place on both paths", (_, make) => {
    expect(checkText(make(DEPTH), api, DEPTH)).toBe("value");
    const over = make(DEPTH + 1);
    expect(checkText(over, api, DEPTH)).toBe("too-deep");
    const loc = new Locator(new Map([["f", over]]));
    const fast = fastParse(over, "f", { maxDepth: DEPTH, store: loc.store });
    const slow = readWithYaml(over, "f", loc);
    expect(slow.diagnostics.map((d) => d.code)).toEqual(["yaml-too-deep"]);
    expect(fast.ok || !("tooDeep" in fast) ? null : loc.at("f", fast.tooDeep)).toEqual(slow.diagnostics[0]!.source);
  });

  it.each(shapes)("%s 10,000 deep: a located error on both paths, never a crash", (_, make) => {
    const text = make(10_000);
    const fast = fastParse(text, "f", { maxDepth: DEPTH, store: new Locator(new Map()).store });
    expect(fast.ok).toBe(false);
    expect("tooDeep" in fast).toBe(true);
    const slow = readWithYaml(text, "f", new Locator(new Map([["f", text]])));
    expect(slow.diagnostics.map((d) => [d.code, d.source?.line])).toEqual([["yaml-too-deep", text.startsWith("a:\n") ? 2 : 1]]);
  });

  it("the yaml path counts what aliases add: a shallow anchor used deep down is too deep", () => {
    const text = `x: &x ${"[".repeat(200)}${"]".repeat(200)}\ny: ${"[".repeat(100)}*x${"]".repeat(100)}\n`;
    const r = readWithYaml(text, "f", new Locator(new Map([["f", text]])));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["yaml-too-deep"]);
  });

  it("an alias inside the value it names is an error, not a loop", () => {
    const text = "a: &x\n  b: [*x]\n";
    const r = readWithYaml(text, "f", new Locator(new Map([["f", text]])));
    expect(r.diagnostics.map((d) => [d.code, d.source?.line, d.source?.col])).toEqual([["yaml-alias-cycle", 2, 7]]);
  });
});
