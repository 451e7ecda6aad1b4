// Accounts for the export tests, built with the domain's own operations so that they hold
// only what a real account can hold.

import type { AccountState } from "../../src/model/state.js";
import { acceptInvitation, addAsset, addContent, addJoinRequest, expireInvitation } from "../../src/domain/world.js";
import { createApiKey, createWorkspace, defaultAccount, inviteMember, removeMember, shareAsset, updateContentSharing, updateWorkspace, type OpContext } from "../../src/domain/index.js";

export const NOW = "2026-11-25T10:00:00.000Z";

export function opCtx(now = NOW): OpContext {
  let n = 0;
  return { now, newId: (prefix) => `${prefix}_${++n}` };
}

export const SHARE_PASSWORD = "correct-horse-battery";

/**
 * Nested own billing (an own-billed partner with a parent-billed and an own-billed child),
 * API access with a key, settings off the defaults, members active and invited, asset shares
 * from two libraries, content shared with users and a password-protected share page, and a
 * join request left waiting.
 */
export function richAccount(now = NOW): { state: AccountState; apiKeySecret: string } {
  const ctx = opCtx(now);
  const s = defaultAccount(now);
  updateWorkspace(s, "ws_main", { settings: { whoCanInvite: "super_admins_and_developers", defaultSharing: "workspace" } });
  const partner = createWorkspace(
    s,
    {
      id: "ws_partner",
      name: "emea-partner",
      parentId: "ws_main",
      billing: "own",
      apiAccess: true,
      deletionProtection: true,
      settings: { joinPolicy: "request" },
      subscription: { seats: 10, avatarSlots: 4, generativeCredits: 5000, apiCredits: 1000 },
    },
    ctx,
  );
  const north = createWorkspace(
    s,
    { id: "ws_north", name: "emea-north", parentId: partner.id, billing: "parent", image: "logos/north.png", allocation: { seats: 2, avatarSlots: 1, generativeCredits: 800, apiCredits: 0 } },
    ctx,
  );
  // Back to the defaults where the partner differs: the child must say so to stay this way.
  const south = createWorkspace(
    s,
    {
      id: "ws_south",
      name: "emea-south",
      parentId: partner.id,
      billing: "own",
      settings: { joinPolicy: "email_domain", joinDomains: ["south.example"], whoCanInvite: "super_admins" },
      subscription: { seats: 3, avatarSlots: 0, generativeCredits: 100, apiCredits: 0 },
    },
    ctx,
  );
  inviteMember(s, partner.id, "Lead@Partner.example", "super_admin", ctx);
  acceptInvitation(s, partner.id, "lead@partner.example", ctx);
  inviteMember(s, partner.id, "dev@partner.example", "developer", ctx);
  inviteMember(s, north.id, "anna@north.example", "creator", ctx);
  inviteMember(s, south.id, "sam@south.example", "viewer", ctx);
  acceptInvitation(s, south.id, "sam@south.example", ctx);
  const key = createApiKey(s, partner.id, ctx);

  shareAsset(s, { assetType: "avatar", assetId: "av_anna", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_client_a" });
  shareAsset(s, { assetType: "avatar", assetId: "av_anna", fromWorkspaceId: "ws_main", toWorkspaceId: partner.id });
  shareAsset(s, { assetType: "brand_kit", assetId: "bk_acme", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_client_a" });
  addAsset(s, { workspaceId: partner.id, type: "voice", id: "vc_emea", name: "EMEA narrator" });
  shareAsset(s, { assetType: "voice", assetId: "vc_emea", fromWorkspaceId: partner.id, toWorkspaceId: north.id });

  updateContentSharing(
    s,
    { type: "folder", id: "fd_campaigns" },
    {
      generalAccess: "selected",
      users: [
        { email: "ops@acme.example", access: "edit" },
        { email: "legacy@acme.example", access: "view" },
      ],
      sharePage: { password: SHARE_PASSWORD, publicPublishing: false, captions: true },
    },
    {},
  );
  updateContentSharing(s, { type: "video", id: "vd_launch" }, { sharePage: { publicPublishing: true } }, {});
  addContent(s, { workspaceId: partner.id, type: "project", id: "pj_emea", name: "EMEA launch" });
  updateContentSharing(s, { type: "project", id: "pj_emea" }, { generalAccess: "only_me" }, {});
  addJoinRequest(s, "ws_client_a", "stranger@elsewhere.example", ctx);
  return { state: s, apiKeySecret: key.secret ?? "" };
}

/** The default account with one invitation expired. */
export function expiredInvitationAccount(now = NOW): AccountState {
  const s = defaultAccount(now);
  expireInvitation(s, "ws_client_a", "reviewer@client-a.example", { now });
  return s;
}

/**
 * Content still listing someone who is no longer a member — the domain drops them on removal,
 * but an account read over HTTP may still show it — which the spec cannot say.
 */
export function removedContentUserAccount(now = NOW): AccountState {
  const s = defaultAccount(now);
  updateContentSharing(
    s,
    { type: "video", id: "vd_launch" },
    { generalAccess: "selected", users: [{ email: "legacy@acme.example", access: "view" }, { email: "ops@acme.example", access: "view" }] },
    {},
  );
  s.members = s.members.filter((m) => !(m.workspaceId === "ws_main" && m.email === "legacy@acme.example"));
  return s;
}
