// Property-based test of the planner over random specs and random starting accounts
// (arbitraries.ts). When a plan comes back:
//  (a) applying its changes in seq order never throws and the account is valid after every step;
//  (b) a new plan afterwards (same options) has no changes;
//  (c) applying the same plan again changes nothing (every change is idempotent);
//  (d) applying in a random order that respects dependsOn (what a concurrent apply may do)
//      also keeps the account valid after every step, and converges as well;
//  (f) the plan cut down to one random --target is valid at every step on its own.
// When it does not: (e) the errors are diagnostics with a code and a message (and a spec
// location where a spec line asks for the impossible), never an exception.
// fast-check prints the seed and the shrunk counterexample on failure; replay with
// FC_SEED=<seed> (and FC_PATH=<path>).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/model/diagnostics.js";
import { createWorkspace, defaultAccount, emptyAccount, inviteMember, updateContentSharing, type OpContext } from "../../src/domain/index.js";
import type { AccountState } from "../../src/model/state.js";
import { tryPlan } from "../../src/plan/plan.js";
import { renderJson } from "../../src/plan/render/index.js";
import type { Plan, PlanOptions } from "../../src/plan/types.js";
import { loadSpecObject } from "../../src/spec/index.js";
import type { WorkspacesSpec } from "../../src/spec/types.gen.js";
import { planValidator } from "../helpers/plan-schema.js";
import { applyAll, applyContext, prng, randomTopologicalOrder } from "./apply-plan.js";
import { NOW, accountRecipeArb, buildAccount, factsOf, specDraftArb, specFor } from "./arbitraries.js";

const validPlan = planValidator();

const NUM_RUNS = Number(process.env.FC_RUNS ?? 1000);
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
        // seq order is one of the orders dependsOn allows, and dependsOn names changes of this plan
        const seqOf = new Map(plan.changes.map((c) => [c.address, c.seq]));
        expect(seqOf.size, "two changes share an address").toBe(plan.changes.length);
        for (const c of plan.changes) for (const d of c.dependsOn) expect(seqOf.get(d) ?? Infinity, `${c.address} depends on ${d}`).toBeLessThan(c.seq);
        // the JSON form is the contract: every plan the planner makes must meet its schema
        expect(validPlan(JSON.parse(renderJson(plan))), JSON.stringify(validPlan.errors)).toBe(true);

        // (a) in seq order, valid after every step
        const after = applyAll(clone(account), plan.changes, applyContext(NOW));

        // (b) converged: a new plan with the same options has nothing to do
        const second = tryPlan(desired, clone(after), opts);
        expect(second.diagnostics.filter((d) => d.severity === "error"), "re-planning after apply failed").toEqual([]);
        expect(listChanges(second.plan!), "re-planning after apply still has changes").toEqual([]);

        // (c) idempotent: the same plan applied again changes nothing at all
        const twice = applyAll(clone(after), plan.changes, applyContext(NOW));
        expect(twice).toStrictEqual(after);

        // (d) any order a concurrent apply may take is valid at every step, and converges too
        const shuffled = randomTopologicalOrder(plan.changes, prng(orderSeed));
        const concurrent = applyAll(clone(account), shuffled, applyContext(NOW));
        const third = tryPlan(desired, concurrent, opts);
        expect(listChanges(third.plan!), "re-planning after an out-of-seq apply still has changes").toEqual([]);

        // (f) --target keeps what the targeted change needs, so the smaller plan is valid on its own too
        if (plan.changes.length > 0) {
          const target = plan.changes[Math.abs(orderSeed) % plan.changes.length]!.address;
          const targeted = tryPlan(desired, clone(account), { ...opts, targets: [target] }).plan!;
          expect(targeted.changes.map((c) => c.address)).toContain(target);
          applyAll(clone(account), targeted.changes, applyContext(NOW));
        }
      }),
      { numRuns: NUM_RUNS, ...replay },
    );
    if (process.env.FC_TALLY) process.stderr.write(`tally ${JSON.stringify(tally)} ${JSON.stringify([...codes])}\n`);
    // The generators must reach the planner, and plans must do something, or the properties are empty.
    if (process.env.FC_SEED) return;
    expect(tally.planned, JSON.stringify(tally)).toBeGreaterThan(NUM_RUNS * 0.3);
    expect(tally.withChanges, JSON.stringify(tally)).toBeGreaterThan(NUM_RUNS * 0.2);
    // A thousand plan-apply-replan rounds: a budget for a loaded runner, not a speed check.
  }, 600_000);
});

