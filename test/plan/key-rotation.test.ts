// API key rotation in the planner and the domain, on small specs and accounts in memory:
// where the age limit and the 14-day notice begin, what the key-revocation limit counts, and
// that a rotation keeps the old key working until it is revoked. The whole path (CLI,
// sandbox, emulator, kills) is in test/e2e/api-key-rotation.test.ts and api-key-crash.test.ts.

import { describe, expect, it } from "vitest";
import { loadSpecObject } from "../../src/spec/index.js";
import { tryPlan } from "../../src/plan/plan.js";
import type { PlanOptions } from "../../src/plan/types.js";
import type { AccountState, ApiKeyState } from "../../src/model/state.js";
import { defaultAccount, revokePreviousApiKey, rotateApiKey, confirmApiKey } from "../../src/domain/index.js";

const MADE = "2026-01-01T00:00:00.000Z";
const DAY = 86_400_000;
const at = (days: number, ms = 0): string => new Date(Date.parse(MADE) + days * DAY + ms).toISOString();

function account(keys: Partial<ApiKeyState>[] = [{}]): AccountState {
  const s = defaultAccount(MADE);
  const w = s.workspaces.find((x) => x.id === "ws_client_a")!;
  w.apiAccess = true;
  s.apiKeys = keys.map((k, i) => ({ workspaceId: w.id, keyId: `key_${i}`, last4: `abc${i}`, createdAt: MADE, ...k }));
  return s;
}

function plan(rotation: unknown, state: AccountState, opts: PlanOptions) {
  const spec = {
    version: 1,
    workspace: { name: "Acme Agency" },
    subWorkspaces: [{ name: "client-a", apiAccess: true, allocation: { seats: 3, avatarSlots: 1, generativeCredits: 2000 }, ...(rotation ? { apiKeyRotation: rotation } : {}) }],
  };
  const loaded = loadSpecObject(spec, { name: "spec" });
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return tryPlan(loaded.desired!, state, opts);
}

const brief = (r: ReturnType<typeof plan>): string[] => (r.plan?.changes ?? []).map((c) => `${c.action} ${c.address}`);
const notices = (r: ReturnType<typeof plan>): string[] => r.diagnostics.filter((d) => d.code === "api-key-rotation-due").map((d) => d.message);

describe("rotation by age", () => {
  it("rotates a key from the moment it is maxAgeDays old, not a millisecond before", () => {
    expect(brief(plan({ maxAgeDays: 30 }, account(), { now: at(30, -1) }))).toEqual([]);
    const due = plan({ maxAgeDays: 30 }, account(), { now: at(30) });
    expect(brief(due)).toEqual(["replace apikey[client-a]"]);
    expect(due.plan!.changes[0]!.reason).toBe("the key …abc0 is 30 days old, and apiKeyRotation.maxAgeDays is 30: a new key is made and stored, then …abc0 is revoked");
  });

  it("names a key 14 days before it falls due, and not earlier", () => {
    expect(notices(plan({ maxAgeDays: 30 }, account(), { now: at(16, -1) }))).toEqual([]);
    expect(notices(plan({ maxAgeDays: 30 }, account(), { now: at(16) }))).toEqual([
      "the API key …abc0 of client-a turns 30 days old on 2026-01-31 (in 14 days); a plan from then on rotates it",
    ]);
    expect(notices(plan({ maxAgeDays: 30 }, account(), { now: at(29, 1) }))).toEqual([
      "the API key …abc0 of client-a turns 30 days old on 2026-01-31 (in 1 day); a plan from then on rotates it",
    ]);
    // Due: rotated, no longer announced.
    expect(notices(plan({ maxAgeDays: 30 }, account(), { now: at(30) }))).toEqual([]);
  });

  it("leaves keys alone without apiKeyRotation, whatever their age", () => {
    const r = plan(null, account(), { now: at(3650) });
    expect(brief(r)).toEqual([]);
    expect(notices(r)).toEqual([]);
  });
});

