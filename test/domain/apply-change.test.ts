import { describe, expect, it } from "vitest";
import { addJoinRequest, expireInvitation } from "../../src/domain/world.js";
import { applyChange } from "../../src/providers/sandbox/execute.js";
import { checkAccount, defaultAccount, workspaceByPath } from "../../src/domain/index.js";
import type { Change, JsonObject } from "../../src/plan/types.js";
import { NOW, ctx } from "./helpers.js";

let seq = 0;
function change(kind: Change["kind"], action: Change["action"], before: object | null, after: object | null): Change {
  return { seq: ++seq, address: `${kind}[x]`, kind, action, before: before as JsonObject | null, after: after as JsonObject | null, reason: "", source: null, dependsOn: [] };
}
const settings = { joinPolicy: "request", joinDomains: [], whoCanInvite: "super_admins", publicInviteLink: false, defaultSharing: "workspace", unlistedJoinRequests: "deny" };
const full = () => ({ ...ctx(), resolveSecret: (r: { env: string }) => `pw-of-${r.env}`, workspaceIds: new Map<string, string>() });

describe("applyChange", () => {
  it("updates the main workspace's name and settings", () => {
    const s = defaultAccount(NOW);
    applyChange(s, change("workspace", "update", null, { workspacePath: "", workspaceId: "ws_main", name: "Acme", settings }), full());
    expect(s.workspaces[0]).toMatchObject({ name: "Acme", settings: { joinPolicy: "request", defaultSharing: "workspace" } });
  });

  it("renames a sub-workspace found by its old path, and a re-run finds it by the new one", () => {
    const s = defaultAccount(NOW);
    const before = { workspacePath: "client-a", workspaceId: null, name: "client-a", parentPath: "", parentId: null, billing: "parent", apiAccess: false, image: null, settings, deletionProtection: false, subscription: null };
    const c = change("subworkspace", "update", before, { ...before, workspacePath: "client-alpha", name: "client-alpha" });
    const ctxt = full();
    expect(applyChange(s, c, ctxt)).toEqual({ workspaceId: "ws_client_a" });
    expect(ctxt.workspaceIds.get("client-alpha")).toBe("ws_client_a");
    applyChange(s, c, full());
    expect(workspaceByPath(s, "client-alpha")?.id).toBe("ws_client_a");
  });

  it("creates a workspace by parent path and records its id for later changes", () => {
    const s = defaultAccount(NOW);
    const c = full();
    const r = applyChange(s, change("subworkspace", "create", null, { workspacePath: "own", workspaceId: null, name: "own", parentPath: "", parentId: null, billing: "own", apiAccess: false, image: null, settings, deletionProtection: true, subscription: { seats: 2, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } }), c);
    expect(c.workspaceIds.get("own")).toBe(r.workspaceId);
    applyChange(s, change("subworkspace", "create", null, { workspacePath: "own/emea", workspaceId: null, name: "emea", parentPath: "own", parentId: null, billing: "parent", apiAccess: false, image: null, settings, deletionProtection: false, subscription: null }), c);
    expect(workspaceByPath(s, "own/emea")).toBeDefined();
    expect(checkAccount(s)).toEqual([]);
  });

  it("deleting what is gone is a no-op", () => {
    const s = defaultAccount(NOW);
    const before = { workspacePath: "gone", workspaceId: "ws_gone", name: "gone", parentPath: "", parentId: "ws_main", billing: "parent", apiAccess: false, image: null, settings, deletionProtection: false, subscription: null };
    expect(applyChange(s, change("subworkspace", "delete", before, null), full())).toEqual({});
    expect(applyChange(s, change("member", "delete", { workspacePath: "client-a", workspaceId: null, email: "nobody@x.example", role: "viewer", status: "active" }, null), full())).toEqual({});
  });

  it("re-sends an expired invitation with its role (member replace)", () => {
    const s = defaultAccount(NOW);
    expireInvitation(s, "ws_client_a", "reviewer@client-a.example", ctx());
    applyChange(s, change("member", "replace", null, { workspacePath: "client-a", workspaceId: null, email: "reviewer@client-a.example", role: "creator", status: "invited" }), full());
    expect(s.members.find((m) => m.email === "reviewer@client-a.example")).toMatchObject({ role: "creator", invitedAt: NOW });
  });

  it("approves and denies join requests", () => {
    const s = defaultAccount(NOW);
    const r1 = addJoinRequest(s, "ws_client_a", "yes@x.example", ctx());
    addJoinRequest(s, "ws_client_a", "no@x.example", ctx());
    applyChange(s, change("join_request", "approve", { workspacePath: "client-a", workspaceId: null, requestId: r1.id, email: "yes@x.example", role: null }, { workspacePath: "client-a", workspaceId: null, requestId: r1.id, email: "yes@x.example", role: "creator" }), full());
    applyChange(s, change("join_request", "deny", { workspacePath: "client-a", workspaceId: null, requestId: "jr_unknown", email: "no@x.example", role: null }, null), full());
    expect(s.joinRequests).toEqual([]);
    expect(s.members.find((m) => m.email === "yes@x.example")).toMatchObject({ status: "active", role: "creator" });
  });

  it("shares and unshares assets by path; rotates and revokes keys", () => {
    const s = defaultAccount(NOW);
    const p = { assetType: "avatar", assetId: "av_anna", fromPath: "", fromWorkspaceId: null, toPath: "client-a", toWorkspaceId: null };
    applyChange(s, change("asset_share", "create", null, p), full());
    expect(s.assetShares).toEqual([{ assetType: "avatar", assetId: "av_anna", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_client_a" }]);
    applyChange(s, change("asset_share", "delete", p, null), full());
    expect(s.assetShares).toEqual([]);
    expect(() => applyChange(s, change("apikey", "create", null, { workspacePath: "client-a", workspaceId: null, keyId: null, last4: null }), full())).toThrow(/no API access/);
    s.workspaces[1]!.apiAccess = true;
    const k1 = applyChange(s, change("apikey", "create", null, { workspacePath: "client-a", workspaceId: null, keyId: null, last4: null }), full());
    const k2 = applyChange(s, change("apikey", "replace", null, { workspacePath: "client-a", workspaceId: null, keyId: null, last4: null }), full());
    expect(k1.apiKey!.value).not.toBe(k2.apiKey!.value);
    applyChange(s, change("apikey", "delete", { workspacePath: "client-a", workspaceId: null, keyId: "k", last4: "abcd" }, null), full());
    expect(s.apiKeys).toEqual([]);
  });

  it("resolves a share-page password from its reference and stores only a digest", () => {
    const s = defaultAccount(NOW);
    applyChange(s, change("content_share", "update", null, { workspacePath: "", workspaceId: null, type: "video", id: "vd_launch", generalAccess: "selected", users: [{ email: "ops@acme.example", access: "edit" }], sharePage: { password: { env: "VIDEO_PW" }, publicPublishing: true, captions: true } }), full());
    const c = s.content.find((x) => x.id === "vd_launch")!;
    expect(c).toMatchObject({ generalAccess: "selected", sharePage: { passwordSet: true, publicPublishing: true, captions: true } });
    expect(JSON.stringify(s)).not.toContain("pw-of-VIDEO_PW");
  });

  it("rejects an action a kind does not have", () => {
    const s = defaultAccount(NOW);
    expect(() => applyChange(s, change("workspace", "delete", {}, null), full())).toThrow(/not supported/);
  });
});
