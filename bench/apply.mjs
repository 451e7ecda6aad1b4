// bench:apply — 2,000 changes through the HTTP provider against the emulator with 20 ms of
// latency per request and a 100 requests/s limit. Reports the wall time against the API's
// bound max(requests / rate, critical path x latency), and against a one-at-a-time apply
// measured in the same run (on a 200-change subset, scaled to 2,000).
//
//   npm run bench:apply        (builds first; figures on stdout)

import { startEmulator } from "../dist/emulator/server.js";
import { createHttpProvider } from "../dist/providers/http/index.js";
import { emptyAccount } from "../dist/domain/default-account.js";

const benchAccount = () => emptyAccount(new Date().toISOString(), { seats: 10_000, generativeCredits: 1e6, apiCredits: 1e6, avatarSlots: 100 });

const LATENCY_MS = 20;
const RATE = 100;
const CHANGES = 2000;
const SERIAL_SUBSET = 200;
const WORKSPACES = 40;

const SETTINGS = {
  joinPolicy: "invite_only",
  joinDomains: [],
  whoCanInvite: "super_admins",
  publicInviteLink: false,
  defaultSharing: "workspace",
  unlistedJoinRequests: "ignore",
};

/** Sub-workspaces, their allocations, then members: a plan three changes deep. */
function makeChanges(total) {
  const changes = [];
  const add = (c) => changes.push({ ...c, seq: changes.length + 1, reason: "bench", source: null });
  for (let i = 0; i < WORKSPACES; i++) {
    const path = `client-${i}`;
    add({
      address: `subworkspace[${path}]`,
      kind: "subworkspace",
      action: "create",
      before: null,
      after: {
        workspacePath: path, workspaceId: null, name: path, parentPath: "", parentId: null, billing: "parent",
        apiAccess: false, image: null, settings: SETTINGS, deletionProtection: false, subscription: null,
      },
      dependsOn: [],
    });
    add({
      address: `allocation[${path}]`,
      kind: "allocation",
      action: "create",
      before: null,
      after: { workspacePath: path, workspaceId: null, seats: 100, avatarSlots: 1, generativeCredits: 10, apiCredits: 10 },
      dependsOn: [`subworkspace[${path}]`],
    });
  }
  for (let n = 0; changes.length < total; n++) {
    const path = `client-${n % WORKSPACES}`;
    const email = `user${n}@${path}.example.com`;
    add({
      address: `member[${path}](${email})`,
      kind: "member",
      action: "create",
      before: null,
      after: { workspacePath: path, workspaceId: null, email, role: "creator", status: "invited" },
      dependsOn: [`allocation[${path}]`],
    });
  }
  return changes;
}

/** Longest chain of dependsOn, in changes. */
function criticalPath(changes) {
  const depth = new Map();
  for (const c of changes) depth.set(c.address, 1 + Math.max(0, ...c.dependsOn.map((d) => depth.get(d) ?? 0)));
  return Math.max(...depth.values());
}

let engine = null;
try {
  engine = await import("../dist/apply/index.js");
} catch {
  // the apply engine is not built: use the small scheduler below
}

/** The apply engine (src/apply) when built, else a small dependency-aware scheduler. */
async function apply(provider, changes, concurrency) {
  if (engine?.applyPlan) {
    const plan = {
      formatVersion: 1, specDigest: "bench", stateFingerprint: "bench", provider: "http",
      createdAt: new Date().toISOString(), changes, unmanaged: [], warnings: [],
      summary: { create: changes.length, update: 0, delete: 0, replace: 0, approve: 0, deny: 0 },
    };
    const report = await engine.applyPlan(plan, provider, { parallelism: concurrency, checkFingerprint: false });
    if (report.failed.length > 0) throw new Error(`apply failed: ${JSON.stringify(report.failed[0])}`);
    return;
  }
  return schedule(provider, changes, concurrency);
}

async function schedule(provider, changes, concurrency) {
  const ctx = { workspaceIds: new Map(), resolveSecret: () => { throw new Error("no secrets in this bench"); } };
  const done = new Map();
  let active = 0;
  const waiters = [];
  for (const c of changes) {
    const deps = c.dependsOn.map((d) => done.get(d)).filter(Boolean);
    done.set(c.address, (async () => {
      await Promise.all(deps);
      while (active >= concurrency) await new Promise((r) => waiters.push(r));
      active++;
      try {
        const r = await provider.execute(c, ctx);
        if (r.workspaceId) ctx.workspaceIds.set(c.after.workspacePath, r.workspaceId);
      } finally {
        active--;
        waiters.shift()?.();
      }
    })());
  }
  await Promise.all(done.values());
}

async function run(changes, concurrency) {
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
    const provider = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey, rateLimit: RATE, concurrency: 16 });
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
const subset = makeChanges(SERIAL_SUBSET);
const serial = await run(subset, 1);
const serialScaled = serial.wall * (CHANGES / SERIAL_SUBSET);

const f = (x) => x.toFixed(2);
console.log(`bench:apply  ${CHANGES} changes via ${engine?.applyPlan ? "applyPlan (src/apply)" : "the bench's own scheduler"}, emulator latency ${LATENCY_MS} ms, limit ${RATE} req/s (node ${process.version})`);
console.log(`  concurrent apply : ${f(full.wall)} s wall, ${full.requests} HTTP requests (${full.throttled} answered 429), ${full.members} members made`);
console.log(`  API bound        : ${f(bound)} s = max(${full.requests} req / ${RATE} req/s = ${f(full.requests / RATE)} s, critical path ${depth} x ${LATENCY_MS} ms = ${f((depth * LATENCY_MS) / 1000)} s)`);
console.log(`  ratio to bound   : ${f(full.wall / bound)}x (target <= 1.25x)`);
console.log(`  one at a time    : ${f(serial.wall)} s for ${SERIAL_SUBSET} changes (${serial.requests} requests), scaled x${CHANGES / SERIAL_SUBSET} = ${f(serialScaled)} s`);
console.log(`  speed-up         : ${f(serialScaled / full.wall)}x over one at a time`);