describe("what a rotation left behind", () => {
  it("a stored new key with the old one still working: the old one is revoked (an update)", () => {
    const r = plan({ maxAgeDays: 30 }, account([{ keyId: "key_new", last4: "new1", createdAt: at(31), previous: { keyId: "key_old", last4: "old1", createdAt: MADE } }]), { now: at(31) });
    expect(brief(r)).toEqual(["update apikey[client-a]"]);
    expect(r.plan!.changes[0]!.before).toMatchObject({ keyId: "key_new", previous: { keyId: "key_old", last4: "old1" } });
    expect(r.plan!.changes[0]!.after).not.toHaveProperty("previous");
  });

  it("an undelivered new key is rotated again, and the old one is said to be revoked after", () => {
    const r = plan(null, account([{ delivered: false, previous: { keyId: "key_old", last4: "old1", createdAt: MADE } }]), { now: at(1) });
    expect(brief(r)).toEqual(["replace apikey[client-a]"]);
    expect(r.plan!.changes[0]!.reason).toMatch(/nobody has it; rotate it and deliver the new one; the key …old1 it was to replace still works, and is revoked once the new one is stored$/);
  });
});

describe("the key-revocation limit", () => {
  it("counts the old key of a rotation, and refuses above policies.maxKeyRevocations or the flag", () => {
    const state = account();
    expect(brief(plan({ maxAgeDays: 1 }, state, { now: at(2), maxKeyRevocations: 1 }))).toEqual(["replace apikey[client-a]"]);
    const refused = plan({ maxAgeDays: 1 }, state, { now: at(2), maxKeyRevocations: 0 });
    expect(refused.plan).toBeNull();
    expect(refused.diagnostics[0]).toMatchObject({ code: "too-many-key-revocations", address: "apikey[client-a]" });
    expect(refused.diagnostics[0]!.message).toBe(
      "the plan would revoke 1 API key (keys turned off, and the old keys of rotations), more than the 0 allowed in one plan (--max-key-revocations 0): apikey[client-a]",
    );
  });

  it("does not count an undelivered key (nobody holds it), but counts the key it was to replace", () => {
    expect(plan(null, account([{ delivered: false }]), { now: at(1), maxKeyRevocations: 0 }).plan).not.toBeNull();
    expect(plan(null, account([{ delivered: false, previous: { keyId: "key_old", last4: "old1", createdAt: MADE } }]), { now: at(1), maxKeyRevocations: 0 }).plan).toBeNull();
  });
});

describe("--rotate-key", () => {
  it("rotates the named key whatever its age, and records the names in the plan's options", () => {
    const r = plan(null, account(), { now: at(1), rotateKeys: ["client-a"] });
    expect(brief(r)).toEqual(["replace apikey[client-a]"]);
    expect(r.plan!.options.rotateKeys).toEqual(["client-a"]);
    expect(plan(null, account(), { now: at(1) }).plan!.options).not.toHaveProperty("rotateKeys");
  });

  it("refuses a name the spec does not have, with the nearest one", () => {
    const r = plan(null, account(), { now: at(1), rotateKeys: ["client-b"] });
    expect(r.plan).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ code: "unknown-workspace", message: '--rotate-key client-b: the spec has no sub-workspace "client-b"; did you mean "client-a"?' });
  });
});

describe("the domain's rotation", () => {
  const ctx = { now: at(40), newId: (p: string) => `${p}_1` };

  it("keeps the old key as previous until revoked, and never keeps an undelivered one", () => {
    const s = account([{ secretHash: "sha256:old" }]);
    const first = rotateApiKey(s, "ws_client_a", ctx, { awaitDelivery: true, keepPrevious: true });
    expect(first.key.previous).toEqual({ keyId: "key_0", last4: "abc0", createdAt: MADE, secretHash: "sha256:old" });
    // Rotated again before it was stored: the undelivered one goes, the old one stays.
    const second = rotateApiKey(s, "ws_client_a", ctx, { awaitDelivery: true, keepPrevious: true });
    expect(second.key.previous?.keyId).toBe("key_0");
    confirmApiKey(s, "ws_client_a", second.key.keyId);
    expect(() => revokePreviousApiKey(s, "ws_client_a", "key_other")).toThrow(/previous API key is key_0, not key_other/);
    expect(revokePreviousApiKey(s, "ws_client_a", "key_0")).toBe(true);
    expect(s.apiKeys).toHaveLength(1);
    expect(s.apiKeys[0]!.previous).toBeUndefined();
    // Gone already: nothing to do.
    expect(revokePreviousApiKey(s, "ws_client_a", "key_0")).toBe(false);
  });
});
