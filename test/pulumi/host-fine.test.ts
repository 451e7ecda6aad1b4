// The fine resources on the real dynamic-provider host, over gRPC as the engine drives
// them, against a temporary sandbox account checked after every step.

import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountState } from "../../src/model/state.js";
import { emulatorAccount, sandboxAccount, type TestAccount } from "./accounts.js";
import { captureAll } from "./capture.js";
import { startHost, type Host, type Props } from "./host.js";
import { requireBuilt, makeProject, removeProjects } from "./project.js";

let host: Host;
let project: string;
let providers: ReturnType<typeof captureAll>["providers"];
const accounts: Record<string, TestAccount> = {};
const urn = (t: string, n: string): string => `urn:pulumi:dev::hgw-test::pulumi-nodejs:dynamic/hgw:${t}::${n}`;

beforeAll(async () => {
  requireBuilt();
  project = makeProject();
  accounts.sandbox = sandboxAccount(join(project, "account"));
  accounts.emulator = await emulatorAccount(project);
  ({ providers } = captureAll(project));
  host = await startHost(project);
  await host.configure();
}, 120_000);

afterAll(async () => {
  await host?.close();
  for (const a of Object.values(accounts)) await a.close();
  removeProjects();
});

describe.each(["sandbox", "emulator"])("fine resources on the dynamic-provider host (%s)", (which) => {
  const account = (): Promise<AccountState> => accounts[which]!.read();

  /** Check, then Create, as the engine does for a new resource. */
  async function create(type: string, name: string, inputs: Props, provider: string) {
    const news = { ...inputs, provider: accounts[which]!.settings, __provider: provider };
    const checked = await host.check(urn(type, name), {}, news);
    expect(checked.failures).toEqual([]);
    const made = await host.create(urn(type, name), checked.inputs);
    return { ...made, inputs: checked.inputs };
  }

  it("creates, changes, refreshes and deletes a sub-workspace with its allocation and a member", async () => {
    const ws = await create(
      "SubWorkspace",
      "globex",
      { name: "globex", parent: "", billing: "parent", apiAccess: false },
      providers.SubWorkspace,
    );
    let acct = await account();
    const globex = acct.workspaces.find((w) => w.id === ws.id)!;
    expect(globex).toMatchObject({ name: "globex", parentId: "ws_main", billing: "parent" });
    expect(ws.outs).toMatchObject({ workspaceId: ws.id, path: "globex", apiKey: null });

    const alloc = await create(
      "Allocation",
      "globex-alloc",
      { workspace: "globex", seats: 2, generativeCredits: 100 },
      providers.Allocation,
    );
    expect(alloc.id).toBe(ws.id);
    acct = await account();
    expect(acct.workspaces.find((w) => w.id === ws.id)!.allocation).toMatchObject({ seats: 2, generativeCredits: 100 });

    const m = await create("Member", "lead", { workspace: "globex", email: "Lead@Globex.example", role: "creator" }, providers.Member);
    expect(m.id).toBe(`${ws.id}/lead@globex.example`);
    acct = await account();
    expect(acct.members.find((x) => x.workspaceId === ws.id)).toMatchObject({
      email: "lead@globex.example",
      role: "creator",
      status: "invited",
    });

    // A role change is an update; an email change would be a new member.
    const roleNews = { ...m.inputs, role: "developer" };
    expect(await host.diff(urn("Member", "lead"), m.id, m.outs, roleNews, m.inputs)).toMatchObject({ changes: "some", replaces: [] });
    expect(
      (await host.diff(urn("Member", "lead"), m.id, m.outs, { ...m.inputs, email: "other@globex.example" }, m.inputs)).replaces,
    ).toEqual(["email"]);
    expect((await host.diff(urn("Member", "lead"), m.id, m.outs, { ...m.inputs, workspace: "client-a" }, m.inputs)).replaces).toEqual([
      "workspace",
    ]);
    const mOuts = await host.update(urn("Member", "lead"), m.id, m.outs, roleNews, m.inputs);
    expect(mOuts).toMatchObject({ role: "developer" });
    expect((await account()).members.find((x) => x.workspaceId === ws.id)!.role).toBe("developer");
    expect(await host.diff(urn("Member", "lead"), m.id, mOuts, roleNews, roleNews)).toMatchObject({ changes: "none" });

    // A rename keeps the id: an update, not a replacement.
    const renamed = { ...ws.inputs, name: "globex-corp" };
    const d = await host.diff(urn("SubWorkspace", "globex"), ws.id, ws.outs, renamed, ws.inputs);
    expect(d).toMatchObject({ changes: "some", replaces: [] });
    const wsOuts = await host.update(urn("SubWorkspace", "globex"), ws.id, ws.outs, renamed, ws.inputs);
    expect(wsOuts).toMatchObject({ workspaceId: ws.id, name: "globex-corp", path: "globex-corp" });
    expect((await account()).workspaces.find((w) => w.id === ws.id)!.name).toBe("globex-corp");
    // Moving it under another parent is a replacement.
    expect((await host.diff(urn("SubWorkspace", "globex"), ws.id, wsOuts, { ...renamed, parent: "client-a" }, renamed)).replaces).toEqual([
      "parent",
    ]);

    // An allocation lowered (still above what the member holds).
    const lower = { ...alloc.inputs, workspace: "globex-corp", seats: 1 };
    expect(await host.diff(urn("Allocation", "globex-alloc"), alloc.id, alloc.outs, lower, alloc.inputs)).toMatchObject({
      changes: "some",
      replaces: [],
    });
    const aOuts = await host.update(urn("Allocation", "globex-alloc"), alloc.id, alloc.outs, lower, alloc.inputs);
    expect(aOuts).toMatchObject({ seats: 1, generativeCredits: 100, usage: { seats: 1 } });
    expect((await account()).workspaces.find((w) => w.id === ws.id)!.allocation!.seats).toBe(1);

    // Refresh sees the rename from the member's side, and an out-of-band removal as gone.
    const read = await host.read(urn("Member", "lead"), m.id, mOuts, roleNews);
    expect(read).toMatchObject({ id: m.id, outs: { workspace: "globex-corp", role: "developer" } });

    // Delete: member, then the allocation gives back what is unused, then the workspace.
    await host.delete(urn("Member", "lead"), m.id, mOuts, roleNews);
    expect((await account()).members.some((x) => x.workspaceId === ws.id)).toBe(false);
    expect((await host.read(urn("Member", "lead"), m.id, mOuts, roleNews)).id).toBe("");
    await host.delete(urn("Allocation", "globex-alloc"), alloc.id, aOuts, lower);
    expect((await account()).workspaces.find((w) => w.id === ws.id)!.allocation).toMatchObject({ seats: 0, generativeCredits: 0 });
    await host.delete(urn("SubWorkspace", "globex"), ws.id, wsOuts, renamed);
    expect((await account()).workspaces.some((w) => w.id === ws.id)).toBe(false);
    // Deleting what is already gone succeeds.
    await host.delete(urn("SubWorkspace", "globex"), ws.id, wsOuts, renamed);
  }, 60_000);

  it("shares an asset to a sub-workspace and replaces the share when its ends change", async () => {
    const share = await create(
      "AssetShare",
      "kit",
      { assetType: "brand_kit", assetId: "bk_acme", from: "", to: "client-a" },
      providers.AssetShare,
    );
    expect(share.id).toBe("brand_kit:bk_acme->ws_client_a");
    expect((await account()).assetShares).toContainEqual({
      assetType: "brand_kit",
      assetId: "bk_acme",
      fromWorkspaceId: "ws_main",
      toWorkspaceId: "ws_client_a",
    });
    const d = await host.diff(
      urn("AssetShare", "kit"),
      share.id,
      share.outs,
      { ...share.inputs, assetId: "av_anna", assetType: "avatar" },
      share.inputs,
    );
    expect(d.replaces.sort()).toEqual(["assetId", "assetType"]);
    expect(d.deleteBeforeReplace).toBe(true);
    await host.delete(urn("AssetShare", "kit"), share.id, share.outs, share.inputs);
    expect((await account()).assetShares).toEqual([]);
  }, 30_000);

  it("refuses to delete a sub-workspace with deletion protection", async () => {
    const ws = await create(
      "SubWorkspace",
      "vault",
      { name: "vault", parent: "", billing: "parent", deletionProtection: true },
      providers.SubWorkspace,
    );
    await expect(host.delete(urn("SubWorkspace", "vault"), ws.id, ws.outs, ws.inputs)).rejects.toThrow(/deletion protection/);
    expect((await account()).workspaces.some((w) => w.id === ws.id)).toBe(true);
  }, 30_000);
});
