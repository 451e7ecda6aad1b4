// The planner's rules one at a time, on small specs against the default sandbox account.
// Whole-pipeline behaviour is in test/e2e; random specs and accounts in property.test.ts.

import { describe, expect, it } from "vitest";
import { loadSpecObject } from "../../src/spec/index.js";
import { tryPlan } from "../../src/plan/plan.js";
import type { Change, Plan, PlanOptions } from "../../src/plan/types.js";
import type { Diagnostic } from "../../src/model/diagnostics.js";
import type { AccountState } from "../../src/model/state.js";
import { applyChange } from "../../src/providers/sandbox/execute.js";
import { checkAccount, defaultAccount, updateContentSharing } from "../../src/domain/index.js";
import { consumeCredits } from "../../src/domain/world.js";

const now = "2026-11-25T00:00:00.000Z";
type Spec = Record<string, unknown>;

const base = (subs: unknown[], extra: Spec = {}): Spec => ({
  version: 1,
  workspace: { name: "Acme Agency" },
  subWorkspaces: subs,
  ...extra,
});

function run(spec: Spec, state: AccountState = defaultAccount(now), opts: PlanOptions = {}): { plan: Plan | null; diagnostics: Diagnostic[]; state: AccountState } {
  const loaded = loadSpecObject(spec, { name: "spec" });
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (!loaded.desired || errors.length) throw new Error(`invalid test spec: ${JSON.stringify(errors)}`);
  return { ...tryPlan(loaded.desired, state, { now, ...opts }), state };
}

function applyAll(state: AccountState, changes: Change[]): void {
  let n = 0;
  const ctx = { now, newId: (p: string) => `${p}_t${++n}`, resolveSecret: () => "s3cret-pass", workspaceIds: new Map<string, string>() };
  for (const c of changes) {
    applyChange(state, c, ctx);
    expect(checkAccount(state), c.address).toEqual([]);
  }
}

const brief = (p: Plan | null): string[] => (p?.changes ?? []).map((c) => `${c.action} ${c.address}`);

