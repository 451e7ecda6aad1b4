// Benchmark: plan a generated spec of 1,000 sub-workspaces x 100 members (100,000 members)
// against an account that matches it with about 1% drift, next to bare YAML loads of the
// same file. Each measurement runs in its own fresh node process so that its peak RSS is
// its own; the real CLI is then run once end to end against a sandbox holding the account.
// `npm run bench:plan` (builds first). `node bench/plan.mjs --runs N` changes the repeat count.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { generateSpec } from "./gen-spec.mjs";
import { DEFAULT_SETTINGS } from "../dist/domain/operations.js";

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

const pad = String(W).length;
const wsName = (w) => `client-${String(w).padStart(pad, "0")}`;
const roles = ["creator", "viewer", "developer", "creator", "viewer"];
/** The role gen-spec.mjs gives member m of workspace w. */
const specRole = (w, m) => (m === 0 ? "super_admin" : roles[(w + m) % roles.length]);
const specEmail = (w, m) => (m === 0 ? `admin@${wsName(w)}.example` : `user${m}@${wsName(w)}.example`);
const otherRole = (r) => (r === "viewer" ? "creator" : "viewer");

/** Drift, by kind: which workspaces and members differ from the spec. */
const drift = {
  missingWorkspace: (w) => w >= W - 3,
  renamed: (w) => w > 0 && w % 200 === 0,
  allocationUp: (w) => w % 20 === 3,
  allocationDown: (w) => w % 20 === 13,
  extraMember: (w) => w % 5 === 1,
  joinRequestListed: (w) => w % 50 === 7,
  joinRequestStranger: (w) => w % 50 === 8,
  assetShareMissing: (w) => w === 48 || w === 49,
  /** Members of the spec (never the admin): a spread-out bucket per member. */
  memberBucket: (w, m) => (m === 0 ? -1 : ((w * M + m) * 7919) % 1000),
};
const MEMBER_KINDS = { missing: [0, 1, 2], role: [3, 4], expired: [5], pending: [6, 7] };
const inBucket = (b, kind) => MEMBER_KINDS[kind].includes(b);

/** The spec, with `formerNames` on the renamed sub-workspaces. */
function makeSpec() {
  let text = generateSpec({ subWorkspaces: W, membersPerWorkspace: M });
  for (let w = 0; w < W; w++) {
    if (!drift.renamed(w)) continue;
    text = text.replace(`  - name: ${wsName(w)}\n`, `  - name: ${wsName(w)}\n    formerNames: [legacy-${wsName(w)}]\n`);
  }
  return text;
}

const DAY = 24 * 3600 * 1000;

