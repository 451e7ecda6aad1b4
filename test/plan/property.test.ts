// Property-based test of the planner over random specs and random starting accounts
// (arbitraries.ts). When a plan comes back:
//  (a) applying its changes in seq order never throws and the account is valid after every step;
//  (b) a new plan afterwards (same options) has no changes;
//  (c) applying the same plan again changes nothing (every change is idempotent);
//  (d) applying in a random order that respects dependsOn (what a concurrent apply may do)
//      also keeps the account valid after every step, and converges as well.
// When it does not: (e) the errors are diagnostics with a code and a message (and a spec
// location where a spec line asks for the impossible), never an exception.
// fast-check prints the seed and the shrunk counterexample on failure; replay with
// FC_SEED=<seed> (and FC_PATH=<path>).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/model/diagnostics.js";
import type { AccountState } from "../../src/model/state.js";
import { tryPlan } from "../../src/plan/plan.js";
import type { Plan, PlanOptions } from "../../src/plan/types.js";
import { loadSpecObject } from "../../src/spec/index.js";
import type { WorkspacesSpec } from "../../src/spec/types.gen.js";
import { applyAll, applyContext, prng, randomTopologicalOrder } from "./apply-plan.js";
import { NOW, accountRecipeArb, buildAccount, factsOf, specDraftArb, specFor } from "./arbitraries.js";

const NUM_RUNS = Number(process.env.FC_RUNS ?? 300);
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) } : {};

/** Errors that are about the account alone, so no spec line is to blame. */
const NO_SPEC_LINE = new Set(["deletion-protected", "account-without-main"]);

interface Scenario {
  account: AccountState;
  spec: WorkspacesSpec;
  opts: PlanOptions;
  orderSeed: number;
}

const scenarioArb: fc.Arbitrary<Scenario> = accountRecipeArb.chain((recipe) => {
  const account = buildAccount(recipe);
  const facts = factsOf(account);
  return fc.record({
    account: fc.constant(account),
    spec: specDraftArb.map((d) => specFor(d, facts)),
    opts: fc.record({ allowDelete: fc.boolean(), maxRemovalShare: fc.constantFrom(undefined, 1) }).map((o) => ({
      now: NOW,
      allowDelete: o.allowDelete,
      ...(o.maxRemovalShare === undefined ? {} : { maxRemovalShare: o.maxRemovalShare }),
    })),
    orderSeed: fc.integer(),
  });
});

const clone = (s: AccountState): AccountState => structuredClone(s);
const listChanges = (p: Plan): string[] => p.changes.map((c) => `${c.action} ${c.address}: ${c.reason}`);

function expectDiagnostics(diags: Diagnostic[], specName: string): void {
  const errors = diags.filter((d) => d.severity === "error");
  expect(errors.length, "no plan, yet no error says why").toBeGreaterThan(0);
  for (const d of diags) {
    expect(d.code, JSON.stringify(d)).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(typeof d.message === "string" && d.message.length > 0, JSON.stringify(d)).toBe(true);
    if (d.source) {
      expect(d.source.file).toBe(specName);
      expect(d.source.line).toBeGreaterThanOrEqual(1);
      expect(d.source.col).toBeGreaterThanOrEqual(1);
    }
  }
  for (const d of errors) if (!NO_SPEC_LINE.has(d.code)) expect(d.source, `${d.code} without a spec location: ${d.message}`).toBeDefined();
}

describe("planner properties over random specs and accounts", () => {
  it(`plans apply cleanly, converge and are idempotent; failures are diagnostics (${NUM_RUNS} runs)`, () => {
    const tally = { invalidSpec: 0, noPlan: 0, planned: 0, withChanges: 0, changes: 0 };
    const codes = new Map<string, number>();
    const count = (diags: Diagnostic[]) => {
      for (const d of diags) if (d.severity === "error") codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
    };
    fc.assert(
      fc.property(scenarioArb, ({ account, spec, opts, orderSeed }) => {
        const loaded = loadSpecObject(spec, { name: "random" });
        if (!loaded.desired) {
          tally.invalidSpec++;
          count(loaded.diagnostics);
          expectDiagnostics(loaded.diagnostics, "<random>");
          return;
        }
        const desired = loaded.desired;
        // (e) never a thrown exception: tryPlan's result is inspected, not caught
        const first = tryPlan(desired, clone(account), opts);
        if (!first.plan) {
          tally.noPlan++;
          count(first.diagnostics);
          expectDiagnostics(first.diagnostics, "<random>");
          return;
        }
        tally.planned++;
        const plan = first.plan;
        if (plan.changes.length > 0) tally.withChanges++;
        tally.changes += plan.changes.length;
        expect(plan.changes.map((c) => c.seq)).toEqual(plan.changes.map((_, i) => i + 1));

        // (a) in seq order, valid after every step
        const after = applyAll(clone(account), plan.changes, applyContext(NOW));

        // (b) converged: a new plan with the same options has nothing to do
        const second = tryPlan(desired, clone(after), opts);
        expect(second.diagnostics.filter((d) => d.severity === "error"), "re-planning after apply failed").toEqual([]);
        expect(listChanges(second.plan!), "re-planning after apply still has changes").toEqual([]);

        // (c) idempotent: the same plan applied again changes nothing at all
        const twice = applyAll(clone(after), plan.changes, applyContext(NOW));
        expect(twice).toEqual(after);

        // (d) any order a concurrent apply may take is valid at every step, and converges too
        const shuffled = randomTopologicalOrder(plan.changes, prng(orderSeed));
        const concurrent = applyAll(clone(account), shuffled, applyContext(NOW));
        const third = tryPlan(desired, concurrent, opts);
        expect(listChanges(third.plan!), "re-planning after an out-of-seq apply still has changes").toEqual([]);
      }),
      { numRuns: NUM_RUNS, ...replay },
    );
    if (process.env.FC_TALLY) process.stderr.write(`tally ${JSON.stringify(tally)} ${JSON.stringify([...codes])}\n`);
    // The generators must reach the planner, and plans must do something, or the properties are empty.
    expect(tally.planned, JSON.stringify(tally)).toBeGreaterThan(NUM_RUNS * 0.3);
    expect(tally.withChanges, JSON.stringify(tally)).toBeGreaterThan(NUM_RUNS * 0.2);
  });
});
