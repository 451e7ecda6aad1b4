// Starting accounts for the golden plans, built with the domain's own operations so that
// they hold only what a real account can hold. They are checked in as JSON under
// test/fixtures/accounts/ (the golden test compares them with these builders and rewrites
// them with UPDATE_GOLDEN=1), so a reader can see exactly what each plan starts from.

import type { AccountState } from "../../src/model/state.js";
import { acceptInvitation, addAsset, addContent, addJoinRequest, consumeCredits, expireInvitation } from "../../src/domain/world.js";
import { approveJoinRequest, changeMemberRole, createWorkspace, defaultAccount, emptyAccount, inviteMember, shareAsset, updateContentSharing, updateWorkspace, type OpContext } from "../../src/domain/index.js";

/** The fixed "now" of every golden plan and of the accounts they start from. */
export const GOLDEN_NOW = "2026-11-25T10:00:00.000Z";

function opCtx(now: string): OpContext {
  let n = 0;
  return { now, newId: (prefix) => `${prefix}_${String(++n).padStart(3, "0")}` };
}

const HOUR = 3600 * 1000;
const earlier = (now: string, hours: number): string => new Date(Date.parse(now) - hours * HOUR).toISOString();

/**
 * A year of use on top of the default account, named after the root workspaces.yaml and
 * examples/agency.yaml so that both see drift of every kind:
 * - an invitation accepted (reviewer in client-a) and one expired (legal in the pilot);
 * - members added in the dashboard (approved join requests, one from support staff that
 *   enterprise.yaml ignores; an invitation to someone the spec lists as a developer, whose
 *   role was then changed);
 * - join requests waiting in client-a from a person the specs list and from a stranger;
 * - credits and an avatar slot consumed in client-a and in the pilot;
 * - "Client B - pilot" (agency.yaml's formerNames for client-b) and an unmanaged "archive-2025";
 * - a shared brand kit and a share of the campaigns folder the specs do not ask for.
 */
