// The usage report and the plan's headroom, computed from accounts in memory: limits, use and
// what a pool gives out; flags exactly at the thresholds; names as the spec gives them; and
// the account after a plan (an allocation raised, a sub-workspace made or deleted).

import { describe, expect, it } from "vitest";
import { defaultAccount } from "../../src/domain/default-account.js";
import type { AccountState, WorkspaceState } from "../../src/model/state.js";
import { tryPlan } from "../../src/plan/plan.js";
import { loadSpec } from "../../src/spec/index.js";
import { planUsage } from "../../src/plan/usage-after-plan.js";
import { thresholdsOf, usageReport } from "../../src/plan/usage.js";
import { repoRoot } from "../helpers/cli.js";

const NOW = "2026-12-01T00:00:00.000Z";
const account = (): AccountState => defaultAccount(NOW);
const clientA = (s: AccountState): WorkspaceState => s.workspaces.find((w) => w.id === "ws_client_a")!;
const byPath = (r: ReturnType<typeof usageReport>, path: string) => r.workspaces.find((w) => w.path === path)!;

function subWorkspace(id: string, name: string, allocation: WorkspaceState["allocation"], parentId = "ws_main"): WorkspaceState {
  return { ...structuredClone(clientA(account())), id, name, parentId, allocation, usage: { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } };
}

describe("usageReport", () => {
  it("gives each workspace its limit, its own use and what its pool gives out, parents first", () => {
    const r = usageReport(account());
    expect(r.workspaces.map((w) => [w.path, w.depth, w.inAccount, w.inSpec])).toEqual([
      ["", 0, true, null],
      ["client-a", 1, true, null],
    ]);
    const main = byPath(r, "");
    // 2 members in the main workspace; client-a's allocation of 3 seats is given out of the pool.
    expect(main.quotas.seats).toEqual({ limit: 50, used: 2, givenOut: 3, share: 0.1, shareOfParent: null, flag: "ok" });
    expect(main.quotas.generativeCredits).toMatchObject({ limit: 100000, used: 12000, givenOut: 2000, share: 0.14 });
    const a = byPath(r, "client-a");
    expect(a.quotas.generativeCredits).toEqual({ limit: 2000, used: 500, givenOut: 0, share: 0.25, shareOfParent: 0.02, flag: "ok" });
    expect(a.quotas.apiCredits).toEqual({ limit: 0, used: 0, givenOut: 0, share: null, shareOfParent: 0, flag: "ok" });
  });

  it("flags a warning from the warning share on, an alert from the alert share on, and anything taken of nothing", () => {
    const flagAt = (generative: number, api = 0): [string, string, string] => {
      const s = account();
      clientA(s).usage.generativeCredits = generative;
      clientA(s).usage.apiCredits = api;
      const a = byPath(usageReport(s), "client-a");
      return [a.quotas.generativeCredits.flag, a.quotas.apiCredits.flag, a.flag];
    };
    expect(flagAt(1599)).toEqual(["ok", "ok", "ok"]);
    expect(flagAt(1600)).toEqual(["warning", "ok", "warning"]);
    expect(flagAt(1999)).toEqual(["warning", "ok", "warning"]);
    expect(flagAt(2000)).toEqual(["alert", "ok", "alert"]);
    expect(flagAt(0, 5)).toEqual(["ok", "alert", "alert"]);
  });

  it("takes its thresholds from the options", () => {
    const s = account();
    const r = usageReport(s, { thresholds: { warningShare: 0.2, alertShare: 0.3 } });
    // 500 of 2,000 credits (25%), 1 of 3 seats (33%), no avatar slot of 1.
    expect(byPath(r, "client-a").quotas.generativeCredits.flag).toBe("warning");
    expect(byPath(r, "client-a").quotas.seats.flag).toBe("alert");
    expect(byPath(r, "client-a").quotas.avatarSlots.flag).toBe("ok");
    expect(r.thresholds).toEqual({ warningShare: 0.2, alertShare: 0.3 });
  });

  it("with a spec, names workspaces as the spec does, marks those only in the account or only in the spec, and uses its policies", async () => {
    const s = account();
    s.workspaces.push(
      subWorkspace("ws_b", "client-b", { seats: 1, avatarSlots: 0, generativeCredits: 100, apiCredits: 0 }),
      subWorkspace("ws_int", "integrations", { seats: 1, avatarSlots: 0, generativeCredits: 0, apiCredits: 100 }),
    );
    const { desired, diagnostics } = await loadSpec(["test/fixtures/usage/spec.yaml"], { cwd: repoRoot });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const r = usageReport(s, { spec: desired! });
    expect(r.thresholds).toEqual({ warningShare: 0.6, alertShare: 0.95 });
    expect(r.workspaces.map((w) => [w.path, w.id, w.inAccount, w.inSpec])).toEqual([
      ["", "ws_main", true, true],
      ["client-a", "ws_client_a", true, true],
      ['Client "B" #1 <EU> & 100%% ☃', "ws_b", true, true],
      ["integrations", "ws_int", true, false],
      ["studio", null, false, true],
    ]);
    // Not in the account yet: the spec's allocation, nothing used.
    expect(byPath(r, "studio").quotas.generativeCredits).toEqual({ limit: 1000, used: 0, givenOut: 0, share: 0, shareOfParent: 0.01, flag: "ok" });
    expect(thresholdsOf(undefined)).toEqual({ warningShare: 0.8, alertShare: 1 });
  });

  it("an own-billed sub-workspace takes nothing of its parent's pool and gives out of its own", () => {
    const s = account();
    const own = { ...subWorkspace("ws_own", "partner", null), billing: "own" as const, subscription: { seats: 10, avatarSlots: 2, generativeCredits: 1000, apiCredits: 0 } };
    s.workspaces.push(own, subWorkspace("ws_nested", "emea", { seats: 4, avatarSlots: 0, generativeCredits: 500, apiCredits: 0 }, "ws_own"));
    const r = usageReport(s);
    expect(byPath(r, "partner").quotas.seats).toEqual({ limit: 10, used: 0, givenOut: 4, share: 0.4, shareOfParent: null, flag: "ok" });
    expect(byPath(r, "partner/emea").quotas.seats).toMatchObject({ limit: 4, shareOfParent: 0.4 });
    expect(byPath(r, "").quotas.seats.givenOut).toBe(3);
  });

  it("reports only the paths asked for", () => {
    expect(usageReport(account(), { only: new Set(["client-a"]) }).workspaces.map((w) => w.path)).toEqual(["client-a"]);
  });
});

