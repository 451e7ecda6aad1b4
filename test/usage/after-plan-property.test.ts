// The plan's headroom is the usage of the account once the plan is applied. `stateAfter`
// replays the plan on a partial copy (only the members of the workspaces the changes name,
// the others shared with the account read), so this checks it against the whole thing: the
// plan applied to a full copy through the sandbox's applyChange, then `usageReport` of the
// result, for the same workspaces. And the account read is left as it was.
// Replay a failure with FC_SEED=<seed> (and FC_PATH=<path>).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AccountState } from "../../src/model/state.js";
import type { WorkspaceUsage } from "../../src/model/usage.js";
import { tryPlan } from "../../src/plan/plan.js";
import { CAPACITY_KINDS, headroomPaths, planMarks, planUsage } from "../../src/plan/usage-after-plan.js";
import { thresholdsOf, usageReport } from "../../src/plan/usage.js";
import { loadSpecObject } from "../../src/spec/index.js";
import { applyAll, applyContext } from "../plan/apply-plan.js";
import { NOW, accountRecipeArb, buildAccount, factsOf, specDraftArb, specFor } from "../plan/arbitraries.js";

const NUM_RUNS = Number(process.env.FC_RUNS ?? 300);
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) } : {};

/** What the headroom shows of a workspace; ids of workspaces made by the plan are made up on either side. */
const shown = (w: WorkspaceUsage) => ({ ...w, id: w.inAccount ? "(id)" : null });

describe("the plan's headroom", () => {
  it(`is the usage of the account the plan leaves, and leaves the account read as it was (${NUM_RUNS} runs)`, () => {
    let compared = 0;
    fc.assert(
      fc.property(
        accountRecipeArb.chain((recipe) => {
          const account = buildAccount(recipe);
          return fc.record({ account: fc.constant(account), draft: specDraftArb.map((d) => specFor(d, factsOf(account))), allowDelete: fc.boolean() });
        }),
        ({ account, draft, allowDelete }) => {
          const { desired } = loadSpecObject(draft, { name: "random" });
          if (!desired) return;
          const read: AccountState = structuredClone(account);
          const { plan } = tryPlan(desired, read, { now: NOW, allowDelete, maxRemovalShare: 1 });
          if (!plan) return;
          const thresholds = thresholdsOf(desired);
          const usage = planUsage(read, plan, thresholds);
          expect(read, "planUsage changed the account it was given").toEqual(account);
          if (usage.skipped > 0) {
            // A change the copy refuses, the whole account refuses too: the copy's checks
            // (pool sums kept between them) count what a full apply counts.
            expect(() => applyAll(structuredClone(account), plan.changes, applyContext(NOW))).toThrow();
            return;
          }

          const applied = applyAll(structuredClone(account), plan.changes, applyContext(NOW));
          const only = headroomPaths(planMarks({ changes: plan.changes.filter((c) => CAPACITY_KINDS.has(c.kind)) }));
          const expected = usageReport(applied, { thresholds }).workspaces.filter((w) => only.has(w.path));
          if (usage.headroom.workspaces.length === 0 && expected.length === 0) return;
          compared += 1;
          expect(usage.headroom.workspaces.map(shown)).toEqual(expected.map(shown));
        },
      ),
      { numRuns: NUM_RUNS, ...replay },
    );
    // The generator must reach plans that move seats or credits, or this proves nothing.
    expect(compared).toBeGreaterThan(NUM_RUNS / 10);
  }, 300_000);
});
