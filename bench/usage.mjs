// Benchmark: what the usage report and a plan's headroom cost next to the plan itself, on a
// generated spec of 1,000 sub-workspaces x 100 members (100,000 members) against an account
// that matches it with about 1% drift (block YAML, flow YAML and a split spec). In one
// process, after a warm-up: the plan (baseline), the account after the plan with its
// headroom and tree (planUsage), the report of the whole account (usageReport), and the
// renderers. Reported as ratios to the plan measured in the same run.
// `npm run bench:usage` (builds first). `node bench/usage.mjs --runs N` changes the repeat count.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeAccount, makeSpec } from "./fixture.mjs";

const W = 1000;
const M = 100;
const root = fileURLToPath(new URL("../", import.meta.url));
const outDir = fileURLToPath(new URL("out/usage/", import.meta.url));
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const { loadSpec } = await import(join(root, "dist/spec/index.js"));
const { tryPlan } = await import(join(root, "dist/plan/plan.js"));
const { planUsage } = await import(join(root, "dist/plan/usage-after-plan.js"));
const { usageReport, thresholdsOf } = await import(join(root, "dist/plan/usage.js"));
const { renderMarkdown, renderTextChunks, renderJsonChunks } = await import(join(root, "dist/plan/render/index.js"));
const { renderUsageTextChunks } = await import(join(root, "dist/plan/render/usage-text.js"));
const { renderUsageMarkdown } = await import(join(root, "dist/plan/render/usage-markdown.js"));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
function time(fn) {
  fn(); // warm-up
  const ms = [];
  let out;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    out = fn();
    ms.push(performance.now() - t);
  }
  return { ms: median(ms), out };
}
/** Drains a generator of strings, counting characters, as writing them would. */
const drain = (chunks) => {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
};

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const NOW = Date.parse("2026-12-01T00:00:00Z");
const { state } = makeAccount(W, M, NOW);

console.log(`usage benchmark: ${W} sub-workspaces x ${M} members, median of ${RUNS} runs after a warm-up`);
for (const style of ["block", "flow", "split"]) {
  const made = makeSpec(W, M, style === "split" ? "split" : style);
  let specPath;
  if (typeof made === "string") {
    specPath = join(outDir, `${style}.yaml`);
    writeFileSync(specPath, made);
  } else {
    const dir = join(outDir, style);
    mkdirSync(dir, { recursive: true });
    specPath = join(dir, "workspaces.yaml");
    writeFileSync(specPath, made.root);
    for (const [p, text] of Object.entries(made.fragments)) {
      mkdirSync(join(dir, p, ".."), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
  }
  const { desired } = await loadSpec([specPath]);
  if (!desired) throw new Error(`the ${style} spec did not load`);
  const opts = { now: new Date(NOW).toISOString(), maxRemovalShare: 1, maxDeletions: Infinity, maxMemberRemovals: Infinity, maxShareRevocations: Infinity };
  const plan = time(() => tryPlan(desired, state, opts).plan);
  if (!plan.out) throw new Error("no plan");
  const thresholds = thresholdsOf(desired);
  const headroom = time(() => planUsage(state, plan.out, thresholds));
  const report = time(() => usageReport(state, { spec: desired }));
  const planText = time(() => drain(renderTextChunks(plan.out, { color: false, usage: headroom.out })));
  const planMd = time(() => renderMarkdown(plan.out, { usage: headroom.out }).length);
  const planJson = time(() => drain(renderJsonChunks(plan.out, { usage: headroom.out })));
  const usageText = time(() => drain(renderUsageTextChunks(report.out, { color: false })));
  const usageMd = time(() => renderUsageMarkdown(report.out).length);
  const base = plan.ms;
  const row = (name, r, extra = "") =>
    console.log(`  ${style.padEnd(5)} ${name.padEnd(34)} ${r.ms.toFixed(1).padStart(8)} ms  ${(r.ms / base).toFixed(2).padStart(5)}x plan${extra}`);
  row("plan (baseline)", plan, `  ${plan.out.changes.length} changes`);
  row("planUsage: after the plan + tree", headroom, `  ${headroom.out.headroom.workspaces.length} in headroom, ${headroom.out.tree.length} in tree`);
  row("usageReport: whole account, spec", report, `  ${report.out.workspaces.length} workspaces`);
  row("text plan with headroom", planText, `  ${planText.out} chars`);
  row("markdown plan with headroom", planMd, `  ${planMd.out} chars`);
  row("JSON plan with headroom", planJson, `  ${planJson.out} chars`);
  row("usage text", usageText, `  ${usageText.out} chars`);
  row("usage markdown", usageMd, `  ${usageMd.out} chars`);
}
rmSync(outDir, { recursive: true, force: true });
