// An exported spec is a faithful spec: random account -> `hgw export` -> one random change
// made as the dashboard would make it -> drift on the exported spec reports it, at the
// resource that changed. (In process, with the real loader, planner and drift report; the
// same through the real CLI for a sample is in drift-cli.test.ts.) Changes the spec has no
// words for are not drawn: a share-page password (the account keeps only a digest), sharing
// a library item that was shared with no one (a spec lists an item only with where it goes),
// and what only the main workspace has (its image, API access, subscription).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changeMemberRole, checkAccount, createWorkspace, inviteMember, isDomainError, removeMember, setAllocation, shareAsset, unshareAsset, updateContentSharing, updateWorkspace, workspacePath } from "../../src/domain/index.js";
import { exportSpec } from "../../src/export/to-spec.js";
import { fingerprintState } from "../../src/model/fingerprint.js";
import type { AccountState, WorkspaceState } from "../../src/model/state.js";
import { classifyDrift } from "../../src/plan/drift.js";
import { tryPlan } from "../../src/plan/plan.js";
import { loadSpecText } from "../../src/spec/index.js";
import type { Role } from "../../src/spec/types.gen.js";
import { NOW, accountRecipeArb, buildAccount } from "../plan/arbitraries.js";

const NUM_RUNS = Number(process.env.FC_RUNS ?? 300);
const ROLES: Role[] = ["super_admin", "developer", "creator", "viewer"];

type Setting =
  | { joinPolicy: "invite_only" | "request" }
  | { whoCanInvite: "super_admins" | "super_admins_and_developers" | "all_members" }
  | { publicInviteLink: boolean }
  | { defaultSharing: "only_me" | "workspace" }
  | { unlistedJoinRequests: "deny" | "ignore" }
  | { joinPolicy: "email_domain"; joinDomains: string[] };

type DashboardChange =
  | { t: "setting"; ws: number; setting: Setting }
  | { t: "apiAccess" | "deletionProtection"; ws: number }
  | { t: "image"; ws: number; image: string | null }
  | { t: "rename"; ws: number; name: string }
  | { t: "allocation"; ws: number; key: "seats" | "avatarSlots" | "generativeCredits" | "apiCredits"; delta: number }
  | { t: "invite"; ws: number; email: string; role: Role }
  | { t: "remove" | "role"; ws: number; member: number; role: Role }
  | { t: "share" | "unshare"; share: number; to: number }
  | { t: "content"; item: number; what: "generalAccess" | "publicPublishing" | "captions" | "users"; member: number }
  | { t: "newWorkspace"; ws: number; name: string };

const changeArb: fc.Arbitrary<DashboardChange> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("setting" as const),
      ws: fc.nat(),
      setting: fc.oneof(
        fc.record({ joinPolicy: fc.constantFrom("invite_only" as const, "request" as const) }),
        fc.record({ whoCanInvite: fc.constantFrom("super_admins" as const, "super_admins_and_developers" as const, "all_members" as const) }),
        fc.record({ publicInviteLink: fc.boolean() }),
        fc.record({ defaultSharing: fc.constantFrom("only_me" as const, "workspace" as const) }),
        fc.record({ unlistedJoinRequests: fc.constantFrom("deny" as const, "ignore" as const) }),
        fc.record({ joinPolicy: fc.constant("email_domain" as const), joinDomains: fc.constantFrom("a.example", "b.example").map((d) => [d]) }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constantFrom("apiAccess" as const, "deletionProtection" as const), ws: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("image" as const), ws: fc.nat(), image: fc.constantFrom("logos/new.png", null) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("rename" as const), ws: fc.nat(), name: fc.constantFrom("renamed", "other name") }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("allocation" as const),
      ws: fc.nat(),
      key: fc.constantFrom("seats" as const, "avatarSlots" as const, "generativeCredits" as const, "apiCredits" as const),
      delta: fc.constantFrom(-1, 1, 2),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("invite" as const), ws: fc.nat(), email: fc.constantFrom("new@a.example", "walkin@z.example"), role: fc.constantFrom(...ROLES) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constantFrom("remove" as const, "role" as const), ws: fc.nat(), member: fc.nat(), role: fc.constantFrom(...ROLES) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom("share" as const, "unshare" as const), share: fc.nat(), to: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("content" as const),
      item: fc.nat(),
      what: fc.constantFrom("generalAccess" as const, "publicPublishing" as const, "captions" as const, "users" as const),
      member: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("newWorkspace" as const), ws: fc.nat(), name: fc.constantFrom("made-in-dashboard", "extra") }) },
);

