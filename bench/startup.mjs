// Benchmark: start-up cost of the CLI, whole processes, against a bare `node -e 0` run in
// the same loop. Commands and baseline run in turn (A B A B …); each pair gives a ratio and
// the median ratio is quoted, with the baseline's median wall time beside it.
// `npm run bench:startup` (builds first). Options: `--runs N` (pairs, default 21);
// `--bin FILE`, repeatable: the hgw entry points to measure (default this checkout's
// bin/hgw.js), e.g. an older version's installed node_modules/heygen-workspaces/bin/hgw.js
// beside this one for a before/after table from one run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg("--runs", "21"));
const bins = process.argv.flatMap((a, i) => (a === "--bin" ? [process.argv[i + 1]] : []));
if (bins.length === 0) bins.push(join(root, "bin/hgw.js"));
const spec = join(root, "workspaces.yaml");

const cases = bins.flatMap((bin) => {
  const label = bins.length > 1 ? ` (${bin})` : "";
  return [
    { name: `hgw --help${label}`, args: [bin, "--help"] },
    { name: `hgw --version${label}`, args: [bin, "--version"] },
    { name: `hgw validate workspaces.yaml${label}`, args: [bin, "validate", spec] },
  ];
});
const baseline = { name: "node -e 0", args: ["-e", "0"] };

function wall(args, env = process.env) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: "utf8" });
  const ms = performance.now() - t;
  return { ms, status: r.status, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Files a command loads: ES modules seen by a load hook (it runs on its own thread, so it
 * appends to a file), and CommonJS modules from `require.cache` at exit.
 */
function loadedModules(args) {
  const dir = mkdtempSync(join(tmpdir(), "hgw-startup-"));
  const log = join(dir, "loaded.txt");
  const hooks = join(dir, "hooks.mjs");
  const preload = join(dir, "preload.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  if (url.startsWith("file:")) appendFileSync(${JSON.stringify(log)}, url + "\\n");
  return next(url, context);
}`,
  );
  writeFileSync(
    preload,
    `import { register, createRequire } from "node:module";
import { appendFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
register(${JSON.stringify(pathToFileURLString(hooks))});
const require = createRequire(import.meta.url);
process.on("exit", () => {
  const files = Object.keys(require.cache).map((f) => pathToFileURL(f).href);
  if (files.length) appendFileSync(${JSON.stringify(log)}, files.join("\\n") + "\\n");
});`,
  );
  const r = spawnSync(process.execPath, ["--import", pathToFileURLString(preload), ...args], { cwd: root, encoding: "utf8" });
  let files = [];
  try {
    files = [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))].filter((u) => !u.startsWith(pathToFileURLString(dir)));
  } catch {
    /* nothing loaded */
  }
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const packages = new Set(
    files.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter((p) => p !== undefined),
  );
  return { files: files.length, packages: [...packages].sort() };
}

function pathToFileURLString(p) {
  return new URL(`file://${p.startsWith("/") ? "" : "/"}${p}`).href;
}

// Warm the file cache and check every command works before timing anything (an older
// build given with --bin may lack a command: it is reported, not timed).
for (const c of cases) {
  const r = wall(c.args);
  if (r.status !== 0) c.failed = `exits ${r.status}: ${r.stderr.trim().split("\n")[0]}`;
}
wall(baseline.args);

console.log(`hgw start-up: ${RUNS} pairs per command (A B A B …), ${bins.join(", ")}; load average ${loadavg()[0].toFixed(2)}`);
console.log("\n| command | median wall (ms) | `node -e 0` median (ms) | ratio, median of pairs | files loaded | packages loaded |");
console.log("|---|---:|---:|---:|---:|---|");
for (const c of cases) {
  if (c.failed) {
    console.log(`| ${c.name} | ${c.failed} | | | | |`);
    continue;
  }
  const a = [];
  const b = [];
  const ratios = [];
  for (let i = 0; i < RUNS; i++) {
    const x = wall(c.args).ms;
    const y = wall(baseline.args).ms;
    a.push(x);
    b.push(y);
    ratios.push(x / y);
  }
  const mods = loadedModules(c.args);
  console.log(
    `| ${c.name} | ${median(a).toFixed(0)} | ${median(b).toFixed(0)} | ${median(ratios).toFixed(2)}x | ${mods.files} | ${mods.packages.join(", ") || "-"} |`,
  );
}
console.log("\ntarget (issue: start-up): hgw validate on the bundled spec <= 2x node -e 0");
