import { describe, expect, it } from "vitest";
import { DomainError, approveJoinRequest, changeMemberRole, checkAccount, createApiKey, createWorkspace, defaultAccount, deleteWorkspace, denyJoinRequest, emptyAccount, inviteMember, removeMember, resendInvitation, revokeApiKey, rotateApiKey, setAllocation, shareAsset, unshareAsset, updateContentSharing, updateWorkspace, workspaceByPath } from "../../src/domain/index.js";
import { acceptInvitation, addAsset, addContent, addJoinRequest, consumeCredits, expireInvitation } from "../../src/domain/world.js";
import type { AccountState } from "../../src/model/state.js";
import { NOW, ctx } from "./helpers.js";

function rejects(fn: () => unknown, code: DomainError["code"], message?: RegExp): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const d = e as DomainError;
    expect(d.code).toBe(code);
    if (message) expect(d.message).toMatch(message);
    return d;
  }
  throw new Error("expected a DomainError");
}

const fresh = (): AccountState => defaultAccount(NOW);

describe("default account", () => {
  it("holds every rule and has the documented shape", () => {
    const s = fresh();
    expect(checkAccount(s)).toEqual([]);
    expect(s.workspaces.map((w) => w.id)).toEqual(["ws_main", "ws_client_a"]);
    expect(s.members.find((m) => m.email === "reviewer@client-a.example")).toMatchObject({ status: "invited", role: "viewer" });
    expect(s.assets.map((a) => a.id).sort()).toEqual(["av_anna", "av_marcus", "bk_acme", "tp_quarterly", "vc_narrator"]);
    expect(s.content.map((c) => c.id).sort()).toEqual(["fd_campaigns", "pj_onboarding", "vd_launch"]);
  });
});

