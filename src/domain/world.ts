// The other side of the world: what people and the account do that hgw never does (an
// invitation accepted or left to expire, someone asking to join, credits spent, a library item
// or a video made). The sandbox CLI (`hgw sandbox accept`, …) and tests use these to move an
// account the way the real one moves; apply never does.

import { ASSET_TYPES, CONTENT_TYPES, type AssetType, type ContentType } from "../model/plan.gen.js";
import type { AccountState, AssetState, ContentState, JoinRequestState, MemberState, QuotaKey, WorkspaceState } from "../model/state.js";
import { getWorkspace, indexOf, label, membersOf } from "./account-index.js";
import { type OpContext, checkQuota, fail, guarded, normalizeEmail, parentOf } from "./checks.js";
import { INVITATION_TTL_MS, getMember, isExpired } from "./members.js";

/** The invited person accepts. */
export function acceptInvitation(state: AccountState, workspaceId: string, email: string, ctx: Pick<OpContext, "now">): MemberState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const m = getMember(idx, w, email);
  if (m.status === "active") return m;
  if (isExpired(m, ctx.now))
    fail("conflict", `the invitation of ${m.email} to ${label(idx, w)} expired at ${m.expiresAt}; it must be re-sent first`, "email");
  m.status = "active";
  m.expiresAt = null;
  return m;
}

/** Test helper for the sandbox: make a pending invitation expired (sent 8 days ago). */
export function expireInvitation(state: AccountState, workspaceId: string, email: string, ctx: Pick<OpContext, "now">): MemberState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const m = getMember(idx, w, email);
  if (m.status !== "invited") fail("conflict", `${m.email} has already accepted; only a pending invitation can expire`, "email");
  const now = Date.parse(ctx.now);
  m.invitedAt = new Date(now - INVITATION_TTL_MS - 24 * 3600 * 1000).toISOString();
  m.expiresAt = new Date(now - 24 * 3600 * 1000).toISOString();
  return m;
}

export function addJoinRequest(state: AccountState, workspaceId: string, email: string, ctx: OpContext): JoinRequestState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const e = normalizeEmail(email);
  const member = membersOf(idx, w.id).get(e);
  if (member) fail("conflict", `${e} is already ${member.status === "active" ? "a member" : "invited"} in ${label(idx, w)}`, "email");
  const existing = state.joinRequests.find((r) => r.workspaceId === w.id && r.email === e);
  if (existing) return existing;
  const r: JoinRequestState = { id: ctx.newId("jr"), workspaceId: w.id, email: e, requestedAt: ctx.now };
  state.joinRequests.push(r);
  return r;
}

export type Consumption = Partial<Record<Exclude<QuotaKey, "seats">, number>>;

/** Credits spent / avatar slots taken in a workspace, within its allocation or subscription. */
export function consumeCredits(state: AccountState, workspaceId: string, amounts: Consumption): WorkspaceState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  checkQuota(amounts, "usage");
  if ("seats" in amounts) fail("validation_error", "seats are used by members, not consumed", "usage.seats");
  const saved = { ...w.usage };
  const parent = parentOf(idx, w);
  return guarded(
    idx,
    parent ? [w, parent] : [w],
    () => {
      for (const [k, v] of Object.entries(amounts) as [Exclude<QuotaKey, "seats">, number][]) w.usage[k] += v;
      return w;
    },
    () => (w.usage = saved),
  );
}

export interface NewAsset {
  workspaceId: string;
  type: AssetType;
  id: string;
  name: string;
}

/** A library item appears (an avatar takes one avatar slot). Same one again: a no-op. */
export function addAsset(state: AccountState, input: NewAsset): AssetState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, input.workspaceId);
  if (!ASSET_TYPES.includes(input.type)) fail("validation_error", `asset type must be one of ${ASSET_TYPES.join(", ")}`, "type");
  if (!input.id) fail("validation_error", "an asset needs an id", "id");
  const existing = state.assets.find((a) => a.type === input.type && a.id === input.id);
  if (existing) {
    if (existing.workspaceId === w.id && existing.name === input.name) return existing;
    fail("conflict", `${input.type} ${input.id} already exists ("${existing.name}" in workspace ${existing.workspaceId})`, "id");
  }
  if (input.type === "avatar") consumeCredits(state, w.id, { avatarSlots: 1 });
  const a: AssetState = { id: input.id, type: input.type, name: input.name, workspaceId: w.id };
  state.assets.push(a);
  return a;
}

export interface NewContent {
  workspaceId: string;
  type: ContentType;
  id: string;
  name: string;
}

/** A project, folder or video appears, with the workspace's default sharing. Same one again: a no-op. */
export function addContent(state: AccountState, input: NewContent): ContentState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, input.workspaceId);
  if (!CONTENT_TYPES.includes(input.type)) fail("validation_error", `content type must be one of ${CONTENT_TYPES.join(", ")}`, "type");
  if (!input.id) fail("validation_error", "content needs an id", "id");
  const existing = state.content.find((c) => c.type === input.type && c.id === input.id);
  if (existing) {
    if (existing.workspaceId === w.id && existing.name === input.name) return existing;
    fail("conflict", `${input.type} ${input.id} already exists ("${existing.name}" in workspace ${existing.workspaceId})`, "id");
  }
  const c: ContentState = {
    id: input.id,
    type: input.type,
    name: input.name,
    workspaceId: w.id,
    generalAccess: w.settings.defaultSharing,
    users: [],
    sharePage: { passwordSet: false, passwordDigest: null, publicPublishing: false, captions: false },
  };
  state.content.push(c);
  return c;
}
