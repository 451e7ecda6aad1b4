// Benchmark: plan a generated spec of 1,000 sub-workspaces x 100 members (100,000 members)
// against an account that matches it with about 1% drift, next to bare YAML loads of the
// same file. Each measurement runs in its own fresh node process so that its peak RSS is
// its own; the real CLI is then run once end to end against a sandbox holding the account.
// `npm run bench:plan` (builds first). `node bench/plan.mjs --runs N` changes the repeat count.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { expectedPlan, makeAccount as makeAccountOf, makeSpec as makeSpecOf } from "./fixture.mjs";

const W = 1000;
const M = 100;
const here = new URL(".", import.meta.url);
const root = fileURLToPath(new URL("../", here));
const outDir = fileURLToPath(new URL("out/", here));
const specFile = `${outDir}plan-spec-${W}x${M}.yaml`;
const stateFile = `${outDir}plan-account-${W}x${M}.json`;
const sandboxDir = `${outDir}plan-sandbox-${W}x${M}`;
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
/** yaml.parse and parseDocument take seconds per run and are there for scale: one run each. */
const SLOW_RUNS = 1;

// ------------------------------------------------------------------ the account and its drift

const makeSpec = () => makeSpecOf(W, M);
const makeAccount = (nowMs) => makeAccountOf(W, M, nowMs);

// ------------------------------------------------------------------ measurements (children)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Wall times, and CPU times when measured (the process's, all threads: GC included). */
const stats = (xs, cpu = []) => ({
  first: xs[0],
  min: Math.min(...xs),
  median: median(xs),
  runs: xs.length,
  ...(cpu.length ? { cpuMin: Math.min(...cpu), cpuMedian: median(cpu) } : {}),
});

/** Times fn() `n` times; `setup` runs untimed before each, its result passed in. */
async function timeRuns(n, fn, setup = () => undefined) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < n; i++) {
    const input = setup();
    const c = cpuNow();
    const t = performance.now();
    await fn(input);
    wall.push(performance.now() - t);
    cpu.push(cpuNow() - c);
  }
  return stats(wall, cpu);
}