export function livedInAccount(now = GOLDEN_NOW): AccountState {
  const s = defaultAccount(now);
  const weekAgo = opCtx(earlier(now, 24 * 9));
  const ctx = opCtx(now);

  acceptInvitation(s, "ws_client_a", "reviewer@client-a.example", ctx);
  consumeCredits(s, "ws_client_a", { generativeCredits: 1000, avatarSlots: 1 });

  inviteMember(s, "ws_main", "dev@acme.example", "viewer", ctx);
  acceptInvitation(s, "ws_main", "dev@acme.example", ctx);
  changeMemberRole(s, "ws_main", "dev@acme.example", "creator");
  addJoinRequest(s, "ws_main", "intern@acme.example", ctx);
  approveJoinRequest(s, { workspaceId: "ws_main", email: "intern@acme.example" }, "creator");
  // enterprise.yaml ignores support staff; the other specs remove them
  addJoinRequest(s, "ws_main", "helpdesk@support.heygen.example", ctx);
  approveJoinRequest(s, { workspaceId: "ws_main", email: "helpdesk@support.heygen.example" }, "viewer");

  const pilot = createWorkspace(
    s,
    {
      id: "ws_pilot",
      name: "Client B - pilot",
      parentId: "ws_main",
      billing: "parent",
      allocation: { seats: 4, avatarSlots: 2, generativeCredits: 3000, apiCredits: 0 },
    },
    weekAgo,
  );
  inviteMember(s, pilot.id, "brand@client-b.example", "creator", weekAgo);
  acceptInvitation(s, pilot.id, "brand@client-b.example", weekAgo);
  inviteMember(s, pilot.id, "legal@client-b.example", "viewer", weekAgo);
  expireInvitation(s, pilot.id, "legal@client-b.example", ctx);
  consumeCredits(s, pilot.id, { generativeCredits: 1500 });
  addAsset(s, { workspaceId: pilot.id, type: "avatar", id: "av_pilot_host", name: "Pilot host" });

  const archive = createWorkspace(
    s,
    {
      id: "ws_archive",
      name: "archive-2025",
      parentId: "ws_main",
      billing: "parent",
      allocation: { seats: 1, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 },
    },
    weekAgo,
  );
  inviteMember(s, archive.id, "archivist@acme.example", "viewer", weekAgo);
  acceptInvitation(s, archive.id, "archivist@acme.example", weekAgo);

  addJoinRequest(s, "ws_client_a", "marketing@client-a.example", ctx);
  addJoinRequest(s, "ws_client_a", "stranger@elsewhere.example", ctx);

  shareAsset(s, { assetType: "brand_kit", assetId: "bk_acme", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_client_a" });
  shareAsset(s, { assetType: "voice", assetId: "vc_narrator", fromWorkspaceId: "ws_main", toWorkspaceId: pilot.id });
  updateContentSharing(
    s,
    { type: "folder", id: "fd_campaigns" },
    { generalAccess: "selected", users: [{ email: "legacy@acme.example", access: "edit" }, { email: "ops@acme.example", access: "view" }] },
    {},
  );
  return s;
}

/**
 * The reseller of examples/nested-own-billing.yaml a while in: an own-billed partner with a
 * team under it that has spent more generative credits than the spec now allocates to it,
 * so no order of changes fits (the golden is the diagnostic), plus an own-billed team the
 * spec does not know.
 */
export function resellerAccount(now = GOLDEN_NOW): AccountState {
  const s = defaultAccount(now);
  const ctx = opCtx(earlier(now, 48));
  const partner = createWorkspace(
    s,
    {
      id: "ws_partner",
      name: "emea-partner",
      parentId: "ws_main",
      billing: "own",
      apiAccess: false,
      subscription: { seats: 12, avatarSlots: 4, generativeCredits: 20000, apiCredits: 5000 },
    },
    ctx,
  );
  inviteMember(s, partner.id, "partner-admin@emea-partner.example", "super_admin", ctx);
  acceptInvitation(s, partner.id, "partner-admin@emea-partner.example", ctx);
  const north = createWorkspace(
    s,
    {
      id: "ws_north",
      name: "emea-north",
      parentId: partner.id,
      billing: "parent",
      allocation: { seats: 3, avatarSlots: 2, generativeCredits: 10000, apiCredits: 2000 },
    },
    ctx,
  );
  inviteMember(s, north.id, "nordics@emea-partner.example", "creator", ctx);
  acceptInvitation(s, north.id, "nordics@emea-partner.example", ctx);
  consumeCredits(s, north.id, { generativeCredits: 9200, apiCredits: 500 });
  const east = createWorkspace(
    s,
    {
      id: "ws_east",
      name: "emea-east",
      parentId: partner.id,
      billing: "own",
      subscription: { seats: 2, avatarSlots: 0, generativeCredits: 1000, apiCredits: 0 },
    },
    ctx,
  );
  inviteMember(s, east.id, "baltics@emea-partner.example", "creator", ctx);
  addContent(s, { workspaceId: partner.id, type: "project", id: "pj_emea", name: "EMEA launch" });
  return s;
}

/** The default account after a downgrade to a 10-seat plan: too small for workspaces.yaml. */
export function smallPlanAccount(now = GOLDEN_NOW): AccountState {
  const s = defaultAccount(now);
  updateWorkspace(s, "ws_main", { subscription: { seats: 10, avatarSlots: 20, generativeCredits: 100000, apiCredits: 50000 } });
  return s;
}

export const GOLDEN_ACCOUNTS = {
  default: () => defaultAccount(GOLDEN_NOW),
  empty: () => emptyAccount(GOLDEN_NOW),
  "lived-in": () => livedInAccount(),
  reseller: () => resellerAccount(),
  "small-plan": () => smallPlanAccount(),
} as const satisfies Record<string, () => AccountState>;

export type GoldenAccountName = keyof typeof GOLDEN_ACCOUNTS;
