// Members and invitations: invited by email with one role, an invitation pending for seven
// days until accepted; both hold a seat. Idempotent: re-inviting with the same role, or
// removing someone already gone, changes nothing.

import type { Role } from "../model/plan.gen.js";
import type { AccountState, MemberState, WorkspaceState } from "../model/state.js";
import { type AccountIndex, addMemberRecord, getWorkspace, indexOf, label, membersOf, removeMemberRecord } from "./account-index.js";
import { type Overshoot, allocationOvershoot, isBillingRoot, rootOvershoot } from "./accounting.js";
import { downgradeViewerEdits } from "./access.js";
import { type OpContext, checkRole, fail, normalizeEmail } from "./checks.js";

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export function expiresAt(now: string): string {
  return new Date(Date.parse(now) + INVITATION_TTL_MS).toISOString();
}

export function isExpired(m: MemberState, now: string): boolean {
  return m.status === "invited" && m.expiresAt !== null && Date.parse(m.expiresAt) <= Date.parse(now);
}

export function seatOvershootIfAdded(idx: AccountIndex, w: WorkspaceState): Overshoot | null {
  return isBillingRoot(w) ? rootOvershoot(idx, w, "seats", 1) : allocationOvershoot(idx, w, "seats", 1);
}

export function inviteMember(state: AccountState, workspaceId: string, email: string, role: Role, ctx: OpContext): MemberState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const e = normalizeEmail(email);
  checkRole(role);
  const existing = membersOf(idx, w.id).get(e);
  if (existing) {
    if (existing.role === role) return existing;
    fail("conflict", `${e} is already ${existing.status === "active" ? "a member" : "invited"} in ${label(idx, w)} as ${existing.role}; change the role instead`, "email");
  }
  const o = seatOvershootIfAdded(idx, w);
  if (o) fail(o.code, `cannot invite ${e}: ${o.message}`, "email");
  const m: MemberState = { workspaceId: w.id, email: e, role, status: "invited", invitedAt: ctx.now, expiresAt: expiresAt(ctx.now) };
  addMemberRecord(idx, m);
  // Content may still list them with edit (shared before, or kept after a removal).
  if (role === "viewer") downgradeViewerEdits(state, w.id, e);
  // An invitation answers any pending request from the same person.
  if (state.joinRequests.some((r) => r.workspaceId === w.id && r.email === e))
    state.joinRequests = state.joinRequests.filter((r) => !(r.workspaceId === w.id && r.email === e));
  return m;
}

export function getMember(idx: AccountIndex, w: WorkspaceState, email: string): MemberState {
  const e = normalizeEmail(email);
  const m = membersOf(idx, w.id).get(e);
  if (!m) fail("not_found", `${e} is not a member of ${label(idx, w)} and has no invitation there`, "email");
  return m;
}

export function changeMemberRole(state: AccountState, workspaceId: string, email: string, role: Role): MemberState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  checkRole(role);
  const m = getMember(idx, w, email);
  if (m.role === role) return m;
  m.role = role;
  if (role === "viewer") downgradeViewerEdits(state, w.id, m.email);
  return m;
}

/** Removes an active member or revokes an invitation. Gone already: false. */
export function removeMember(state: AccountState, workspaceId: string, email: string): boolean {
  const idx = indexOf(state);
  const w = idx.ws.get(workspaceId);
  if (!w) return false;
  const m = membersOf(idx, w.id).get(normalizeEmail(email));
  if (!m) return false;
  removeMemberRecord(idx, m);
  // Someone who left keeps no access to the workspace's content.
  for (const c of state.content) {
    if (c.workspaceId === w.id && c.users.some((u) => u.email === m.email)) c.users = c.users.filter((u) => u.email !== m.email);
  }
  return true;
}

/** Re-sends a pending (usually expired) invitation: a new 7-day window, optionally a new role. */
export function resendInvitation(state: AccountState, workspaceId: string, email: string, ctx: OpContext, role?: Role): MemberState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const m = getMember(idx, w, email);
  if (role !== undefined) changeMemberRole(state, workspaceId, m.email, checkRole(role));
  if (m.status === "active") return m;
  m.invitedAt = ctx.now;
  m.expiresAt = expiresAt(ctx.now);
  return m;
}