const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
const subs = (s: AccountState): WorkspaceState[] => s.workspaces.filter((w) => w.parentId !== null);

/** Makes the change; returns the addresses drift must name one of, or null when the change cannot be made here. */
function makeChange(s: AccountState, c: DashboardChange): string[] | null {
  const ctx = { now: NOW, newId: (p: string) => `${p}_dash`, digestPassword: () => "salted-sha256:dash" };
  const where = (w: WorkspaceState): string => (w.parentId === null ? "workspace" : `subworkspace[${workspacePath(s, w.id)}]`);
  switch (c.t) {
    case "setting": {
      const w = pick(s.workspaces, c.ws)!;
      updateWorkspace(s, w.id, { settings: c.setting });
      return [where(w)];
    }
    case "apiAccess":
    case "deletionProtection": {
      const w = pick(subs(s), c.ws);
      if (!w) return null;
      const at = where(w);
      updateWorkspace(s, w.id, { [c.t]: !w[c.t] });
      return [at, `apikey[${workspacePath(s, w.id)}]`];
    }
    case "image": {
      const w = pick(subs(s), c.ws);
      if (!w) return null;
      updateWorkspace(s, w.id, { image: c.image });
      return [where(w)];
    }
    case "rename": {
      const w = pick(subs(s), c.ws);
      if (!w) return null;
      // The spec pins ids: drift is an update of the workspace the spec still names the old way.
      const at = where(w);
      updateWorkspace(s, w.id, { name: c.name });
      return [at];
    }
    case "allocation": {
      const w = pick(subs(s).filter((x) => x.billing === "parent"), c.ws);
      if (!w?.allocation) return null;
      setAllocation(s, w.id, { ...w.allocation, [c.key]: Math.max(0, w.allocation[c.key] + c.delta) });
      return [`allocation[${workspacePath(s, w.id)}]`];
    }
    case "invite": {
      const w = pick(s.workspaces, c.ws)!;
      inviteMember(s, w.id, c.email, c.role, ctx);
      return [`member[${w.parentId === null ? "workspace" : workspacePath(s, w.id)}](${c.email})`];
    }
    case "remove":
    case "role": {
      const m = pick(s.members, c.member);
      if (!m) return null;
      const w = s.workspaces.find((x) => x.id === m.workspaceId)!;
      const at = `member[${w.parentId === null ? "workspace" : workspacePath(s, w.id)}](${m.email})`;
      if (c.t === "remove") removeMember(s, w.id, m.email);
      else changeMemberRole(s, w.id, m.email, c.role);
      return [at];
    }
    case "share":
    case "unshare": {
      // Only items the export lists (shared somewhere): one with no share is not spec.
      const share = pick(s.assetShares, c.share);
      if (!share) return null;
      const to = c.t === "share" ? pick(s.workspaces, c.to)! : s.workspaces.find((w) => w.id === share.toWorkspaceId)!;
      if (to.parentId === null) return null;
      const ref = { assetType: share.assetType, assetId: share.assetId, fromWorkspaceId: share.fromWorkspaceId, toWorkspaceId: to.id };
      if (c.t === "share") shareAsset(s, ref);
      else unshareAsset(s, ref);
      return [`asset_share[${share.assetType}:${share.assetId} -> ${workspacePath(s, to.id)}]`];
    }
    case "content": {
      const item = pick(s.content, c.item);
      if (!item) return null;
      const p = item.sharePage;
      const members = s.members.filter((m) => m.workspaceId === item.workspaceId);
      const patch =
        c.what === "generalAccess"
          ? { generalAccess: item.generalAccess === "workspace" ? ("only_me" as const) : ("workspace" as const), ...(item.generalAccess === "workspace" ? { users: [] } : {}) }
          : c.what === "users"
            ? { generalAccess: "selected" as const, users: [{ email: pick(members, c.member)?.email ?? "nobody@none.example", access: "view" as const }] }
            : { sharePage: { [c.what]: !p[c.what] } };
      updateContentSharing(s, { type: item.type, id: item.id }, patch, ctx);
      return [`content_share[${item.type}:${item.id}]`];
    }
    case "newWorkspace": {
      const parent = pick(s.workspaces.filter((w) => w.billing === "own"), c.ws)!;
      const w = createWorkspace(s, { name: c.name, parentId: parent.id, billing: "parent", allocation: { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } }, ctx);
      return [`subworkspace[${workspacePath(s, w.id)}]`];
    }
  }
}

