// bench:http-read — `hgw plan --provider http` against `hgw emulator --latency-ms 20` on an
// account of 1,000 sub-workspaces x 100 members (100,000 members, 1% drift), next to `hgw plan`
// on the embedded sandbox holding the same account. Whole processes, wall time, run in pairs
// (http, sandbox, http, sandbox, ...); the ratio is taken pair by pair and its median printed
// with both baselines beside it. Target: median ratio <= 1.5.
//
//   npm run bench:http-read            (builds first)
//   node bench/http-read.mjs --pairs N (default 5)

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { generateSpec } from "./gen-spec.mjs";
import { DEFAULT_SETTINGS } from "../dist/domain/workspaces.js";
import { checkAccount } from "../dist/domain/index.js";
import { SandboxStore } from "../dist/providers/sandbox/index.js";

const W = 1000;
const M = 100;
const LATENCY_MS = 20;
const pairsArg = process.argv.indexOf("--pairs");
const PAIRS = pairsArg > 0 ? Number(process.argv[pairsArg + 1]) : 5;
const ADMIN_KEY = "hgw_sa_bench_http_read";

const root = fileURLToPath(new URL("../", import.meta.url));
const outDir = fileURLToPath(new URL("out/", import.meta.url));
const specFile = `${outDir}http-read-spec-${W}x${M}.yaml`;
const stateFile = `${outDir}http-read-emulator-${W}x${M}.json`;
const sandboxDir = `${outDir}http-read-sandbox-${W}x${M}`;

const pad = String(W).length;
const wsName = (w) => `client-${String(w).padStart(pad, "0")}`;
const roles = ["creator", "viewer", "developer", "creator", "viewer"];

/** The account gen-spec.mjs describes, but for 1% of members holding another role. */
function makeAccount() {
  const created = new Date(Date.now() - 90 * 864e5).toISOString();
  const quota = (seats, avatarSlots, generativeCredits, apiCredits) => ({ seats, avatarSlots, generativeCredits, apiCredits });
  const workspace = (id, name, parentId, fields) => ({
    id, name, parentId, image: null, billing: "parent", apiAccess: false, allocation: null, subscription: null,
    usage: quota(0, 0, 0, 0), settings: { ...DEFAULT_SETTINGS, joinDomains: [] }, deletionProtection: false, createdAt: created, ...fields,
  });
  const member = (workspaceId, email, role) => ({ workspaceId, email, role, status: "active", invitedAt: null, expiresAt: null });
  const workspaces = [workspace("ws_main", "Acme Agency", null, { billing: "own", subscription: quota(110_000, 2_000, 2_000_000, 50_000) })];
  const members = [member("ws_main", "ops@acme.example", "super_admin")];
  const assetShares = [];
  let drifted = 0;
  for (let w = 0; w < W; w++) {
    const id = `ws_${String(w).padStart(pad, "0")}`;
    workspaces.push(workspace(id, wsName(w), "ws_main", { allocation: quota(M + 1, 1, 1000, 0) }));
    members.push(member(id, `admin@${wsName(w)}.example`, "super_admin"));
    for (let m = 1; m < M; m++) {
      let role = roles[(w + m) % roles.length];
      if ((w * 7 + m) % 100 === 0) {
        role = role === "viewer" ? "creator" : "viewer";
        drifted++;
      }
      members.push(member(id, `user${m}@${wsName(w)}.example`, role));
    }
    if (w < 50) assetShares.push({ assetType: "brand_kit", assetId: "bk_acme", fromWorkspaceId: "ws_main", toWorkspaceId: id });
  }
  const state = {
    account: { id: "acct_bench", name: "Acme Agency" },
    workspaces, members, joinRequests: [],
    assets: [{ id: "bk_acme", type: "brand_kit", name: "Acme brand", workspaceId: "ws_main" }],
    assetShares, content: [], apiKeys: [],
  };
  return { state, drifted };
}