// The counterexamples the property found, shrunk, kept as plain cases so that each one is
// checked on every run whatever the seed.
describe("counterexamples found by the property, kept", () => {
  let ids = 0;
  const ctx: OpContext = { now: NOW, newId: (p) => `${p}_${++ids}` };
  const load = (spec: WorkspacesSpec) => {
    const r = loadSpecObject(spec, { name: "case" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return r.desired!;
  };
  /** Plans, applies in seq order and in 20 dependsOn-respecting orders; every step valid, each converges. */
  function converges(account: AccountState, spec: WorkspacesSpec, opts: PlanOptions = {}): Plan {
    const desired = load(spec);
    const o = { now: NOW, ...opts };
    const r = tryPlan(desired, clone(account), o);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const plan = r.plan!;
    const orders = [plan.changes, ...Array.from({ length: 20 }, (_, i) => randomTopologicalOrder(plan.changes, prng(i)))];
    for (const changes of orders) {
      const after = applyAll(clone(account), changes, applyContext(NOW));
      expect(listChanges(tryPlan(desired, after, o).plan!)).toEqual([]);
    }
    return plan;
  }
  function fails(account: AccountState, spec: WorkspacesSpec, code: string, opts: PlanOptions = {}): Diagnostic {
    const r = tryPlan(load(spec), clone(account), { now: NOW, ...opts });
    expect(r.plan).toBeNull();
    const d = r.diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(r.diagnostics)).toBeDefined();
    expect(d!.source?.file).toBe("<case>");
    return d!;
  }
  const change = (plan: Plan, address: string) => plan.changes.find((c) => c.address === address)!;

  it("own -> parent billing with sub-workspaces in the account: refused, or after deleting them with --allow-delete", () => {
    const s = defaultAccount(NOW);
    const beta = createWorkspace(s, { name: "beta", parentId: "ws_main", billing: "own", subscription: { seats: 2, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } }, ctx);
    createWorkspace(s, { name: "alpha", parentId: beta.id, billing: "parent" }, ctx);
    const spec: WorkspacesSpec = { version: 1, subWorkspaces: [{ name: "beta", billing: "parent" }] };
    fails(s, spec, "billing-switch-with-children");
    const plan = converges(s, spec, { allowDelete: true });
    expect(change(plan, "subworkspace[beta]").dependsOn).toContain("subworkspace[beta/alpha]");
  });

  it("parent -> own billing with a new sub-workspace beneath: the create waits for the switch", () => {
    const s = defaultAccount(NOW);
    createWorkspace(s, { name: "south", parentId: "ws_main", billing: "parent" }, ctx);
    const spec: WorkspacesSpec = {
      version: 1,
      subWorkspaces: [{ name: "alpha", formerNames: ["south"], billing: "own", subscription: { seats: 0, avatarSlots: 1, generativeCredits: 1000, apiCredits: 0 }, subWorkspaces: [{ name: "alpha", billing: "parent" }] }],
    };
    const plan = converges(s, spec);
    expect(change(plan, "subworkspace[alpha/alpha]").dependsOn).toContain("subworkspace[alpha]");
  });

  it("own -> parent billing after removals: the allocation is the use when planned, not when applied", () => {
    const s = emptyAccount(NOW, { seats: 22 });
    const gamma = createWorkspace(s, { name: "gamma", parentId: "ws_main", billing: "own", subscription: { seats: 5, avatarSlots: 3, generativeCredits: 761, apiCredits: 532 } }, ctx);
    inviteMember(s, gamma.id, "bob@a.example", "viewer", ctx);
    const spec: WorkspacesSpec = {
      version: 1,
      defaults: { members: [{ email: "ann@a.example", role: "super_admin" }] },
      subWorkspaces: [{ name: "alpha", formerNames: ["gamma"], billing: "parent" }],
    };
    const plan = converges(s, spec);
    expect((change(plan, "subworkspace[alpha]").after as { allocation?: { seats: number } }).allocation?.seats).toBe(1);
  });

  it("inviting as a viewer someone content still lists with edit drops them to view (domain)", () => {
    const s = defaultAccount(NOW);
    updateContentSharing(s, { type: "video", id: "vd_launch" }, { generalAccess: "selected", users: [{ email: "ann@a.example", access: "edit" }] }, {});
    converges(s, { version: 1, workspace: { members: [{ email: "Ann@a.example", role: "viewer" }] } });
  });

  it("content whose users the spec leaves alone, with someone the spec makes a viewer", () => {
    const s = defaultAccount(NOW);
    inviteMember(s, "ws_main", "ann@a.example", "creator", ctx);
    updateContentSharing(s, { type: "project", id: "pj_onboarding" }, { generalAccess: "selected", users: [{ email: "ann@a.example", access: "edit" }] }, {});
    const plan = converges(s, {
      version: 1,
      workspace: { members: [{ email: "ann@a.example", role: "viewer" }, { email: "ops@acme.example", role: "super_admin" }, { email: "legacy@acme.example", role: "creator" }] },
      contentShares: [{ type: "project", id: "pj_onboarding", sharePage: { password: { env: "PW" } } }],
    });
    expect((change(plan, "content_share[project:pj_onboarding]").after as { users: unknown }).users).toEqual([{ email: "ann@a.example", access: "view" }]);
  });

  it("edit access for someone who is a viewer in the account, where the spec lists no members: refused", () => {
    const s = defaultAccount(NOW);
    inviteMember(s, "ws_main", "bob@a.example", "viewer", ctx);
    fails(s, { version: 1, contentShares: [{ type: "project", id: "pj_onboarding", users: [{ email: "bob@a.example", access: "edit" }] }] }, "viewer-edit");
  });

  it("a pinned rename onto the name of a sub-workspace the spec does not manage: refused (it used to throw with --allow-delete)", () => {
    const s = defaultAccount(NOW);
    createWorkspace(s, { name: "south", parentId: "ws_main", billing: "parent" }, ctx);
    const spec: WorkspacesSpec = { version: 1, subWorkspaces: [{ name: "south", id: "ws_client_a", billing: "parent" }] };
    fails(s, spec, "name-taken");
    fails(s, spec, "name-taken", { allowDelete: true });
  });

  it("a deletion whose path the spec gives to a new sub-workspace: refused (it used to throw: two changes, one address)", () => {
    const s = defaultAccount(NOW);
    const alpha = createWorkspace(s, { name: "alpha", parentId: "ws_main", billing: "own", subscription: { seats: 2, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } }, ctx);
    createWorkspace(s, { name: "north", parentId: alpha.id, billing: "parent" }, ctx);
    const own = { billing: "own" as const, subscription: { seats: 1, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } };
    const spec: WorkspacesSpec = {
      version: 1,
      subWorkspaces: [{ name: "beta", id: alpha.id, ...own }, { name: "alpha", ...own, subWorkspaces: [{ name: "north", billing: "parent" }] }],
    };
    fails(s, spec, "name-taken", { allowDelete: true });
    converges(s, spec);
  });

  it("a new sub-workspace on a name a rename frees waits for the rename; a swap of names is refused", () => {
    const s = defaultAccount(NOW);
    const alpha = createWorkspace(s, { name: "alpha", parentId: "ws_main", billing: "own", subscription: { seats: 2, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } }, ctx);
    const plan = converges(s, { version: 1, subWorkspaces: [{ name: "south", id: alpha.id, billing: "parent" }, { name: "alpha", billing: "parent" }] });
    expect(change(plan, "subworkspace[alpha]").dependsOn).toContain("subworkspace[south]");
    fails(s, { version: 1, subWorkspaces: [{ name: "alpha", id: "ws_client_a", billing: "parent" }, { name: "client-a", id: alpha.id, billing: "own" }] }, "rename-cycle");
  });
});
