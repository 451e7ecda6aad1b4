// bench:apply — 2,000 changes through the HTTP provider against the emulator with 20 ms of
// latency per request and a 100 requests/s limit. Reports the wall time against the API's
// bound max(requests / rate, critical path x latency), and against a one-at-a-time apply
// measured in the same run (on a 200-change subset, scaled to 2,000).
//
//   npm run bench:apply        (builds first; figures on stdout)

import { startEmulator } from "../dist/emulator/server.js";
import { createHttpProvider } from "../dist/providers/http/index.js";
import { emptyAccount } from "../dist/domain/default-account.js";
import { loadSpecObject } from "../dist/spec/index.js";
import { plan } from "../dist/plan/plan.js";
import { applyPlan } from "../dist/apply/index.js";

const benchAccount = () => emptyAccount(new Date().toISOString(), { seats: 10_000, generativeCredits: 1e6, apiCredits: 1e6, avatarSlots: 100 });

const LATENCY_MS = 20;
const RATE = 100;
const CHANGES = 2000;
const SERIAL_SUBSET = 200;
const WORKSPACES = 40;

/**
 * The plan the real planner makes for a spec of `workspaces` new sub-workspaces (each with
 * its allocation) and enough members to reach `total` changes: three changes deep.
 */
function makeChanges(total, workspaces = WORKSPACES) {
  const perWorkspace = Math.ceil((total - 2 * workspaces) / workspaces);
  let left = total - 2 * workspaces;
  const subWorkspaces = Array.from({ length: workspaces }, (_, i) => {
    const n = Math.min(perWorkspace, left);
    left -= n;
    return {
      name: `client-${i}`,
      allocation: { seats: 100, avatarSlots: 1, generativeCredits: 10, apiCredits: 10 },
      members: Array.from({ length: n }, (_, k) => ({ email: `user${k}@client-${i}.example.com`, role: "creator" })),
    };
  });
  const { desired, diagnostics } = loadSpecObject({ version: 1, subWorkspaces }, { name: "bench" });
  if (!desired) throw new Error(JSON.stringify(diagnostics));
  const changes = plan(desired, benchAccount()).changes;
  if (changes.length !== total) throw new Error(`planned ${changes.length} changes, wanted ${total}`);
  return changes;
}

/** Longest chain of dependsOn, in changes. */
function criticalPath(changes) {
  const depth = new Map();
  for (const c of changes) depth.set(c.address, 1 + Math.max(0, ...c.dependsOn.map((d) => depth.get(d) ?? 0)));
  return Math.max(...depth.values());
}

async function apply(provider, changes, concurrency) {
  const p = {
    formatVersion: 2, specDigest: "bench", specFiles: [], options: { targets: [], allowDelete: false, maxRemovalShare: null },
    stateFingerprint: "bench", provider: "http",
    createdAt: new Date().toISOString(), changes, unmanaged: [], warnings: [],
    summary: { create: changes.length, update: 0, delete: 0, replace: 0, approve: 0, deny: 0 },
  };
  // The plan was made from this very account: no re-plan (recheck) here, only the writes.
  const report = await applyPlan(p, provider, { parallelism: concurrency });
  if (report.failed.length > 0) throw new Error(`apply failed: ${JSON.stringify(report.failed[0])}`);
}

async function run(changes, concurrency, clientRate = RATE) {
  let requests = 0;
  let throttled = 0;
  const emu = await startEmulator({
    initialState: benchAccount(),
    adminKey: "hgw_sa_bench",
    latencyMs: LATENCY_MS,
    rateLimit: RATE,
    onExchange: (x) => {
      requests++;
      if (x.status === 429) throttled++;
    },
  });
  try {
    // clientRate null: the client is not told the server's limit and finds it from 429s.
    const provider = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey, rateLimit: clientRate ?? undefined, concurrency: 16 });
    const t0 = performance.now();
    await apply(provider, changes, concurrency);
    const wall = (performance.now() - t0) / 1000;
    const members = emu.state().members.length;
    return { wall, requests, throttled, members };
  } finally {
    await emu.close();
  }
}

const changes = makeChanges(CHANGES);
const depth = criticalPath(changes);
const full = await run(changes, 64);
const bound = Math.max(full.requests / RATE, (depth * LATENCY_MS) / 1000);
const adaptive = await run(changes, 64, null);
const subset = makeChanges(SERIAL_SUBSET, 4);
const serial = await run(subset, 1);
const serialScaled = serial.wall * (CHANGES / SERIAL_SUBSET);

const f = (x) => x.toFixed(2);
console.log(`bench:apply  ${CHANGES} changes planned by plan() and applied by applyPlan(), emulator latency ${LATENCY_MS} ms, limit ${RATE} req/s (node ${process.version})`);
console.log(`  concurrent apply : ${f(full.wall)} s wall, ${full.requests} HTTP requests (${full.throttled} answered 429), ${full.members} members made`);
console.log(`  API bound        : ${f(bound)} s = max(${full.requests} req / ${RATE} req/s = ${f(full.requests / RATE)} s, critical path ${depth} x ${LATENCY_MS} ms = ${f((depth * LATENCY_MS) / 1000)} s)`);
console.log(`  ratio to bound   : ${f(full.wall / bound)}x (target <= 1.25x)`);
console.log(`  limit not told   : ${f(adaptive.wall)} s wall, ${adaptive.requests} HTTP requests (${adaptive.throttled} answered 429, ${((100 * adaptive.throttled) / adaptive.requests).toFixed(1)}%), ${f(adaptive.wall / bound)}x the bound`);
console.log(`  one at a time    : ${f(serial.wall)} s for ${SERIAL_SUBSET} changes (${serial.requests} requests), scaled x${CHANGES / SERIAL_SUBSET} = ${f(serialScaled)} s`);
console.log(`  speed-up         : ${f(serialScaled / full.wall)}x over one at a time`);
