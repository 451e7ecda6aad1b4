// A saved plan against the account as it is later (plan/recheck.ts), on the real planner:
// unchanged changes are kept in the plan's order, the account's own copies of them are done,
// a change at the same address that now plans differently is a difference, capacity is counted
// again for the plan's own changes only, and other activity is counted, not refused.

import { describe, expect, it } from "vitest";
import { consumeCredits } from "../../src/domain/world.js";
import { defaultAccount, inviteMember } from "../../src/domain/index.js";
import type { AccountState } from "../../src/model/state.js";
import { tryPlan } from "../../src/plan/plan.js";
import { recheckPlan } from "../../src/plan/recheck.js";
import { applyChange } from "../../src/providers/sandbox/execute.js";
import { loadSpecObject } from "../../src/spec/index.js";

const NOW = "2026-03-01T12:00:00.000Z";
const LATER = "2026-03-01T15:00:00.000Z";
const op = { now: NOW, newId: (p: string) => `${p}_x` };

function desired(spec: object) {
  const r = loadSpecObject({ version: 1, ...spec });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.desired!;
}

/** client-a (3 seats, 1 taken) gets two invitations; client-b is new with 2,000 credits. */
const SPEC = {
  workspace: { name: "Acme Agency" },
  subWorkspaces: [
    {
      name: "client-a",
      memberOwnership: "additive",
      members: [
        { email: "one@client-a.example", role: "creator" },
        { email: "two@client-a.example", role: "creator" },
      ],
    },
    { name: "client-b", allocation: { generativeCredits: 2000 } },
  ],
};

function base(): AccountState {
  return defaultAccount(NOW);
}

describe("recheckPlan", () => {
  it("keeps every change of an untouched account, in the plan's order", () => {
    const d = desired(SPEC);
    const saved = tryPlan(d, base(), { now: NOW }).plan!;
    const r = recheckPlan(saved, d, base(), { now: LATER });
    expect(r.differences).toEqual([]);
    expect(r.capacity).toEqual([]);
    expect(r.done).toEqual([]);
    expect(r.elsewhere).toBe(0);
    expect(r.plan.changes.map((c) => [c.seq, c.address])).toEqual(saved.changes.map((c) => [c.seq, c.address]));
  });

  it("counts the room the plan's own changes need against the account now", () => {
    const d = desired(SPEC);
    const saved = tryPlan(d, base(), { now: NOW }).plan!;
    // Someone invites a third person to client-a: its 3 seats now hold 2, and the plan needs 2 more.
    const busy = base();
    inviteMember(busy, "ws_client_a", "third@client-a.example", "viewer", op);
    const r = recheckPlan(saved, d, busy, { now: LATER });
    expect(r.differences).toEqual([]);
    expect(r.capacity.map((x) => x.code)).toEqual(["seat-limit"]);
    expect(r.capacity[0]!.message).toMatch(/seat allocation of "client-a" exceeded by 1/);
  });

  it("is not tripped by a shortage the plan has nothing to do with", () => {
    const d = desired(SPEC);
    const saved = tryPlan(d, base(), { now: NOW, targets: ["subworkspace[client-a]"] }).plan!;
    expect(saved.changes.map((c) => c.address)).toEqual(["member[client-a](one@client-a.example)", "member[client-a](two@client-a.example)"]);
    // The main workspace's pool is spent: client-b's 2,000 credits can no longer be allocated,
    // so a full plan fails; the saved, targeted plan does not need any of it.
    const spent = base();
    consumeCredits(spent, "ws_main", { generativeCredits: 100_000 - 12_000 - 2_000 - 1_000 });
    expect(tryPlan(d, spent, { now: LATER }).plan).toBeNull();
    const r = recheckPlan(saved, d, spent, { now: LATER });
    expect(r.capacity).toEqual([]);
    expect(r.differences).toEqual([]);
    expect(r.plan.changes).toHaveLength(2);
  });

  it("a change the account already holds is done; one that now plans differently is named, with both before/after", () => {
    const d = desired(SPEC);
    const saved = tryPlan(d, base(), { now: NOW }).plan!;
    const moved = base();
    inviteMember(moved, "ws_client_a", "one@client-a.example", "creator", op);
    inviteMember(moved, "ws_client_a", "two@client-a.example", "viewer", op);
    const r = recheckPlan(saved, d, moved, { now: LATER });
    expect(r.done).toEqual(["member[client-a](one@client-a.example)"]);
    expect(r.differences.map((x) => [x.address, x.planned.action, x.now?.action])).toEqual([["member[client-a](two@client-a.example)", "create", "update"]]);
  });
});

describe("recheckPlan after a crash", () => {
  it("a re-run finds what the first run made done, and the rest (now naming made workspaces by id) unchanged", () => {
    const d = desired(SPEC);
    const saved = tryPlan(d, base(), { now: NOW }).plan!;
    const created = saved.changes.find((c) => c.address === "subworkspace[client-b]")!;
    // The first run made client-b and died before its allocation and the invitations.
    const half = base();
    applyChange(half, created, { ...op, workspaceIds: new Map(), resolveSecret: () => "" });
    const r = recheckPlan(saved, d, half, { now: LATER });
    expect(r.differences).toEqual([]);
    expect(r.done).toEqual(["subworkspace[client-b]"]);
    expect(r.plan.changes.map((c) => c.address).sort()).toEqual(saved.changes.map((c) => c.address).filter((a) => a !== "subworkspace[client-b]").sort());
  });
});
