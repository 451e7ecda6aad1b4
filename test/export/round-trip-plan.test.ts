// export -> plan against the same account shows no changes: the contract of `hgw export`.

import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyChange } from "../../src/providers/sandbox/execute.js";
import { defaultAccount } from "../../src/domain/index.js";
import { exportSpec, exportSpecObject } from "../../src/export/to-spec.js";
import type { AccountState } from "../../src/model/state.js";
import { plan } from "../../src/plan/plan.js";
import { namedTypes } from "../../src/apply/library.js";
import { libraryFromAssets } from "../../src/model/library.js";
import type { Plan } from "../../src/plan/types.js";
import { loadSpec, loadSpecObject } from "../../src/spec/index.js";
import { repoRoot } from "../helpers/cli.js";
import { parse } from "yaml";
import { NOW, expiredInvitationAccount, opCtx, removedContentUserAccount, richAccount } from "./accounts.js";

function planExported(state: AccountState, fromText = false): Plan {
  const spec = fromText ? parse(exportSpec(state, { now: NOW })) : exportSpecObject(state);
  const { desired, diagnostics } = loadSpecObject(spec);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return plan(desired!, state, { now: NOW });
}

const changeList = (p: Plan): string[] => p.changes.map((c) => `${c.action} ${c.address}: ${c.reason}`);

describe("export -> plan on the same account", () => {
  it.each([
    ["the default account (a pending invitation)", () => defaultAccount(NOW)],
    ["nested own billing, API key, settings, shares, content, password, join request", () => richAccount().state],
    ["content listing a user who is no longer a member", () => removedContentUserAccount()],
  ])("shows no changes: %s", (_, make) => {
    const state = make();
    expect(changeList(planExported(state))).toEqual([]);
    expect(changeList(planExported(state, true))).toEqual([]);
  });

  it("does not report the exported sub-workspaces as unmanaged", () => {
    const p = planExported(richAccount().state);
    expect(p.unmanaged.filter((u) => u.address.startsWith("subworkspace["))).toEqual([]);
  });

  it("re-sends an expired invitation and changes nothing else", () => {
    const p = planExported(expiredInvitationAccount());
    expect(p.changes.map((c) => `${c.action} ${c.address}`)).toEqual(["replace member[client-a](reviewer@client-a.example)"]);
  });

  it("denies only the waiting join requests when the account says to deny unlisted ones", () => {
    const { state } = richAccount();
    state.workspaces.find((w) => w.id === "ws_client_a")!.settings.unlistedJoinRequests = "deny";
    expect(planExported(state).changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      "deny join_request[client-a](stranger@elsewhere.example)",
    ]);
  });

  // The shapes the examples use, as an account holds them after an apply.
  const specs = ["workspaces.yaml", ...readdirSync(`${repoRoot}/examples`).filter((f) => f.endsWith(".yaml")).map((f) => `examples/${f}`)];
  it.each(specs)("shows no changes on the account that applying %s leaves", async (file) => {
    const { desired } = await loadSpec([file], { cwd: repoRoot });
    const state = defaultAccount(NOW);
    // A spec that names library items plans with the library the account lists, as `hgw plan` reads it.
    const library = libraryFromAssets(state.assets, namedTypes(desired!));
    const first = plan(desired!, state, { now: NOW, allowDelete: true, maxRemovalShare: 1, library });
    expect(first.changes.length).toBeGreaterThan(0);
    const workspaceIds = new Map<string, string>();
    const ctx = { ...opCtx(), resolveSecret: () => "a-share-password", workspaceIds };
    for (const change of first.changes) {
      const r = applyChange(state, change, ctx);
      const path = (change.after as { workspacePath?: string } | null)?.workspacePath;
      if (r.workspaceId && path !== undefined) workspaceIds.set(path, r.workspaceId);
    }
    expect(changeList(planExported(state))).toEqual([]);
    expect(changeList(planExported(state, true))).toEqual([]);
  });

  it("keeps a rename an update because the id is pinned", () => {
    const { state } = richAccount();
    const spec = exportSpecObject(state);
    const partner = spec.subWorkspaces!.find((w) => w.id === "ws_partner")!;
    partner.name = "emea-reseller";
    spec.assetShares = spec.assetShares?.map((s) => ({
      ...s,
      ...(s.from ? { from: s.from.replace(/^emea-partner/, "emea-reseller") } : {}),
      to: (s.to as string[]).map((t) => t.replace(/^emea-partner/, "emea-reseller")) as [string, ...string[]],
    }));
    spec.contentShares = spec.contentShares?.map((c) => (c.workspace ? { ...c, workspace: c.workspace.replace(/^emea-partner/, "emea-reseller") } : c));
    const { desired, diagnostics } = loadSpecObject(spec);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const p = plan(desired!, state, { now: NOW });
    expect(p.changes.map((c) => `${c.action} ${c.address}`)).toEqual(["update subworkspace[emea-reseller]"]);
  });
});
