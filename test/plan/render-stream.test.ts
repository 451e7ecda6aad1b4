// Text and JSON plans are written a change at a time (hgw plan streams them). The pieces
// must join into exactly what the one-string renderers give, and the JSON into exactly the
// bytes of `JSON.stringify(jsonPlan(plan), null, 2)` that plans were written as before; the
// real CLI must write a plan larger than a pipe holds whole and intact.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultAccount } from "../../src/domain/index.js";
import { lazyStateFingerprint } from "../../src/model/fingerprint.js";
import { tryPlan } from "../../src/plan/plan.js";
import { jsonPlan, renderJson, renderJsonChunks, renderText, renderTextChunks } from "../../src/plan/render/index.js";
import type { Plan } from "../../src/plan/types.js";
import { loadSpec } from "../../src/spec/index.js";
import { generateSpec } from "../../bench/gen-spec.mjs";
import { repoRoot, runHgw, tempDir } from "../helpers/cli.js";
import { GOLDEN_ACCOUNTS, GOLDEN_NOW } from "./golden-accounts.js";
import { bigPlan, planOf, samplePlan } from "./render-plans.js";

async function plansToCheck(): Promise<[string, Plan][]> {
  const out: [string, Plan][] = [
    ["sample", samplePlan()],
    ["empty", planOf([])],
    ["warnings and unmanaged only", planOf([], { warnings: samplePlan().warnings, unmanaged: samplePlan().unmanaged })],
    ["300 changes", bigPlan(300)],
  ];
  for (const spec of ["workspaces.yaml", "examples/agency.yaml", "examples/enterprise.yaml", "examples/nested-own-billing.yaml"]) {
    const { desired } = await loadSpec([spec], { cwd: repoRoot });
    for (const [name, build] of Object.entries(GOLDEN_ACCOUNTS)) {
      const r = tryPlan(desired!, build(), { now: GOLDEN_NOW });
      if (r.plan) out.push([`${spec} against ${name}`, r.plan]);
    }
  }
  return out;
}

describe("streamed renderers", () => {
  it("JSON: the pieces are byte for byte JSON.stringify(jsonPlan(plan), null, 2) and a newline", async () => {
    for (const [name, plan] of await plansToCheck()) {
      const expected = `${JSON.stringify(jsonPlan(plan), null, 2)}\n`;
      expect([...renderJsonChunks(plan)].join(""), name).toBe(expected);
      expect(renderJson(plan), name).toBe(expected);
    }
  });

  it("text: the pieces join into renderText, with colour and without, in plan and drift mode", async () => {
    for (const [name, plan] of await plansToCheck()) {
      for (const opts of [{ color: false }, { color: true }, { color: false, mode: "drift" as const }]) {
        const chunks = [...renderTextChunks(plan, opts)];
        expect(chunks.join(""), name).toBe(renderText(plan, opts));
        // A change per piece, so that nothing is held longer than one change.
        expect(chunks.length, name).toBeGreaterThanOrEqual(plan.changes.filter((c) => c.action !== "noop").length);
      }
    }
  });
});

describe("the state fingerprint", () => {
  it("is computed when first read, from the state the plan was made from", () => {
    const state = defaultAccount(GOLDEN_NOW);
    let reads = 0;
    const counted = new Proxy(state, {
      get(target, key, receiver) {
        if (key === "members") reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const holder = { stateFingerprint: "" };
    lazyStateFingerprint(holder, counted);
    expect(reads).toBe(0);
    const fp = holder.stateFingerprint;
    expect(fp).toMatch(/^sha256:[0-9a-f]{64}$/);
    const after = reads;
    expect(holder.stateFingerprint).toBe(fp);
    expect(reads).toBe(after);
    holder.stateFingerprint = "sha256:other";
    expect(holder.stateFingerprint).toBe("sha256:other");
    expect(JSON.parse(JSON.stringify(holder))).toEqual({ stateFingerprint: "sha256:other" });
  });
});

describe("hgw plan writes a large plan whole", () => {
  it("as JSON and as text, through a pipe, a change at a time", async () => {
    const t = await tempDir("hgw-stream-");
    try {
      // 3,000 sub-workspaces, none in the account: 9,000 changes, 6 MB of JSON.
      writeFileSync(join(t.dir, "spec.yaml"), generateSpec({ subWorkspaces: 3000, membersPerWorkspace: 1 }).replace(/^assetShares:[\s\S]*$/m, ""));
      const env = { HGW_SANDBOX_DIR: join(t.dir, ".hgw") };
      const init = await runHgw(["sandbox", "init", "--empty", "--seats", "10000", "--avatar-slots", "5000", "--generative", "5000000"], { cwd: t.dir, env });
      expect(init.code, init.stderr).toBe(0);
      const json = await runHgw(["plan", "spec.yaml", "--format", "json"], { cwd: t.dir, env });
      expect(json.code, json.stderr).toBe(0);
      const plan = JSON.parse(json.stdout) as Plan;
      expect(plan.changes).toHaveLength(plan.summary.create + plan.summary.update + plan.summary.delete);
      expect(plan.summary.create).toBeGreaterThanOrEqual(9000);
      expect(plan.changes.map((c) => c.seq)).toEqual(plan.changes.map((_, i) => i + 1));
      const text = await runHgw(["plan", "spec.yaml"], { cwd: t.dir, env });
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout.match(/^ {2}\+ /gm)).toHaveLength(plan.summary.create);
      expect(text.stdout.trimEnd().split("\n").at(-1)).toMatch(/^Plan: \d[\d,]* to create/);
    } finally {
      await t.cleanup();
    }
  });
});