async function child(kind) {
  const text = readFileSync(specFile, "utf8");
  const stateText = readFileSync(stateFile, "utf8");
  const freshState = () => JSON.parse(stateText);
  let extra;
  switch (kind) {
    case "js-yaml": {
      const { load } = await import("js-yaml");
      extra = await timeRuns(RUNS, () => load(text));
      break;
    }
    case "yaml.parse": {
      const { parse } = await import("yaml");
      extra = await timeRuns(SLOW_RUNS, () => parse(text));
      break;
    }
    case "yaml.parseDocument": {
      const { parseDocument } = await import("yaml");
      extra = await timeRuns(SLOW_RUNS, () => parseDocument(text));
      break;
    }
    case "loadSpec": {
      const { loadSpec } = await import("../dist/spec/index.js");
      extra = await timeRuns(RUNS, () => loadSpec([specFile]));
      break;
    }
    case "fingerprint": {
      const { fingerprintState } = await import("../dist/model/fingerprint.js");
      extra = await timeRuns(RUNS, (s) => fingerprintState(s), freshState);
      break;
    }
    case "plan": {
      const { loadSpec } = await import("../dist/spec/index.js");
      const { tryPlan } = await import("../dist/plan/plan.js");
      const { desired } = await loadSpec([specFile]);
      // A fresh state each run: the account index is cached per state object.
      let last;
      extra = await timeRuns(RUNS, (s) => (last = tryPlan(desired, s)), freshState);
      if (!last.plan) throw new Error(`planning failed: ${JSON.stringify(last.diagnostics.slice(0, 3))}`);
      extra.summary = last.plan.summary;
      extra.changes = last.plan.changes.length;
      extra.unmanaged = last.plan.unmanaged.length;
      extra.warnings = last.plan.warnings.length;
      break;
    }
    case "pipeline": {
      // What `hgw plan` does after parsing its flags: load, read the sandbox, plan, render.
      const { loadSpec } = await import("../dist/spec/index.js");
      const { createSandboxProvider } = await import("../dist/providers/sandbox/index.js");
      const { tryPlan } = await import("../dist/plan/plan.js");
      const { renderJson, renderText } = await import("../dist/plan/render/index.js");
      const parts = { load: [], read: [], plan: [], text: [], json: [] };
      const lap = async (k, fn) => {
        const t = performance.now();
        const r = await fn();
        parts[k].push(performance.now() - t);
        return r;
      };
      const totals = await timeRuns(RUNS, async () => {
        const { desired } = await lap("load", () => loadSpec([specFile]));
        const provider = createSandboxProvider({ dir: sandboxDir });
        const state = await lap("read", () => provider.read());
        const { plan } = await lap("plan", () => tryPlan(desired, state, { provider: provider.name }));
        await lap("text", () => renderText(plan, { color: false, mode: "plan" }));
        await lap("json", () => renderJson(plan));
      });
      extra = { ...totals, parts: Object.fromEntries(Object.entries(parts).map(([k, xs]) => [k, stats(xs)])) };
      break;
    }
    default:
      throw new Error(`unknown measurement ${kind}`);
  }
  process.stdout.write(JSON.stringify({ kind, ...extra, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

function run(kind) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", kind, "--runs", String(RUNS)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out);
}

/** `hgw plan --format json` as a user runs it; wall time here, CPU and peak RSS from /usr/bin/time. */
function runCli() {
  const outFile = `${outDir}plan-cli-output.json`;
  const args = ["bin/hgw.js", "plan", specFile, "--format", "json", "--sandbox-dir", sandboxDir];
  const haveTime = spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0;
  const opts = { cwd: root, encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: "1" } };
  const t = performance.now();
  const r = haveTime ? spawnSync("/usr/bin/time", ["-f", "\n%U %S %M", process.execPath, ...args], opts) : spawnSync(process.execPath, args, opts);
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`hgw plan exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  writeFileSync(outFile, r.stdout);
  const [user, sys, rssKB] = haveTime ? r.stderr.trim().split("\n").pop().split(" ").map(Number) : [NaN, NaN, NaN];
  const plan = JSON.parse(r.stdout);
  return {
    wall,
    cpu: (user + sys) * 1000,
    rssMB: rssKB / 1024,
    changes: plan.changes.length,
    bytes: r.stdout.length,
    command: `node ${args.join(" ")}`,
    outFile,
  };
}

// ------------------------------------------------------------------ driver

if (process.argv[2] === "--child") {
  await child(process.argv[3]);
} else {
  const { checkAccount } = await import("../dist/domain/index.js");
  const { SandboxStore } = await import("../dist/providers/sandbox/index.js");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(specFile, makeSpec());
  const { state, counts } = makeAccount(Date.now());
  const violations = checkAccount(state);
  if (violations.length > 0) throw new Error(`the generated account breaks domain rules: ${JSON.stringify(violations.slice(0, 3))}`);
  writeFileSync(stateFile, JSON.stringify(state));
  rmSync(sandboxDir, { recursive: true, force: true });
  await new SandboxStore({ dir: sandboxDir }).replace("bench:plan", state);

  const size = statSync(specFile).size;
  const load = loadavg().map((x) => x.toFixed(2)).join(", ");
  console.log(`spec: ${specFile} (${(size / 1e6).toFixed(1)} MB, ${W.toLocaleString("en-US")} sub-workspaces x ${M} members)`);
  console.log(`account: ${state.workspaces.length} workspaces, ${state.members.length.toLocaleString("en-US")} members, ${state.joinRequests.length} join requests; checkAccount: no violations`);
  console.log(`drift: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  console.log(`node ${process.version}, load average before: ${load}; each measurement in a fresh process, ${RUNS} runs (yaml.parse and parseDocument ${SLOW_RUNS})`);

  const results = {};
  for (const kind of ["js-yaml", "yaml.parse", "yaml.parseDocument", "loadSpec", "fingerprint", "plan", "pipeline"]) results[kind] = run(kind);
  const cli = runCli();

  const bare = ["js-yaml", "yaml.parse"].reduce((a, b) => (results[a].min <= results[b].min ? a : b));
  const base = results[bare].min;
  const yp = results["yaml.parse"].min;
  const baseCpu = results[bare].cpuMin;
  const fmt = (x) => (x === undefined || Number.isNaN(x) ? "" : x.toFixed(0)).padStart(6);
  const ratio = (x, of = base) => (x === undefined || Number.isNaN(x) ? "" : `${(x / of).toFixed(2)}x`).padStart(7);
  console.log(
    `\n| measurement | first run (ms) | min (ms) | median (ms) | CPU min (ms) | min / ${bare} | CPU min / ${bare} CPU | peak RSS (MB) |` +
      "\n|---|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const [k, r] of Object.entries(results)) {
    console.log(
      `| ${k}${k === bare ? " (fastest bare load)" : ""} | ${fmt(r.first)} | ${fmt(r.min)} | ${fmt(r.median)} | ${fmt(r.cpuMin)} | ${ratio(r.min)} | ${ratio(r.cpuMin, baseCpu)} | ${fmt(r.rssMB)} |`,
    );
  }
  const p = results.pipeline;
  for (const [k, r] of Object.entries(p.parts)) console.log(`|   pipeline: ${k} | ${fmt(r.first)} | ${fmt(r.min)} | ${fmt(r.median)} | | ${ratio(r.min)} | | |`);
  console.log(`| hgw plan --format json (CLI, one run) | ${fmt(cli.wall)} | | | ${fmt(cli.cpu)} | ${ratio(cli.wall)} | ${ratio(cli.cpu, baseCpu)} | ${fmt(cli.rssMB)} |`);

  const pl = results.plan;
  // The plan must be the drift and nothing else, or the figures time the wrong thing.
  const { summary: expected, unmanaged } = expectedPlan(counts, M);
  for (const [k, v] of Object.entries(expected)) {
    if (pl.summary[k] !== v) throw new Error(`the plan has ${pl.summary[k]} ${k}, the drift asks for ${v}: ${JSON.stringify(pl.summary)}`);
  }
  if (pl.unmanaged !== unmanaged) throw new Error(`the plan reports ${pl.unmanaged} unmanaged, expected ${unmanaged}`);
  console.log(
    `\nplan: ${pl.changes} changes (${Object.entries(pl.summary).map(([k, v]) => `${k} ${v}`).join(", ")}), ${pl.unmanaged} unmanaged, ${pl.warnings} warnings: exactly the drift` +
      `\nplan() alone: min ${pl.min.toFixed(0)} ms, median ${pl.median.toFixed(0)} ms, first (cold JIT) ${pl.first.toFixed(0)} ms; CPU min ${pl.cpuMin.toFixed(0)} ms (${(pl.cpuMin / baseCpu).toFixed(2)}x ${bare}'s CPU)` +
      `\n  = ${(pl.min / base).toFixed(2)}x the fastest bare load (${bare}, ${base.toFixed(0)} ms); ${(pl.min / yp).toFixed(2)}x yaml.parse (${yp.toFixed(0)} ms); ${(pl.min / results["yaml.parseDocument"].min).toFixed(2)}x yaml.parseDocument` +
      `\n  fingerprintState, not part of plan() but computed when first read (JSON output, saved plans): min ${results.fingerprint.min.toFixed(0)} ms (CPU ${results.fingerprint.cpuMin.toFixed(0)} ms)` +
      `\npipeline (load + read + plan + text + json), first run in a fresh process: ${p.first.toFixed(0)} ms = ${(p.first / base).toFixed(2)}x ${bare}; min ${p.min.toFixed(0)} ms; peak RSS ${p.rssMB.toFixed(0)} MB` +
      `\nCLI: \`${cli.command}\` (cwd ${root}): ${cli.wall.toFixed(0)} ms wall (CPU ${cli.cpu.toFixed(0)} ms), ${cli.changes} changes, ${(cli.bytes / 1e6).toFixed(1)} MB of JSON, peak RSS ${cli.rssMB.toFixed(0)} MB` +
      `\ntargets: plan under 1 s -> ${pl.min < 1000 ? "met" : "MISSED"}; plan under 3x ${bare} -> ${pl.min < 3 * base ? "met" : "MISSED"}; CLI under 3x ${bare} -> ${cli.wall < 3 * base ? "met" : "MISSED"}` +
      `\nload average after: ${loadavg().map((x) => x.toFixed(2)).join(", ")}`,
  );
}
