// Benchmark: load + validate a generated spec of 1,000 sub-workspaces x 100 members against
// bare YAML loads of the same file. Each measurement runs in its own fresh node process so
// that its peak RSS is its own. `npm run bench:validate` (builds first).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateSpec } from "./gen-spec.mjs";

const here = new URL(".", import.meta.url);
const outDir = fileURLToPath(new URL("out/", here));
const specFile = `${outDir}spec-1000x100.yaml`;

async function child(kind) {
  const text = readFileSync(specFile, "utf8");
  const t0 = performance.now();
  let extra = {};
  switch (kind) {
    case "js-yaml": {
      const { load } = await import("js-yaml");
      const t = performance.now();
      load(text);
      extra = { ms: performance.now() - t };
      break;
    }
    case "yaml.parse": {
      const { parse } = await import("yaml");
      const t = performance.now();
      parse(text);
      extra = { ms: performance.now() - t };
      break;
    }
    case "yaml.parseDocument": {
      const { parseDocument } = await import("yaml");
      const t = performance.now();
      parseDocument(text);
      extra = { ms: performance.now() - t };
      break;
    }
    case "loadSpec": {
      const { loadSpec } = await import("../dist/spec/index.js");
      // Cold: includes reading the file and compiling the schema, as `hgw validate` does.
      const t = performance.now();
      const r = await loadSpec([specFile]);
      const cold = performance.now() - t;
      if (!r.desired) throw new Error(`generated spec is invalid: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
      const members = r.desired.workspaces.reduce((n, w) => n + (w.members?.length ?? 0), 0);
      const rss = process.resourceUsage().maxRSS / 1024;
      const t2 = performance.now();
      await loadSpec([specFile]);
      extra = { ms: cold, warmMs: performance.now() - t2, members, workspaces: r.desired.workspaces.length, coldRssMB: rss };
      break;
    }
    default:
      throw new Error(`unknown measurement ${kind}`);
  }
  void t0;
  process.stdout.write(JSON.stringify({ kind, ...extra, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

function run(kind) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", kind], { encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(out);
}

if (process.argv[2] === "--child") {
  await child(process.argv[3]);
} else {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(specFile, generateSpec({ subWorkspaces: 1000, membersPerWorkspace: 100 }));
  const size = statSync(specFile).size;
  console.log(`spec: ${specFile} (${(size / 1e6).toFixed(1)} MB, 1,000 sub-workspaces x 100 members)`);
  const results = {};
  for (const kind of ["js-yaml", "yaml.parse", "yaml.parseDocument", "loadSpec"]) results[kind] = run(kind);
  const bare = ["js-yaml", "yaml.parse"].reduce((a, b) => (results[a].ms <= results[b].ms ? a : b));
  const ls = results.loadSpec;
  const fmt = (n) => n.toFixed(0).padStart(6);
  console.log("\n| measurement | time (ms) | peak RSS (MB) |\n|---|---:|---:|");
  for (const [k, r] of Object.entries(results)) console.log(`| ${k}${k === bare ? " (fastest bare load)" : ""} | ${fmt(r.ms)} | ${fmt(r.rssMB)} |`);
  console.log(`| loadSpec, second run in the same process (warm JIT) | ${fmt(ls.warmMs)} | |`);
  console.log(
    `\nloadSpec+validate (${ls.members} members, ${ls.workspaces} workspaces, cold): ${ls.ms.toFixed(0)} ms` +
      `\n  = ${(ls.ms / results[bare].ms).toFixed(2)}x the fastest bare load (${bare}, ${results[bare].ms.toFixed(0)} ms)` +
      `\n  = ${(ls.ms / results["yaml.parse"].ms).toFixed(2)}x yaml.parse (${results["yaml.parse"].ms.toFixed(0)} ms)` +
      `\n  = ${(ls.ms / results["yaml.parseDocument"].ms).toFixed(2)}x yaml.parseDocument (${results["yaml.parseDocument"].ms.toFixed(0)} ms)` +
      `\n  peak RSS ${ls.coldRssMB.toFixed(0)} MB after one load (${ls.rssMB.toFixed(0)} MB after two)` +
      `\ntargets: under 3x yaml.parse -> ${ls.ms < 3 * results["yaml.parse"].ms ? "met" : "MISSED"}; under 500 MB -> ${ls.coldRssMB < 500 ? "met" : "MISSED"}`,
  );
}
