// Expiring access, as a property: for random days and random specs whose members, content
// users and asset shares carry random `expires` dates, (1) nothing expires early: on or before
// its date no access is taken away for expiry, and access not yet ended is never removed;
// (2) everything expired that the account still holds is planned for removal, with the reason
// "expired on <date>", and nothing expired is granted; (3) after applying the plan, planning
// again (the whole plan, and --only-expired) is empty.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultAccount } from "../../src/domain/index.js";
import type { AccountState } from "../../src/model/state.js";
import { tryPlan } from "../../src/plan/plan.js";
import type { Change, Plan, PlanOptions } from "../../src/plan/types.js";
import { loadSpecObject } from "../../src/spec/index.js";
import { applyAll, applyContext } from "./apply-plan.js";

const BASE = "2026-11-01T09:00:00.000Z";
const DAY = 24 * 3600 * 1000;
const dateAt = (days: number): string => new Date(Date.parse("2026-11-01T00:00:00Z") + days * DAY).toISOString().slice(0, 10);

/** A date within ~5 months, or no end at all. */
const expiresArb = fc.option(fc.integer({ min: 0, max: 150 }).map(dateAt), { nil: undefined });

const scenarioArb = fc.record({
  nowDay: fc.integer({ min: 0, max: 150 }),
  nowHour: fc.integer({ min: 0, max: 23 }),
  legacy: expiresArb,
  // New people: not in the account; an expired one must never be invited.
  people: fc.array(fc.record({ role: fc.constantFrom("creator" as const, "viewer" as const), expires: expiresArb }), { maxLength: 4 }),
  anna: expiresArb,
  brandKit: expiresArb,
  opsUser: expiresArb,
  legacyUser: expiresArb,
  // Whether the account already holds the shares (so that expiry has something to remove).
  preShared: fc.boolean(),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function specOf(s: Scenario) {
  const exp = (e: string | undefined) => (e ? { expires: e } : {});
  return {
    version: 1,
    workspace: {
      name: "Acme Agency",
      members: [
        { email: "ops@acme.example", role: "super_admin" },
        { email: "legacy@acme.example", role: "creator", ...exp(s.legacy) },
        ...s.people.map((p, i) => ({ email: `p${i}@acme.example`, role: p.role, ...exp(p.expires) })),
      ],
    },
    subWorkspaces: [{ name: "client-a" }],
    assetShares: [
      { type: "avatar", id: "av_anna", to: ["client-a"], ...exp(s.anna) },
      { type: "brand_kit", id: "bk_acme", to: "all", ...exp(s.brandKit) },
    ],
    contentShares: [
      {
        type: "folder",
        id: "fd_campaigns",
        generalAccess: "selected",
        users: [
          { email: "ops@acme.example", access: "edit", ...exp(s.opsUser) },
          { email: "legacy@acme.example", access: "view", ...exp(s.legacyUser) },
        ],
      },
    ],
    policies: { maxMemberRemovals: 100 },
  };
}

function accountOf(s: Scenario): AccountState {
  const a = defaultAccount(BASE);
  if (s.preShared) {
    a.assetShares.push({ assetType: "avatar", assetId: "av_anna", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_client_a" });
    a.assetShares.push({ assetType: "brand_kit", assetId: "bk_acme", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_client_a" });
    const f = a.content.find((c) => c.id === "fd_campaigns")!;
    f.generalAccess = "selected";
    f.users = [
      { email: "ops@acme.example", access: "edit" },
      { email: "legacy@acme.example", access: "view" },
    ];
  }
  return a;
}

/** A content user's access ends with their membership, if that ends first. */
const earliest = (a: string | undefined, b: string | undefined): string | undefined => (a === undefined ? b : b === undefined ? a : a < b ? a : b);
const past = (expires: string | undefined, now: string): boolean => expires !== undefined && now.slice(0, 10) > expires;

function planOf(s: Scenario, account: AccountState, opts: PlanOptions): Plan {
  const loaded = loadSpecObject(specOf(s));
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const r = tryPlan(loaded.desired!, account, opts);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.plan!;
}

const find = (plan: Plan, address: string): Change | undefined => plan.changes.find((c) => c.address === address);
const usersAfter = (c: Change | undefined): string[] | null =>
  c ? ((c.after as { users: { email: string }[] }).users ?? []).map((u) => u.email) : null;

describe("expiring access (property)", () => {
  it("nothing expires early, everything expired is removed, and re-planning after apply is empty", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const now = new Date(Date.parse(`${dateAt(s.nowDay)}T00:00:00Z`) + s.nowHour * 3600 * 1000).toISOString();
        const account = accountOf(s);
        const plan = planOf(s, account, { now });

        // (1) nothing early: every change marked expired names a date already past, and
        // access that has not ended is never taken away.
        for (const c of plan.changes) {
          if (c.expired !== undefined) {
            expect(now.slice(0, 10) > c.expired, `${c.address} expired early (${c.expired}, now ${now})`).toBe(true);
            expect(c.reason).toContain(`expired on ${c.expired}`);
          }
        }
        if (!past(s.legacy, now)) expect(find(plan, "member[workspace](legacy@acme.example)")).toBeUndefined();
        const folder = find(plan, "content_share[folder:fd_campaigns]");
        if (s.preShared) {
          if (!past(s.anna, now)) expect(find(plan, "asset_share[avatar:av_anna -> client-a]")).toBeUndefined();
          if (!past(s.brandKit, now)) expect(find(plan, "asset_share[brand_kit:bk_acme -> client-a]")).toBeUndefined();
          if (!past(s.opsUser, now)) expect(usersAfter(folder) ?? ["ops@acme.example"]).toContain("ops@acme.example");
          if (!past(earliest(s.legacyUser, s.legacy), now)) expect(usersAfter(folder) ?? ["legacy@acme.example"]).toContain("legacy@acme.example");
        }

        // (2) everything expired that the account holds is removed; nothing expired is granted.
        const legacyGone = find(plan, "member[workspace](legacy@acme.example)");
        if (past(s.legacy, now)) expect(legacyGone).toMatchObject({ action: "delete", expired: s.legacy });
        s.people.forEach((p, i) => {
          const c = find(plan, `member[workspace](p${i}@acme.example)`);
          if (past(p.expires, now)) expect(c, `p${i} expired on ${p.expires} but is invited`).toBeUndefined();
          else expect(c).toMatchObject({ action: "create" });
        });
        for (const [addr, exp] of [
          ["asset_share[avatar:av_anna -> client-a]", s.anna],
          ["asset_share[brand_kit:bk_acme -> client-a]", s.brandKit],
        ] as const) {
          const c = find(plan, addr);
          if (past(exp, now)) {
            if (s.preShared) expect(c).toMatchObject({ action: "delete", expired: exp });
            else expect(c).toBeUndefined();
          } else if (!s.preShared) expect(c).toMatchObject({ action: "create" });
        }
        if (s.preShared) {
          if (past(s.opsUser, now)) expect(usersAfter(folder)).not.toContain("ops@acme.example");
          if (past(earliest(s.legacyUser, s.legacy), now)) expect(usersAfter(folder)).not.toContain("legacy@acme.example");
        }

        // --only-expired: exactly the removals for expiry, nothing else.
        const only = planOf(s, accountOf(s), { now, onlyExpired: true });
        for (const c of only.changes) expect(c.expired, `${c.address} is in an --only-expired plan`).toBeDefined();
        expect(only.changes.map((c) => c.address).sort()).toEqual(
          plan.changes.filter((c) => c.expired !== undefined || (c.kind === "content_share" && (c.reason.includes("expired on")))).map((c) => c.address).sort(),
        );
        expect(only.options.onlyExpired).toBe(true);
        const afterOnly = applyAll(accountOf(s), only.changes, applyContext(now));
        expect(planOf(s, afterOnly, { now, onlyExpired: true }).changes).toEqual([]);

        // (3) converges: applied, the spec asks for nothing more on the same day.
        const applied = applyAll(account, plan.changes, applyContext(now));
        const again = planOf(s, applied, { now });
        expect(again.changes.map((c) => `${c.action} ${c.address}: ${c.reason}`)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