describe("planner", () => {
  it("a rename through formerNames is an update of the same workspace, never delete + create", () => {
    const { plan, state } = run(base([{ name: "client-alpha", formerNames: ["client-a"], allocation: { seats: 3, avatarSlots: 1, generativeCredits: 2000 } }]));
    expect(brief(plan)).toEqual(["update subworkspace[client-alpha]"]);
    expect(plan!.changes[0]!.reason).toMatch(/renamed from "client-a" \(formerNames\)/);
    applyAll(state, plan!.changes);
    expect(state.workspaces.find((w) => w.id === "ws_client_a")!.name).toBe("client-alpha");
  });

  it("a pinned id matches whatever the name, and its members follow under the new path", () => {
    const { plan } = run(
      base([{ name: "renamed", id: "ws_client_a", allocation: { seats: 3, avatarSlots: 1, generativeCredits: 2000 }, members: [{ email: "reviewer@client-a.example", role: "creator" }] }]),
    );
    expect(brief(plan)).toEqual(["update subworkspace[renamed]", "update member[renamed](reviewer@client-a.example)"]);
    expect(plan!.changes[1]!.reason).toMatch(/pending invitation/);
  });

  it("an unlisted sub-workspace is reported, deleted only with allowDelete, never when protected", () => {
    const kept = run(base([]));
    expect(brief(kept.plan)).toEqual([]);
    expect(kept.plan!.unmanaged).toEqual([{ address: "subworkspace[client-a]", reason: expect.stringMatching(/--allow-delete/) }]);

    const deleted = run(base([]), defaultAccount(now), { allowDelete: true });
    expect(brief(deleted.plan)).toEqual(["delete subworkspace[client-a]"]);

    const protectedState = defaultAccount(now);
    protectedState.workspaces[1]!.deletionProtection = true;
    const refused = run(base([]), protectedState, { allowDelete: true });
    expect(refused.plan).toBeNull();
    expect(refused.diagnostics).toEqual([expect.objectContaining({ code: "deletion-protected", address: "subworkspace[client-a]" })]);
  });

  it("an allocation below what is already used fails, saying by how much and where", () => {
    const { plan, diagnostics } = run(base([{ name: "client-a", allocation: { seats: 3, avatarSlots: 1, generativeCredits: 400 } }]));
    expect(plan).toBeNull();
    expect(diagnostics[0]).toMatchObject({
      code: "insufficient-credit",
      message: expect.stringMatching(/generative credit allocation of "client-a" exceeded by 100/),
      source: { file: "<spec>", line: expect.any(Number), col: expect.any(Number) },
      address: "allocation[client-a]",
    });
  });

  it("more seats than the subscription has: which limit, by how much, and the lines that ask", () => {
    const people = Array.from({ length: 48 }, (_, i) => ({ email: `p${i}@acme.example`, role: "creator" }));
    const { plan, diagnostics } = run({ ...base([]), workspace: { name: "Acme Agency", members: people } });
    expect(plan).toBeNull();
    // 48 members + 3 seats allocated to client-a = 51 > 50.
    expect(diagnostics[0]!.message).toMatch(/seat limit of workspace "Acme Agency" exceeded by 1: the plan needs 51 seats/);
    expect(diagnostics[0]!.hint).toMatch(/asked for by <spec>:\d+:\d+ \(member\[workspace\]\(p\d+@acme\.example\)\)/);
  });

  it("lowering one allocation makes room for raising another, in that order", () => {
    const state = defaultAccount(now);
    // Fill the main pool: 50 seats = 2 members + 3 allocated + 45 allocated to client-b.
    state.workspaces.push({ ...state.workspaces[1]!, id: "ws_client_b", name: "client-b", allocation: { seats: 45, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 }, usage: { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } });
    expect(checkAccount(state)).toEqual([]);
    const { plan } = run(
      base([
        { name: "client-a", allocation: { seats: 13, avatarSlots: 1, generativeCredits: 2000 } },
        { name: "client-b", allocation: { seats: 35, avatarSlots: 0, generativeCredits: 0 } },
      ]),
      state,
    );
    expect(brief(plan)).toEqual(["update allocation[client-b]", "update allocation[client-a]"]);
    expect(plan!.changes[1]!.dependsOn).toEqual(["allocation[client-b]"]);
    applyAll(state, plan!.changes);
  });

  it("switching a sub-workspace to own billing releases its allocation to the parent", () => {
    const { plan, state } = run(base([{ name: "client-a", billing: "own", subscription: { seats: 10, avatarSlots: 2, generativeCredits: 5000, apiCredits: 0 } }]));
    expect(brief(plan)).toEqual(["update subworkspace[client-a]"]);
    applyAll(state, plan!.changes);
    expect(state.workspaces[1]).toMatchObject({ billing: "own", allocation: null, subscription: { seats: 10 } });
  });

  it("an asset the account lacks, or in another library, is an error at its spec line", () => {
    const missing = run(base([{ name: "client-a" }], { assetShares: [{ type: "avatar", id: "av_nobody", to: ["client-a"] }] }));
    expect(missing.diagnostics[0]).toMatchObject({ code: "unknown-asset", source: { file: "<spec>" } });
    const elsewhere = run(base([{ name: "client-a" }], { assetShares: [{ type: "avatar", id: "av_anna", from: "client-a", to: ["workspace"] }] }));
    expect(elsewhere.diagnostics[0]).toMatchObject({ code: "asset-not-in-library" });
  });

  it("asset shares are authoritative per listed asset, and leave unlisted assets alone", () => {
    const state = defaultAccount(now);
    state.workspaces.push({ ...state.workspaces[1]!, id: "ws_b", name: "client-b", allocation: { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 }, usage: { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } });
    state.assetShares.push(
      { assetType: "avatar", assetId: "av_anna", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_b" },
      { assetType: "voice", assetId: "vc_narrator", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_b" },
    );
    const { plan } = run(
      base([{ name: "client-a" }, { name: "client-b" }], { assetShares: [{ type: "avatar", id: "av_anna", to: ["client-a"] }] }),
      state,
    );
    expect(brief(plan).filter((c) => c.includes("asset_share"))).toEqual([
      "delete asset_share[avatar:av_anna -> client-b]",
      "create asset_share[avatar:av_anna -> client-a]",
    ]);
  });

  it("a share-page password: set once from its reference, not re-set while one is, removed with null", () => {
    const share = (password: unknown) =>
      base([{ name: "client-a" }], { contentShares: [{ type: "video", id: "vd_launch", sharePage: { password } }] });
    const first = run(share({ env: "LAUNCH_PW" }));
    expect(brief(first.plan)).toEqual(["update content_share[video:vd_launch]"]);
    expect(JSON.stringify(first.plan)).toContain('"env":"LAUNCH_PW"');
    applyAll(first.state, first.plan!.changes);
    expect(JSON.stringify(first.state)).not.toContain("s3cret-pass");
    expect(brief(run(share({ env: "LAUNCH_PW" }), first.state).plan)).toEqual([]);
    expect(brief(run(share(null), first.state).plan)).toEqual(["update content_share[video:vd_launch]"]);
  });

  it("a join request from a listed person is approved instead of a second invitation", () => {
    const state = defaultAccount(now);
    state.joinRequests.push({ id: "jr_1", workspaceId: "ws_client_a", email: "writer@client-a.example", requestedAt: now });
    const { plan } = run(base([{ name: "client-a", members: [{ email: "reviewer@client-a.example", role: "viewer" }, { email: "Writer@client-a.example", role: "creator" }] }]), state);
    expect(brief(plan)).toContain("approve join_request[client-a](writer@client-a.example)");
    expect(brief(plan)).not.toContain("create member[client-a](writer@client-a.example)");
  });

  it("credits consumed in the account are not drift", () => {
    const spec = base([{ name: "client-a", allocation: { seats: 3, avatarSlots: 1, generativeCredits: 2000 } }]);
    const state = defaultAccount(now);
    consumeCredits(state, "ws_client_a", { generativeCredits: 1000 });
    expect(brief(run(spec, state).plan)).toEqual([]);
  });

  it("content sharing the spec does not mention is left alone", () => {
    const state = defaultAccount(now);
    updateContentSharing(state, { type: "video", id: "vd_launch" }, { generalAccess: "workspace" }, {});
    expect(brief(run(base([{ name: "client-a" }]), state).plan)).toEqual([]);
  });
});