/** `hgw emulator` as a child process; resolves once it listens. */
function startEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/hgw.js", "emulator", "--port", "0", "--state", stateFile, "--latency-ms", String(LATENCY_MS)], {
      cwd: root,
      env: { ...process.env, HEYGEN_API_KEY: ADMIN_KEY, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const log = { requests: 0, throttled: 0 };
    // One line per request: `<id> <METHOD> <path> <status> <ms>ms key=<id>`.
    let pending = "";
    child.stderr.on("data", (d) => {
      pending += d.toString();
      const lines = pending.split("\n");
      pending = lines.pop();
      for (const l of lines) {
        const m = / (GET|POST|PUT|PATCH|DELETE) \S+ (\d{3}) /.exec(l);
        if (!m) continue;
        log.requests++;
        if (m[2] === "429") log.throttled++;
      }
    });
    child.stdout.on("data", (d) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url, log, stop: () => new Promise((r) => { child.once("exit", r); child.kill("SIGTERM"); }) });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}) before it listened`)));
  });
}

const haveTime = spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0;

/** One whole `hgw plan` process: wall time here, CPU and peak RSS from /usr/bin/time. */
function planOnce(args, env) {
  const cli = [process.execPath, "bin/hgw.js", "plan", specFile, "--format", "json", ...args];
  const argv = haveTime ? ["/usr/bin/time", "-f", "\n%U %S %M", ...cli] : cli;
  return new Promise((resolve, reject) => {
    const t = performance.now();
    // Asynchronous, so that the emulator's request log is read while the plan runs.
    const child = spawn(argv[0], argv.slice(1), {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", HGW_PROVIDER: undefined, HEYGEN_API_URL: undefined, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out = [];
    let err = "";
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => (err += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      const wall = performance.now() - t;
      if (code !== 0) return reject(new Error(`hgw plan ${args.join(" ")} exited ${code}: ${err.slice(0, 2000)}`));
      const [user, sys, rssKB] = haveTime ? err.trim().split("\n").pop().split(" ").map(Number) : [NaN, NaN, NaN];
      resolve({ wall, cpu: (user + sys) * 1000, rssMB: rssKB / 1024, changes: JSON.parse(Buffer.concat(out).toString("utf8")).changes.length });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

mkdirSync(outDir, { recursive: true });
writeFileSync(specFile, generateSpec({ subWorkspaces: W, membersPerWorkspace: M }));
const { state, drifted } = makeAccount();
const violations = checkAccount(state);
if (violations.length > 0) throw new Error(`the generated account breaks domain rules: ${JSON.stringify(violations.slice(0, 3))}`);
writeFileSync(stateFile, JSON.stringify(state));
rmSync(sandboxDir, { recursive: true, force: true });
await new SandboxStore({ dir: sandboxDir }).replace("bench:http-read", state);

const loadBefore = loadavg().map((x) => x.toFixed(2)).join(", ");
const emu = await startEmulator();
const http = [];
const sandbox = [];
const ratios = [];
let requestsPerPlan = 0;
let throttled = 0;
try {
  const httpArgs = ["--provider", "http", "--api-url", emu.url];
  const httpEnv = { HEYGEN_API_KEY: ADMIN_KEY };
  // One untimed run of each warms the file cache and the emulator.
  await planOnce(httpArgs, httpEnv);
  await planOnce(["--sandbox-dir", sandboxDir], {});
  for (let i = 0; i < PAIRS; i++) {
    const before = { ...emu.log };
    const a = await planOnce(httpArgs, httpEnv);
    requestsPerPlan = emu.log.requests - before.requests;
    throttled += emu.log.throttled - before.throttled;
    const b = await planOnce(["--sandbox-dir", sandboxDir], {});
    if (a.changes !== b.changes) throw new Error(`the two plans differ: ${a.changes} changes over http, ${b.changes} on the sandbox`);
    http.push(a);
    sandbox.push(b);
    ratios.push(a.wall / b.wall);
  }
} finally {
  await emu.stop();
}

const f0 = (x) => x.toFixed(0);
const ms = (runs, k) => f0(median(runs.map((r) => r[k])));
const ratio = median(ratios);
console.log(`bench:http-read  ${W.toLocaleString("en-US")} sub-workspaces x ${M} members (${state.members.length.toLocaleString("en-US")} members), ${drifted} drifted roles; emulator latency ${LATENCY_MS} ms; node ${process.version}`);
console.log(`  load average before: ${loadBefore}; ${PAIRS} pairs, http then sandbox, each a fresh \`hgw plan --format json\` process`);
console.log(`  A  hgw plan --provider http : median ${ms(http, "wall")} ms wall (CPU ${ms(http, "cpu")} ms, peak RSS ${ms(http, "rssMB")} MB), ${requestsPerPlan} requests a plan, ${throttled} answered 429`);
console.log(`  B  hgw plan (sandbox)       : median ${ms(sandbox, "wall")} ms wall (CPU ${ms(sandbox, "cpu")} ms, peak RSS ${ms(sandbox, "rssMB")} MB)`);
console.log(`  A/B pair by pair            : ${ratios.map((r) => r.toFixed(2)).join(", ")}`);
console.log(`  median A/B                  : ${ratio.toFixed(2)}x (target <= 1.5x) -> ${ratio <= 1.5 ? "met" : "MISSED"}; ${http[0].changes} changes in each plan`);
console.log(`  load average after: ${loadavg().map((x) => x.toFixed(2)).join(", ")}`);