describe("planUsage", () => {
  it("shows the headroom after the plan: raised allocations, new sub-workspaces and the pool they draw on", async () => {
    const { desired } = await loadSpec(["workspaces.yaml"], { cwd: repoRoot });
    const before = account();
    const result = tryPlan(desired!, before, { now: NOW });
    const u = planUsage(before, result.plan!, thresholdsOf(desired!));
    expect(u.skipped).toBe(0);
    expect(u.headroom.workspaces.map((w) => w.path)).toEqual(["", "client-a", "client-b", "integrations"]);
    // client-a's allocation goes from 3 seats to 5; client-b (3) and integrations (2) are new.
    expect(byPath(u.headroom, "client-a").quotas.seats.limit).toBe(5);
    expect(byPath(u.headroom, "").quotas.seats.givenOut).toBe(10);
    expect(byPath(u.headroom, "").quotas.apiCredits.givenOut).toBe(10000);
    expect(u.tree.map((t) => [t.path, t.mark])).toEqual([
      ["", "changed"],
      ["client-a", "changed"],
      ["client-b", "created"],
      ["integrations", "created"],
    ]);
    // The account read is left as it was.
    expect(before).toEqual(account());
  });

  it("draws a deleted sub-workspace where it was, and gives its allocation back to the pool", async () => {
    const { desired } = await loadSpec(["workspaces.yaml"], { cwd: repoRoot });
    const before = account();
    before.workspaces.push(subWorkspace("ws_old", "old-client", { seats: 7, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 }));
    const result = tryPlan(desired!, before, { now: NOW, allowDelete: true });
    expect(result.plan, JSON.stringify(result.diagnostics)).toBeTruthy();
    const u = planUsage(before, result.plan!, thresholdsOf(desired!));
    expect(u.tree.find((t) => t.path === "old-client")).toEqual({ path: "old-client", parentPath: "", name: "old-client", mark: "deleted" });
    expect(u.headroom.workspaces.some((w) => w.path === "old-client")).toBe(false);
    expect(byPath(u.headroom, "").quotas.seats.givenOut).toBe(10);
  });
});

describe("a large account's plan in markdown", () => {
  it("draws only what the plan changes and its parents, says how many it left out, and stays a valid flowchart under the comment limit", async () => {
    const { renderMarkdown } = await import("../../src/plan/render/markdown.js");
    const { mermaidBlocks, parseFlowchart } = await import("../helpers/mermaid.js");
    const { desired } = await loadSpec(["workspaces.yaml"], { cwd: repoRoot });
    const before = account();
    for (let i = 0; i < 400; i++) before.workspaces.push(subWorkspace(`ws_big_${i}`, `team-${i}`, { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 }));
    const result = tryPlan(desired!, before, { now: NOW });
    const usage = planUsage(before, result.plan!, thresholdsOf(desired!));
    expect(usage.tree.length).toBe(404);
    const md = renderMarkdown(result.plan!, { usage });
    expect(md.length).toBeLessThanOrEqual(65_536);
    const [block] = mermaidBlocks(md);
    const chart = await parseFlowchart(block!);
    // The main workspace, client-a (changed), client-b and integrations (created).
    expect([...chart.labels.values()].sort()).toEqual(["Acme Agency", "client-a", "client-b", "integrations"]);
    expect(md).toContain("400 of 404 workspaces left out of the diagram; it shows those the plan changes and their parents.");
    // The 400 untouched sub-workspaces are not in the headroom either.
    expect(usage.headroom.workspaces.map((w) => w.path)).toEqual(["", "client-a", "client-b", "integrations"]);
  });
});
