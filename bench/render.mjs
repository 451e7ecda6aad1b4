// Rendering a large plan: 100,000 changes (a spec of 1,000 sub-workspaces x 100 members
// against an account that has none of them) as text and as JSON, streamed to a sink that
// throws the chunks away, as `hgw plan` writes them to stdout. Each measurement runs in a
// fresh process; "heap added" is the most the heap grew over the plan itself while
// rendering (live objects, sampled after full collections in a run of its own, on a second
// pass over the plan): flat means it does not grow with the number of changes.
//
//   node bench/render.mjs             10k and 100k changes (npm run bench:render builds first)
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateSpec } from "./gen-spec.mjs";

const outDir = fileURLToPath(new URL("out/", import.meta.url));
const SIZES = [
  { W: 100, M: 100 },
  { W: 1000, M: 100 },
];

async function child(kind, W, M) {
  const { loadSpec } = await import("../dist/spec/index.js");
  const { tryPlan } = await import("../dist/plan/plan.js");
  const { emptyAccount } = await import("../dist/domain/default-account.js");
  const render = await import("../dist/plan/render/index.js");
  const specFile = `${outDir}render-spec-${W}x${M}.yaml`;
  const { desired } = await loadSpec([specFile]);
  const now = new Date().toISOString();
  const state = emptyAccount(now, { seats: W * (M + 2) + 10, avatarSlots: 2 * W, generativeCredits: 2000 * W, apiCredits: 0 });
state.assets.push({ id: "bk_acme", type: "brand_kit", name: "Acme brand", workspaceId: state.workspaces[0].id });
  const { plan, diagnostics } = tryPlan(desired, state, { now });
  if (!plan) throw new Error(JSON.stringify(diagnostics.slice(0, 3)));
  void plan.stateFingerprint;
  // Memory is measured in a run of its own: a full collection every 2,000 pieces, then the
  // heap in use, so that what counts is what the rendering keeps, not garbage not yet freed.
  const measureMemory = process.argv[6] === "memory";
  if (measureMemory) {
    // A first pass, unmeasured: reading the plan's strings once flattens those the planner
    // built by concatenation (about 140 bytes a change, kept by the plan whoever reads it).
    for (const c of kind.startsWith("text") ? render.renderTextChunks(plan, { color: false }) : render.renderJsonChunks(plan)) void c;
  }
  globalThis.gc();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  let bytes = 0;
  let n = 0;
  let held = [];
  const sink = (chunk) => {
    bytes += chunk.length;
    if (measureMemory) {
      // Held until the next sample, as a stream holds what it has not written yet.
      held.push(chunk);
      if (++n % 2000 === 0) {
        globalThis.gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
        held = [];
      }
    }
  };
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  if (kind === "text") for (const c of render.renderTextChunks(plan, { color: false })) sink(c);
  else if (kind === "json") for (const c of render.renderJsonChunks(plan)) sink(c);
  else if (kind === "text-string") sink(render.renderText(plan, { color: false }));
  else sink(render.renderJson(plan));
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  if (measureMemory) {
    globalThis.gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  process.stdout.write(
    JSON.stringify({ kind, changes: plan.changes.length, ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes, heapAddedMB: (peak - heap0) / 2 ** 20, rssMB: process.resourceUsage().maxRSS / 1024 }),
  );
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
} else {
  mkdirSync(outDir, { recursive: true });
  console.log("Rendering N changes, each in a fresh process (CPU and wall time of the rendering alone; heap added over the plan's own)");
  const rows = [];
  for (const { W, M } of SIZES) {
    const specFile = `${outDir}render-spec-${W}x${M}.yaml`;
    writeFileSync(specFile, generateSpec({ subWorkspaces: W, membersPerWorkspace: M }));
    for (const kind of ["text", "json", "text-string", "json-string"]) {
      const run = (what) =>
        JSON.parse(execFileSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child", kind, String(W), String(M), what], { encoding: "utf8", maxBuffer: 1 << 20 }));
      const r = { ...run("time"), heapAddedMB: run("memory").heapAddedMB };
      rows.push(r);
      const label = kind.endsWith("-string") ? `${kind.replace("-string", "")} as one string (renderText/renderJson)` : `${kind}, streamed`;
      console.log(
        `${String(r.changes).padStart(7)} changes, ${label.padEnd(42)} ${r.ms.toFixed(0).padStart(6)} ms wall, ${r.cpuMs.toFixed(0).padStart(6)} ms CPU, ` +
          `${(r.bytes / 1e6).toFixed(1).padStart(6)} MB out, heap added ${r.heapAddedMB.toFixed(1).padStart(6)} MB`,
      );
    }
    rmSync(specFile, { force: true });
  }
  const big = rows.filter((r) => r.changes >= 100_000 && (r.kind === "text" || r.kind === "json"));
  for (const r of big) {
    console.log(`target: ${r.kind} rendering of ${r.changes.toLocaleString("en-US")} changes ≤ 1 s: ${r.ms <= 1000 ? "met" : "MISSED"} (${r.ms.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU)`);
  }
  const small = rows.filter((r) => r.changes < 100_000);
  for (const kind of ["text", "json"]) {
    const a = small.find((r) => r.kind === kind);
    const b = big.find((r) => r.kind === kind);
    if (a && b) console.log(`streamed ${kind}: heap added ${a.heapAddedMB.toFixed(1)} MB at ${a.changes.toLocaleString("en-US")} changes, ${b.heapAddedMB.toFixed(1)} MB at ${b.changes.toLocaleString("en-US")}`);
  }
}