describe("export is a faithful spec", () => {
  it("drift on an exported spec reports any later change made in the dashboard, where it was made", () => {
    let checked = 0;
    fc.assert(
      fc.property(accountRecipeArb, changeArb, (recipe, change) => {
        const state = buildAccount(recipe);
        const text = exportSpec(state, { now: NOW });
        const { desired, diagnostics } = loadSpecText(text, { name: "export" });
        // An account holding what no spec can say exports with comments that will not validate.
        fc.pre(desired !== null);
        const before = tryPlan(desired!, state, { now: NOW });
        expect(before.plan, JSON.stringify(before.diagnostics)).not.toBeNull();
        // Drift on the export itself: none, but for what the export says `hgw plan` will do (a
        // key where API access is on without one).
        const baseline = classifyDrift(before.plan!).items.filter((i) => i.kind === "unauthorized");
        expect(
          baseline.filter((i) => !(i.change?.action === "create" && i.address.startsWith("apikey["))).map((i) => `${i.address}: ${i.change?.reason ?? i.what}`),
          `${text}\n${JSON.stringify(diagnostics)}`,
        ).toEqual([]);
        if (baseline.length > 0) expect(text.replace(/\n# /g, " ")).toMatch(/`hgw plan` on this file shows no changes but these, .*create \d+ API keys?/);
        const already = new Set(baseline.map((i) => i.address));

        const fp = fingerprintState(state);
        let addresses: string[] | null;
        try {
          addresses = makeChange(state, change);
        } catch (e) {
          if (!isDomainError(e)) throw e;
          addresses = null;
        }
        // Refused by the domain, or nothing to change: the dashboard would not have changed anything either.
        fc.pre(addresses !== null && fingerprintState(state) !== fp);
        // Users the export could not write (someone outside the workspace) are left unmanaged, with a comment.
        if (change.t === "content" && change.what === "users") {
          fc.pre(desired!.contentShares.some((c) => addresses!.includes(`content_share[${c.type}:${c.id}]`) && c.users !== null));
        }
        expect(checkAccount(state)).toEqual([]);

        const after = tryPlan(desired!, state, { now: NOW });
        const what = `${JSON.stringify(change)}\n--- exported spec ---\n${text}`;
        if (!after.plan) {
          // Planning refused (a limit): drift ends in an error naming it, never "No drift".
          expect(after.diagnostics.some((d) => d.severity === "error"), what).toBe(true);
          return;
        }
        const report = classifyDrift(after.plan);
        expect(report.unauthorized, what).toBeGreaterThan(0);
        const named = report.items.filter((i) => i.kind === "unauthorized" && !already.has(i.address)).map((i) => i.address);
        expect(named.some((a) => addresses!.includes(a)), `${JSON.stringify(named)} names none of ${JSON.stringify(addresses)}\n${what}`).toBe(true);
        checked++;
      }),
      { numRuns: NUM_RUNS },
    );
    // Most draws make a change the drift must see, or the property says little.
    expect(checked).toBeGreaterThan(NUM_RUNS / 3);
  });
});
