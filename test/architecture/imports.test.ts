// The import graph of src/: folders stand in layers and a folder imports only from the
// layers below it, so there is no cycle between folders; inside a folder, no cycle between
// files either. Every specifier counts: `import`, `import type`, `export … from`,
// `import()` and `typeof import()`. The rule and its reasons: docs/architecture.md.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

/** Lowest first. A folder may import from the folders before it in this list, never after. */
const LAYERS = [
  "model",
  "util",
  "domain",
  "contract",
  "spec",
  "kinds",
  "plan",
  "providers",
  "apply",
  "export",
  "emulator",
  "pulumi",
  "spec-edit",
  "cli",
  // src/index.ts, the library's entry.
  ".",
];

type Graph = Map<string, string[]>;

/** Relative specifiers a TypeScript source names, resolved to the .ts files under `srcDir`. */
function importsOf(file: string, source: string): string[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((s) => s.startsWith("."))
    .map((s) => normalize(join(dirname(file), s)).replace(/\.js$/, ".ts"));
}

function sourceGraph(srcDir: string): Graph {
  const g: Graph = new Map();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) g.set(relative(srcDir, p), importsOf(relative(srcDir, p), readFileSync(p, "utf8")));
    }
  };
  walk(srcDir);
  return g;
}

const folderOf = (file: string): string => (file.includes(sep) ? file.split(sep)[0]! : ".");

/** Imports that go sideways or up a layer, or into a folder that has no layer. */
function layerViolations(g: Graph, layers: readonly string[]): string[] {
  const out: string[] = [];
  for (const [from, targets] of g) {
    const a = layers.indexOf(folderOf(from));
    if (a < 0) out.push(`${from}: folder ${folderOf(from)}/ has no layer`);
    for (const to of targets) {
      const b = layers.indexOf(folderOf(to));
      if (a === b || a < 0) continue;
      if (b < 0 || b > a) out.push(`${from} imports ${to} (${folderOf(from)} may not import ${folderOf(to)})`);
    }
  }
  return out;
}

/** Groups of files that import each other, directly or round about (Tarjan's strongly connected components). */
function fileCycles(g: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (g.get(v) ?? []).includes(v)) out.push(group.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe("the checks themselves", () => {
  it("read every kind of specifier and no comment or string", () => {
    const src = [
      `// import x from "./in-a-comment.js";`,
      `import a from "./a.js";`,
      `import type { B } from "../b/b.js";`,
      `export * from "./c.js";`,
      `export { d } from "./d.js";`,
      `type E = typeof import("./e.js");`,
      `const f = () => import("./f.js");`,
      `const s = 'import("./in-a-string.js")';`,
      `import "./g.js";`,
      `import { readFile } from "node:fs";`,
    ].join("\n");
    expect(importsOf(join("x", "y.ts"), src)).toEqual(["x/a.ts", "b/b.ts", "x/c.ts", "x/d.ts", "x/e.ts", "x/f.ts", "x/g.ts"].map(normalize));
  });

  it("find an upward import, a folder without a layer and a cycle", () => {
    const g: Graph = new Map([
      [join("low", "a.ts"), [join("high", "b.ts")]],
      [join("high", "b.ts"), [join("low", "a.ts")]],
      [join("stray", "c.ts"), []],
      [join("high", "x.ts"), [join("high", "y.ts")]],
      [join("high", "y.ts"), [join("high", "x.ts")]],
    ]);
    expect(layerViolations(g, ["low", "high"])).toEqual([`${join("low", "a.ts")} imports ${join("high", "b.ts")} (low may not import high)`, `${join("stray", "c.ts")}: folder stray/ has no layer`]);
    expect(fileCycles(g)).toEqual([
      [join("high", "b.ts"), join("low", "a.ts")],
      [join("high", "x.ts"), join("high", "y.ts")],
    ]);
  });
});

describe("src/", () => {
  const graph = sourceGraph(join(repoRoot, "src"));

  it("has files to check", () => {
    expect(graph.size).toBeGreaterThan(50);
  });

  it("imports only downwards, between folders that each have a layer", () => {
    expect(layerViolations(graph, LAYERS)).toEqual([]);
  });

  it("has no cycle between files", () => {
    expect(fileCycles(graph)).toEqual([]);
  });
});