/** An AccountState (src/model/state.ts) matching makeSpec() but for the drift above. */
function makeAccount(nowMs) {
  const iso = (ms) => new Date(ms).toISOString();
  const created = iso(nowMs - 90 * DAY);
  const workspace = (id, name, parentId, fields) => ({
    id, name, parentId, image: null, billing: "parent", apiAccess: false, allocation: null, subscription: null,
    usage: { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 },
    settings: { ...DEFAULT_SETTINGS, joinDomains: [] }, deletionProtection: false, createdAt: created, ...fields,
  });
  const active = (workspaceId, email, role) => ({ workspaceId, email, role, status: "active", invitedAt: null, expiresAt: null });
  const invited = (workspaceId, email, role, sentMs) => ({
    workspaceId, email, role, status: "invited", invitedAt: iso(sentMs), expiresAt: iso(sentMs + 7 * DAY),
  });

  const main = workspace("ws_main", "Acme Agency", null, {
    billing: "own",
    subscription: { seats: 110_000, avatarSlots: 2_000, generativeCredits: 2_000_000, apiCredits: 50_000 },
    usage: { seats: 0, avatarSlots: 2, generativeCredits: 12_000, apiCredits: 0 },
  });
  const workspaces = [main];
  const members = [active("ws_main", "ops@acme.example", "super_admin")];
  const joinRequests = [];
  const assetShares = [];
  const counts = { missingWorkspace: 0, renamed: 0, allocation: 0, extraMember: 0, missing: 0, role: 0, expired: 0, pending: 0, joinApprove: 0, joinIgnored: 0, assetShare: 0, extraWorkspace: 0 };
  for (let w = 0; w < W; w++) {
    if (drift.missingWorkspace(w)) {
      counts.missingWorkspace++;
      continue;
    }
    const id = `ws_${String(w).padStart(pad, "0")}`;
    const renamed = drift.renamed(w);
    if (renamed) counts.renamed++;
    const gen = drift.allocationUp(w) ? 800 : drift.allocationDown(w) ? 1200 : 1000;
    if (gen !== 1000) counts.allocation++;
    workspaces.push(
      workspace(id, renamed ? `legacy-${wsName(w)}` : wsName(w), "ws_main", {
        allocation: { seats: M + 1, avatarSlots: 1, generativeCredits: gen, apiCredits: 0 },
        usage: { seats: 0, avatarSlots: w % 2, generativeCredits: (w * 37) % 700, apiCredits: 0 },
      }),
    );
    for (let m = 0; m < M; m++) {
      const email = specEmail(w, m);
      const role = specRole(w, m);
      const b = drift.memberBucket(w, m);
      if (drift.joinRequestListed(w) && m === M - 1) {
        // Not a member yet, but asked to join: the plan approves instead of inviting.
        joinRequests.push({ id: `jr_${w}`, workspaceId: id, email, requestedAt: iso(nowMs - DAY) });
        counts.joinApprove++;
      } else if (inBucket(b, "missing")) counts.missing++;
      else if (inBucket(b, "role")) {
        members.push(active(id, email, otherRole(role)));
        counts.role++;
      } else if (inBucket(b, "expired")) {
        members.push(invited(id, email, role, nowMs - 10 * DAY));
        counts.expired++;
      } else if (inBucket(b, "pending")) {
        members.push(invited(id, email, role, nowMs - DAY));
        counts.pending++;
      } else members.push(active(id, email, role));
    }
    if (drift.extraMember(w)) {
      members.push(active(id, `former${w}@${wsName(w)}.example`, "creator"));
      counts.extraMember++;
    }
    if (drift.joinRequestStranger(w)) {
      joinRequests.push({ id: `jr_x${w}`, workspaceId: id, email: `stranger${w}@elsewhere.example`, requestedAt: iso(nowMs - DAY) });
      counts.joinIgnored++;
    }
    if (w < 50) {
      if (drift.assetShareMissing(w)) counts.assetShare++;
      else assetShares.push({ assetType: "brand_kit", assetId: "bk_acme", fromWorkspaceId: "ws_main", toWorkspaceId: id });
    }
  }
  // Sub-workspaces the spec does not know: reported as unmanaged (no --allow-delete).
  for (const name of ["retired-a", "retired-b"]) {
    const id = `ws_${name}`;
    workspaces.push(workspace(id, name, "ws_main", { allocation: { seats: 5, avatarSlots: 0, generativeCredits: 10, apiCredits: 0 } }));
    for (let m = 0; m < 3; m++) members.push(active(id, `p${m}@${name}.example`, "creator"));
    counts.extraWorkspace++;
  }
  const state = {
    account: { id: "acct_bench", name: "Acme Agency" },
    workspaces,
    members,
    joinRequests,
    assets: [{ id: "bk_acme", type: "brand_kit", name: "Acme brand", workspaceId: "ws_main" }],
    assetShares,
    content: [],
    apiKeys: [],
  };
  return { state, counts };
}

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
  const expected = {
    create: counts.missingWorkspace * (2 + M) + counts.missing + counts.assetShare,
    update: counts.allocation + counts.role + counts.renamed,
    delete: counts.extraMember,
    replace: counts.expired,
    approve: counts.joinApprove,
    deny: 0,
  };
  for (const [k, v] of Object.entries(expected)) {
    if (pl.summary[k] !== v) throw new Error(`the plan has ${pl.summary[k]} ${k}, the drift asks for ${v}: ${JSON.stringify(pl.summary)}`);
  }
  if (pl.unmanaged !== counts.joinIgnored + counts.extraWorkspace) throw new Error(`the plan reports ${pl.unmanaged} unmanaged, expected ${counts.joinIgnored + counts.extraWorkspace}`);
  console.log(
    `\nplan: ${pl.changes} changes (${Object.entries(pl.summary).map(([k, v]) => `${k} ${v}`).join(", ")}), ${pl.unmanaged} unmanaged, ${pl.warnings} warnings: exactly the drift` +
      `\nplan() alone: min ${pl.min.toFixed(0)} ms, median ${pl.median.toFixed(0)} ms, first (cold JIT) ${pl.first.toFixed(0)} ms; CPU min ${pl.cpuMin.toFixed(0)} ms (${(pl.cpuMin / baseCpu).toFixed(2)}x ${bare}'s CPU)` +
      `\n  = ${(pl.min / base).toFixed(2)}x the fastest bare load (${bare}, ${base.toFixed(0)} ms); ${(pl.min / yp).toFixed(2)}x yaml.parse (${yp.toFixed(0)} ms); ${(pl.min / results["yaml.parseDocument"].min).toFixed(2)}x yaml.parseDocument` +
      `\n  of which fingerprintState: min ${results.fingerprint.min.toFixed(0)} ms (CPU ${results.fingerprint.cpuMin.toFixed(0)} ms)` +
      `\npipeline (load + read + plan + text + json), first run in a fresh process: ${p.first.toFixed(0)} ms = ${(p.first / base).toFixed(2)}x ${bare}; min ${p.min.toFixed(0)} ms; peak RSS ${p.rssMB.toFixed(0)} MB` +
      `\nCLI: \`${cli.command}\` (cwd ${root}): ${cli.wall.toFixed(0)} ms wall (CPU ${cli.cpu.toFixed(0)} ms), ${cli.changes} changes, ${(cli.bytes / 1e6).toFixed(1)} MB of JSON, peak RSS ${cli.rssMB.toFixed(0)} MB` +
      `\ntargets: plan under 1 s -> ${pl.min < 1000 ? "met" : "MISSED"}; plan under 3x ${bare} -> ${pl.min < 3 * base ? "met" : "MISSED"}; CLI under 3x ${bare} -> ${cli.wall < 3 * base ? "met" : "MISSED"}` +
      `\nload average after: ${loadavg().map((x) => x.toFixed(2)).join(", ")}`,
  );
}
