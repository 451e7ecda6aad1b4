// Requests to join a workspace that requires approval: approved (the person becomes an active
// member, holding a seat) or denied.

import type { Role } from "../model/plan.gen.js";
import type { AccountState, JoinRequestState, MemberState } from "../model/state.js";
import { addMemberRecord, getWorkspace, indexOf, membersOf } from "./account-index.js";
import { downgradeViewerEdits } from "./access.js";
import { checkRole, fail } from "./checks.js";
import { seatOvershootIfAdded } from "./members.js";

export interface JoinRequestRef {
  requestId?: string | null;
  workspaceId: string;
  email?: string;
}

function findRequest(state: AccountState, ref: JoinRequestRef): JoinRequestState | undefined {
  const e = ref.email?.toLowerCase();
  return (
    (ref.requestId ? state.joinRequests.find((r) => r.id === ref.requestId) : undefined) ??
    (e !== undefined ? state.joinRequests.find((r) => r.workspaceId === ref.workspaceId && r.email === e) : undefined)
  );
}

/** The person becomes an active member with `role`. Already approved (they are a member): a no-op. */
export function approveJoinRequest(state: AccountState, ref: JoinRequestRef, role: Role): MemberState {
  const idx = indexOf(state);
  checkRole(role);
  const r = findRequest(state, ref);
  if (!r) {
    const w = idx.ws.get(ref.workspaceId);
    const m = w && ref.email ? membersOf(idx, w.id).get(ref.email.toLowerCase()) : undefined;
    if (m) return m;
    fail("not_found", `join request ${ref.requestId ?? ""} ${ref.email ?? ""} does not exist`.replace(/\s+/g, " "), "request_id");
  }
  const w = getWorkspace(idx, r.workspaceId);
  const existing = membersOf(idx, w.id).get(r.email);
  if (existing) {
    state.joinRequests = state.joinRequests.filter((x) => x !== r);
    return existing;
  }
  const o = seatOvershootIfAdded(idx, w);
  if (o) fail(o.code, `cannot approve ${r.email}: ${o.message}`, "request_id");
  const m: MemberState = { workspaceId: w.id, email: r.email, role, status: "active", invitedAt: null, expiresAt: null };
  addMemberRecord(idx, m);
  if (role === "viewer") downgradeViewerEdits(state, w.id, r.email);
  state.joinRequests = state.joinRequests.filter((x) => x !== r);
  return m;
}

/** Gone already: false. */
export function denyJoinRequest(state: AccountState, ref: JoinRequestRef): boolean {
  const r = findRequest(state, ref);
  if (!r) return false;
  state.joinRequests = state.joinRequests.filter((x) => x !== r);
  return true;
}
