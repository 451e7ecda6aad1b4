// Benchmark: `hgw fmt --check`, `hgw member add` and `hgw member remove` (with --dry-run, so
// that every run starts from the same files) on a spec of 1,000 sub-workspaces x 100 members
// (100,000 members), in the three shapes people write: block style, members as flow
// mappings (`- { email: …, role: … }`, as the README writes them), and split into files
// (a root with `include:` and 10 files of 100 sub-workspaces). Whole processes, each against
// a baseline run in turn with it (A B A B …): B = a bare node that reads the same files with
// js-yaml. Each pair gives a ratio; the median ratio is quoted, with peak RSS from
// /usr/bin/time. `npm run bench:spec-edit` (builds first); `--runs N` pairs (default 3).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSpec } from "./gen-spec.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const out = fileURLToPath(new URL("out/spec-edit/", import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg("--runs", "3"));
const W = 1000;
const M = 100;
const hgw = join(root, "bin/hgw.js");

// ------------------------------------------------------------------ the three shapes

rmSync(out, { recursive: true, force: true });
const block = generateSpec({ subWorkspaces: W, membersPerWorkspace: M });
const flow = block.replace(/^( +)- email: (\S+)\n +role: (\S+)$/gm, "$1- { email: $2, role: $3 }");
const shapes = {
  block: { dir: join(out, "block"), files: { "workspaces.yaml": block } },
  flow: { dir: join(out, "flow"), files: { "workspaces.yaml": flow } },
  split: { dir: join(out, "split"), files: splitSpec(block) },
};
for (const s of Object.values(shapes)) {
  for (const [name, text] of Object.entries(s.files)) {
    mkdirSync(join(s.dir, name, ".."), { recursive: true });
    writeFileSync(join(s.dir, name), text);
  }
}

/** The root keeps the main workspace and defaults; the sub-workspaces go to 10 files. */
function splitSpec(text) {
  const at = text.indexOf("subWorkspaces:\n");
  const head = text.slice(0, at).replace("version: 1\n", 'version: 1\ninclude: ["clients/*.yaml"]\n');
  const items = text.slice(at + "subWorkspaces:\n".length).split(/^(?=  - name: )/m);
  const files = { "workspaces.yaml": head };
  const per = Math.ceil(items.length / 10);
  for (let f = 0; f < 10; f++) files[`clients/part-${f}.yaml`] = `subWorkspaces:\n${items.slice(f * per, (f + 1) * per).join("")}`;
  return files;
}

// ------------------------------------------------------------------ runs

const baselineScript = (files) =>
  `const { load } = require(${JSON.stringify(require_("js-yaml"))}); const fs = require("fs"); for (const f of ${JSON.stringify(files)}) load(fs.readFileSync(f, "utf8"));`;
function require_(name) {
  return join(root, "node_modules", name);
}

function timed(args, cwd) {
  const t = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  const rss = Number(/(\d+)\s*$/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { ms, rss, status: r.status, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const commands = {
  "fmt --check": ["fmt", "--check"],
  "member add --dry-run": ["member", "add", "new@client-0500.example", "--role", "viewer", "--to", "client-0500", "--dry-run"],
  "member remove --dry-run": ["member", "remove", "user7@client-0500.example", "--dry-run"],
};

console.log(`hgw fmt / member on ${W} x ${M} (${(W * M).toLocaleString("en")} members), ${RUNS} pairs each; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log("\n| shape | command | B median (ms) | command median (ms) | median ratio to B | peak RSS (MB) |\n| --- | --- | --- | --- | --- | --- |");
for (const [shape, s] of Object.entries(shapes)) {
  const files = Object.keys(s.files).map((f) => join(s.dir, f));
  for (const [name, args] of Object.entries(commands)) {
    const ratios = [];
    const a = [];
    const b = [];
    let rss = 0;
    for (let i = 0; i < RUNS; i++) {
      const x = timed([hgw, ...args], s.dir);
      if (x.status !== 0) throw new Error(`${shape} ${name} exited ${x.status}: ${x.stderr}`);
      const y = timed(["-e", baselineScript(files)], s.dir);
      if (y.status !== 0) throw new Error(`baseline exited ${y.status}: ${y.stderr}`);
      ratios.push(x.ms / y.ms);
      a.push(x.ms);
      b.push(y.ms);
      rss = Math.max(rss, x.rss);
    }
    console.log(`| ${shape} | hgw ${name} | ${median(b).toFixed(0)} | ${median(a).toFixed(0)} | ${median(ratios).toFixed(1)}x | ${rss.toFixed(0)} |`);
  }
}
