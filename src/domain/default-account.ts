// The account a fresh clone gets, so `npx hgw plan` has something to plan against. Ids are
// fixed so that plans and the examples are reproducible.

import { zeroQuota, type AccountState, type WorkspaceState } from "../model/state.js";
import { DEFAULT_SETTINGS } from "./workspaces.js";
import { INVITATION_TTL_MS } from "./members.js";

const DAY = 24 * 3600 * 1000;

export function defaultAccount(now: string = new Date().toISOString()): AccountState {
  const t = Date.parse(now);
  const invitedAt = new Date(t - DAY).toISOString();
  const main: WorkspaceState = {
    id: "ws_main",
    name: "Acme Agency",
    parentId: null,
    image: null,
    billing: "own",
    apiAccess: false,
    allocation: null,
    subscription: { seats: 50, avatarSlots: 20, generativeCredits: 100000, apiCredits: 50000 },
    usage: { seats: 0, avatarSlots: 2, generativeCredits: 12000, apiCredits: 0 },
    settings: { ...DEFAULT_SETTINGS, joinDomains: [] },
    deletionProtection: false,
    createdAt: now,
  };
  const clientA: WorkspaceState = {
    id: "ws_client_a",
    name: "client-a",
    parentId: "ws_main",
    image: null,
    billing: "parent",
    apiAccess: false,
    allocation: { seats: 3, avatarSlots: 1, generativeCredits: 2000, apiCredits: 0 },
    subscription: null,
    usage: { seats: 0, avatarSlots: 0, generativeCredits: 500, apiCredits: 0 },
    settings: { ...DEFAULT_SETTINGS, joinDomains: [] },
    deletionProtection: false,
    createdAt: now,
  };
  const page = { passwordSet: false, passwordDigest: null, publicPublishing: false, captions: false };
  return {
    account: { id: "acct_acme", name: "Acme Agency" },
    workspaces: [main, clientA],
    members: [
      { workspaceId: "ws_main", email: "ops@acme.example", role: "super_admin", status: "active", invitedAt: null, expiresAt: null },
      { workspaceId: "ws_main", email: "legacy@acme.example", role: "creator", status: "active", invitedAt: null, expiresAt: null },
      {
        workspaceId: "ws_client_a",
        email: "reviewer@client-a.example",
        role: "viewer",
        status: "invited",
        invitedAt,
        expiresAt: new Date(Date.parse(invitedAt) + INVITATION_TTL_MS).toISOString(),
      },
    ],
    joinRequests: [],
    assets: [
      { id: "av_anna", type: "avatar", name: "Anna", workspaceId: "ws_main" },
      { id: "av_marcus", type: "avatar", name: "Marcus", workspaceId: "ws_main" },
      { id: "vc_narrator", type: "voice", name: "Narrator", workspaceId: "ws_main" },
      { id: "bk_acme", type: "brand_kit", name: "Acme brand", workspaceId: "ws_main" },
      { id: "tp_quarterly", type: "template", name: "Quarterly review", workspaceId: "ws_main" },
    ],
    assetShares: [],
    content: [
      { id: "fd_campaigns", type: "folder", name: "Campaigns", workspaceId: "ws_main", generalAccess: "only_me", users: [], sharePage: { ...page } },
      { id: "vd_launch", type: "video", name: "Launch video", workspaceId: "ws_main", generalAccess: "only_me", users: [], sharePage: { ...page } },
      { id: "pj_onboarding", type: "project", name: "Onboarding", workspaceId: "ws_main", generalAccess: "only_me", users: [], sharePage: { ...page } },
    ],
    apiKeys: [],
  };
}

/** A bare account: only the main workspace with the given subscription and no one in it. */
export function emptyAccount(
  now: string,
  opts: { name?: string; seats?: number; avatarSlots?: number; generativeCredits?: number; apiCredits?: number } = {},
): AccountState {
  const base = defaultAccount(now);
  const main = base.workspaces[0]!;
  main.name = opts.name ?? main.name;
  main.subscription = {
    seats: opts.seats ?? 50,
    avatarSlots: opts.avatarSlots ?? 20,
    generativeCredits: opts.generativeCredits ?? 100000,
    apiCredits: opts.apiCredits ?? 50000,
  };
  main.usage = zeroQuota();
  return { account: { id: base.account.id, name: main.name }, workspaces: [main], members: [], joinRequests: [], assets: [], assetShares: [], content: [], apiKeys: [] };
}