describe("workspaces", () => {
  it("creates a parent-billed sub-workspace with a zero allocation, idempotently", () => {
    const s = fresh();
    const c = ctx();
    const w = createWorkspace(s, { name: "client-b", parentId: "ws_main", billing: "parent" }, c);
    expect(w.allocation).toEqual({ seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 });
    const again = createWorkspace(s, { name: "client-b", parentId: "ws_main", billing: "parent" }, c);
    expect(again).toBe(w);
    expect(s.workspaces).toHaveLength(3);
    rejects(() => createWorkspace(s, { name: "client-b", parentId: "ws_main", billing: "own", subscription: { seats: 1, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } }, c), "conflict", /already exists/);
  });

  it("allows nesting only under own billing", () => {
    const s = fresh();
    const d = rejects(() => createWorkspace(s, { name: "emea", parentId: "ws_client_a", billing: "parent" }, ctx()), "validation_error", /nesting is only allowed under own billing/);
    expect(d.param).toBe("parent_id");
    const own = createWorkspace(s, { name: "own-co", parentId: "ws_main", billing: "own", subscription: { seats: 5, avatarSlots: 1, generativeCredits: 100, apiCredits: 0 } }, ctx());
    const emea = createWorkspace(s, { name: "emea", parentId: own.id, billing: "parent" }, ctx());
    expect(workspaceByPath(s, "own-co/emea")).toBe(emea);
    rejects(() => updateWorkspace(s, own.id, { billing: "parent" }), "conflict", /has 1 sub-workspace/);
  });

  it("refuses to delete with deletion protection or children; cleans up otherwise; gone is a no-op", () => {
    const s = fresh();
    updateWorkspace(s, "ws_client_a", { deletionProtection: true });
    rejects(() => deleteWorkspace(s, "ws_client_a"), "forbidden", /deletion protection/);
    updateWorkspace(s, "ws_client_a", { deletionProtection: false, apiAccess: true });
    shareAsset(s, { assetType: "voice", assetId: "vc_narrator", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_client_a" });
    createApiKey(s, "ws_client_a", ctx());
    expect(deleteWorkspace(s, "ws_client_a")).toBe(true);
    expect(s.members.some((m) => m.workspaceId === "ws_client_a")).toBe(false);
    expect(s.assetShares).toEqual([]);
    expect(s.apiKeys).toEqual([]);
    expect(deleteWorkspace(s, "ws_client_a")).toBe(false);
    rejects(() => deleteWorkspace(s, "ws_main"), "forbidden");
    const own = createWorkspace(s, { name: "own", parentId: "ws_main", billing: "own", subscription: { seats: 2, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } }, ctx());
    createWorkspace(s, { name: "kid", parentId: own.id, billing: "parent" }, ctx());
    rejects(() => deleteWorkspace(s, own.id), "conflict", /still has 1 sub-workspace/);
    expect(checkAccount(s)).toEqual([]);
  });

  it("renames, refusing a sibling's name", () => {
    const s = fresh();
    createWorkspace(s, { name: "client-b", parentId: "ws_main", billing: "parent" }, ctx());
    rejects(() => updateWorkspace(s, "ws_client_a", { name: "client-b" }), "conflict");
    updateWorkspace(s, "ws_client_a", { name: "client-z" });
    expect(workspaceByPath(s, "client-z")?.id).toBe("ws_client_a");
    expect(workspaceByPath(s, "client-a")).toBeUndefined();
  });

  it("switches billing both ways with the pools checked", () => {
    const s = fresh();
    updateWorkspace(s, "ws_client_a", { billing: "own", subscription: { seats: 5, avatarSlots: 0, generativeCredits: 1000, apiCredits: 0 } });
    const w = workspaceByPath(s, "client-a")!;
    expect(w.allocation).toBeNull();
    expect(checkAccount(s)).toEqual([]);
    // back to parent: starts at its current use
    updateWorkspace(s, "ws_client_a", { billing: "parent" });
    expect(w.allocation).toEqual({ seats: 1, avatarSlots: 0, generativeCredits: 500, apiCredits: 0 });
    // own subscription below its use is refused
    rejects(() => updateWorkspace(s, "ws_client_a", { billing: "own", subscription: { seats: 5, avatarSlots: 0, generativeCredits: 100, apiCredits: 0 } }), "insufficient_credit", /exceeded by 400/);
    expect(w.billing).toBe("parent");
  });

  it("turning API access off revokes the key", () => {
    const s = fresh();
    rejects(() => createApiKey(s, "ws_client_a", ctx()), "forbidden", /no API access/);
    updateWorkspace(s, "ws_client_a", { apiAccess: true });
    const k = createApiKey(s, "ws_client_a", ctx());
    expect(k.secret).toMatch(/^hgw_sk_/);
    expect(JSON.stringify(s)).not.toContain(k.secret!);
    expect(s.apiKeys[0]).toMatchObject({ last4: k.secret!.slice(-4) });
    expect(createApiKey(s, "ws_client_a", ctx()).secret).toBeNull();
    const r = rotateApiKey(s, "ws_client_a", ctx());
    expect(r.secret).not.toBe(k.secret);
    expect(s.apiKeys).toHaveLength(1);
    updateWorkspace(s, "ws_client_a", { apiAccess: false });
    expect(s.apiKeys).toEqual([]);
    expect(revokeApiKey(s, "ws_client_a")).toBe(false);
  });
});

describe("seats", () => {
  it("counts invitations and active members against a child's allocation, naming the overshoot", () => {
    const s = fresh(); // client-a: 3 seats, 1 invited
    inviteMember(s, "ws_client_a", "a@x.example", "creator", ctx());
    inviteMember(s, "ws_client_a", "b@x.example", "creator", ctx());
    const e = rejects(() => inviteMember(s, "ws_client_a", "c@x.example", "creator", ctx()), "seat_limit");
    expect(e.message).toBe('cannot invite c@x.example: seat allocation of "client-a" exceeded by 1: 4 members (active + invited) > 3 seats allocated');
  });

  it("counts children's seat allocations against the root's subscription", () => {
    const s = emptyAccount(NOW, { seats: 4 });
    const c = createWorkspace(s, { name: "c", parentId: "ws_main", billing: "parent" }, ctx());
    setAllocation(s, c.id, { seats: 3, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 });
    inviteMember(s, "ws_main", "a@x.example", "super_admin", ctx());
    const e = rejects(() => inviteMember(s, "ws_main", "b@x.example", "creator", ctx()), "seat_limit");
    expect(e.message).toMatch(/seat limit of workspace "Acme Agency" exceeded by 1: 2 members \(active \+ invited\) \+ 3 allocated to sub-workspaces = 5 > 4 seats/);
    rejects(() => setAllocation(s, c.id, { seats: 4, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 }), "seat_limit", /exceeded by 1/);
    removeMember(s, "ws_main", "a@x.example");
    setAllocation(s, c.id, { seats: 4, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 });
    expect(checkAccount(s)).toEqual([]);
  });

  it("an expired invitation still holds a seat until revoked or re-sent", () => {
    const s = fresh();
    expireInvitation(s, "ws_client_a", "reviewer@client-a.example", ctx());
    rejects(() => acceptInvitation(s, "ws_client_a", "reviewer@client-a.example", ctx()), "conflict", /expired/);
    inviteMember(s, "ws_client_a", "a@x.example", "creator", ctx());
    inviteMember(s, "ws_client_a", "b@x.example", "creator", ctx());
    rejects(() => inviteMember(s, "ws_client_a", "c@x.example", "creator", ctx()), "seat_limit");
    const m = resendInvitation(s, "ws_client_a", "reviewer@client-a.example", ctx());
    expect(m.invitedAt).toBe(NOW);
    expect(acceptInvitation(s, "ws_client_a", "REVIEWER@client-a.example", ctx()).status).toBe("active");
  });
});

describe("members", () => {
  it("invite is idempotent with the same role and a conflict with another", () => {
    const s = fresh();
    const m = inviteMember(s, "ws_main", "New@Acme.example", "creator", ctx());
    expect(m.email).toBe("new@acme.example");
    expect(m.expiresAt).toBe("2026-03-08T12:00:00.000Z");
    expect(inviteMember(s, "ws_main", "new@acme.example", "creator", ctx())).toBe(m);
    rejects(() => inviteMember(s, "ws_main", "new@acme.example", "viewer", ctx()), "conflict", /change the role/);
    rejects(() => inviteMember(s, "ws_main", "not-an-email", "viewer", ctx()), "validation_error");
    rejects(() => inviteMember(s, "ws_nope", "a@b.example", "viewer", ctx()), "not_found");
  });

  it("changes roles; a viewer's edit access on content drops to view", () => {
    const s = fresh();
    updateContentSharing(s, { type: "folder", id: "fd_campaigns" }, { users: [{ email: "legacy@acme.example", access: "edit" }] }, {});
    changeMemberRole(s, "ws_main", "legacy@acme.example", "viewer");
    expect(s.content.find((c) => c.id === "fd_campaigns")!.users).toEqual([{ email: "legacy@acme.example", access: "view" }]);
    rejects(() => changeMemberRole(s, "ws_main", "ghost@acme.example", "viewer"), "not_found");
    expect(checkAccount(s)).toEqual([]);
  });

  it("removes members and revokes invitations; gone is a no-op", () => {
    const s = fresh();
    expect(removeMember(s, "ws_client_a", "reviewer@client-a.example")).toBe(true);
    expect(removeMember(s, "ws_client_a", "reviewer@client-a.example")).toBe(false);
    expect(removeMember(s, "ws_gone", "x@y.example")).toBe(false);
  });

  it("a removed member loses their access to the workspace's content", () => {
    const s = fresh();
    updateContentSharing(s, { type: "video", id: "vd_launch" }, { generalAccess: "selected", users: [{ email: "legacy@acme.example", access: "edit" }, { email: "ops@acme.example", access: "view" }] }, ctx());
    expect(removeMember(s, "ws_main", "legacy@acme.example")).toBe(true);
    expect(s.content.find((c) => c.id === "vd_launch")!.users).toEqual([{ email: "ops@acme.example", access: "view" }]);
  });

  it("join requests: approve makes an active member (seat checked), deny removes, both idempotent", () => {
    const s = fresh();
    const c = ctx();
    const r = addJoinRequest(s, "ws_client_a", "Joiner@x.example", c);
    expect(addJoinRequest(s, "ws_client_a", "joiner@x.example", c)).toBe(r);
    rejects(() => addJoinRequest(s, "ws_client_a", "reviewer@client-a.example", c), "conflict");
    const m = approveJoinRequest(s, { requestId: r.id, workspaceId: "ws_client_a" }, "creator");
    expect(m).toMatchObject({ status: "active", role: "creator", email: "joiner@x.example" });
    expect(s.joinRequests).toEqual([]);
    expect(approveJoinRequest(s, { requestId: r.id, workspaceId: "ws_client_a", email: "joiner@x.example" }, "creator")).toBe(m);
    inviteMember(s, "ws_client_a", "third@x.example", "creator", c);
    const r2 = addJoinRequest(s, "ws_client_a", "fourth@x.example", c);
    rejects(() => approveJoinRequest(s, { requestId: r2.id, workspaceId: "ws_client_a" }, "viewer"), "seat_limit", /cannot approve fourth@x.example: seat allocation of "client-a" exceeded by 1/);
    expect(denyJoinRequest(s, { requestId: r2.id, workspaceId: "ws_client_a" })).toBe(true);
    expect(denyJoinRequest(s, { requestId: r2.id, workspaceId: "ws_client_a" })).toBe(false);
    rejects(() => approveJoinRequest(s, { requestId: "jr_nope", workspaceId: "ws_client_a" }, "viewer"), "not_found");
  });
});

describe("allocations and credits", () => {
  it("an allocation can never be set below usage", () => {
    const s = fresh(); // client-a used 500 generative credits
    const e = rejects(() => setAllocation(s, "ws_client_a", { seats: 3, avatarSlots: 1, generativeCredits: 400, apiCredits: 0 }), "insufficient_credit");
    expect(e.message).toBe('generative credit allocation of "client-a" exceeded by 100: 500 used > 400 generative credits allocated');
    rejects(() => setAllocation(s, "ws_client_a", { seats: 0, avatarSlots: 1, generativeCredits: 2000, apiCredits: 0 }), "seat_limit");
    rejects(() => setAllocation(s, "ws_main", { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 }), "validation_error");
    expect(s.workspaces[1]!.allocation!.generativeCredits).toBe(2000);
  });

  it("children's allocations must fit the parent's pool", () => {
    const s = fresh(); // main: 100000 generative, used 12000, client-a allocated 2000
    const e = rejects(() => setAllocation(s, "ws_client_a", { seats: 3, avatarSlots: 1, generativeCredits: 88001, apiCredits: 0 }), "insufficient_credit");
    expect(e.message).toBe('generative credit limit of workspace "Acme Agency" exceeded by 1: 12,000 used + 88,001 allocated to sub-workspaces = 100,001 > 100,000 generative credits in its subscription');
    setAllocation(s, "ws_client_a", { seats: 3, avatarSlots: 1, generativeCredits: 88000, apiCredits: 0 });
    expect(checkAccount(s)).toEqual([]);
  });

  it("consumes credits within the allocation", () => {
    const s = fresh();
    consumeCredits(s, "ws_client_a", { generativeCredits: 1500 });
    rejects(() => consumeCredits(s, "ws_client_a", { generativeCredits: 1 }), "insufficient_credit", /exceeded by 1/);
    rejects(() => consumeCredits(s, "ws_client_a", { apiCredits: -1 }), "validation_error");
    expect(s.workspaces[1]!.usage.generativeCredits).toBe(2000);
  });

  it("an avatar takes an avatar slot", () => {
    const s = fresh();
    addAsset(s, { workspaceId: "ws_client_a", type: "avatar", id: "av_1", name: "One" });
    expect(addAsset(s, { workspaceId: "ws_client_a", type: "avatar", id: "av_1", name: "One" }).id).toBe("av_1");
    rejects(() => addAsset(s, { workspaceId: "ws_client_a", type: "avatar", id: "av_2", name: "Two" }), "insufficient_credit", /avatar slot allocation of "client-a" exceeded by 1/);
    rejects(() => addAsset(s, { workspaceId: "ws_main", type: "avatar", id: "av_1", name: "Other" }), "conflict");
  });
});

describe("sharing", () => {
  it("shares only existing assets from their own library to existing workspaces", () => {
    const s = fresh();
    const ref = { assetType: "avatar" as const, assetId: "av_anna", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_client_a" };
    shareAsset(s, ref);
    shareAsset(s, ref);
    expect(s.assetShares).toHaveLength(1);
    rejects(() => shareAsset(s, { ...ref, assetId: "av_nope" }), "not_found");
    rejects(() => shareAsset(s, { ...ref, toWorkspaceId: "ws_nope" }), "not_found");
    rejects(() => shareAsset(s, { ...ref, fromWorkspaceId: "ws_client_a", toWorkspaceId: "ws_main" }), "validation_error", /not in the library/);
    expect(unshareAsset(s, ref)).toBe(true);
    expect(unshareAsset(s, ref)).toBe(false);
  });

  it("content sharing stores a salted digest only and keeps it for the same password", () => {
    const s = fresh();
    const c = updateContentSharing(s, { type: "video", id: "vd_launch" }, { generalAccess: "selected", users: [{ email: "A@x.example", access: "edit" }], sharePage: { password: "hunter2", publicPublishing: true } }, {});
    expect(c.sharePage.passwordSet).toBe(true);
    expect(JSON.stringify(s)).not.toContain("hunter2");
    const digest = c.sharePage.passwordDigest;
    updateContentSharing(s, { type: "video", id: "vd_launch" }, { sharePage: { password: "hunter2" } }, {});
    expect(c.sharePage.passwordDigest).toBe(digest);
    updateContentSharing(s, { type: "video", id: "vd_launch" }, { sharePage: { password: "other" } }, {});
    expect(c.sharePage.passwordDigest).not.toBe(digest);
    updateContentSharing(s, { type: "video", id: "vd_launch" }, { sharePage: { password: null } }, {});
    expect(c.sharePage).toMatchObject({ passwordSet: false, passwordDigest: null, publicPublishing: true });
    expect(c.users).toEqual([{ email: "a@x.example", access: "edit" }]);
    inviteMember(s, "ws_main", "viewer@acme.example", "viewer", ctx());
    rejects(() => updateContentSharing(s, { type: "video", id: "vd_launch" }, { users: [{ email: "viewer@acme.example", access: "edit" }] }, {}), "validation_error", /viewers are always view-only/);
    rejects(() => updateContentSharing(s, { type: "video", id: "vd_nope" }, {}, {}), "not_found");
  });

  it("new content takes the workspace's default sharing", () => {
    const s = fresh();
    updateWorkspace(s, "ws_main", { settings: { defaultSharing: "workspace" } });
    expect(addContent(s, { workspaceId: "ws_main", type: "project", id: "pj_2", name: "Two" }).generalAccess).toBe("workspace");
  });
});
