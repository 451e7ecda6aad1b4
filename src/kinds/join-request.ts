// kind `join_request`: someone asked to join a workspace that requires approval. Approved when
// the spec lists them (they become an active member with the spec's role), denied when the
// spec says so or when they are a member already.

import { indexOf, membersOf, resolveWorkspace } from "../domain/account-index.js";
import { DomainError } from "../domain/errors.js";
import { approveJoinRequest, denyJoinRequest } from "../domain/join-requests.js";
import type { WireMember } from "../contract/wire.js";
import type { KindHandler } from "./handler.js";
import { either, enc, unsupported } from "./shared.js";

export const joinRequestKind: KindHandler<"join_request"> = {
  kind: "join_request",
  // Identity only: approving or denying what is gone is told apart below.
  checked: false,
  isDone(change, view) {
    const answered = view === null || view.pending !== true;
    return change.action === "deny" ? answered : answered && view?.role === change.after?.role;
  },

  view(state, change, ctx) {
    // Pending while the request waits; once answered, the member it made (if any).
    const p = either("join_request", change);
    if (state.joinRequests.some((r) => r.id === p.requestId)) return { view: { pending: true, role: null } };
    const w = resolveWorkspace(state, p, ctx.workspaceIds);
    const m = w ? membersOf(indexOf(state), w.id).get(p.email.toLowerCase()) : undefined;
    return { view: m ? { pending: false, role: m.role } : null };
  },

  sandbox(state, change, ctx) {
    const p = either("join_request", change, "before");
    const w = resolveWorkspace(state, p, ctx.workspaceIds);
    if (change.action === "deny") {
      if (w) denyJoinRequest(state, { requestId: p.requestId, workspaceId: w.id, email: p.email });
      return {};
    }
    if (change.action !== "approve") return unsupported(change);
    if (!w) throw new DomainError("not_found", `workspace "${p.workspacePath || "workspace"}" does not exist`);
    if (!p.role) throw new DomainError("validation_error", `${change.address}: approving needs a role`, "role");
    approveJoinRequest(state, { requestId: p.requestId, workspaceId: w.id, email: p.email }, p.role);
    return {};
  },

  async http(api) {
    const change = api.change;
    const p = either("join_request", change);
    const path = `/v3/join-requests/${enc(p.requestId)}`;
    if (change.action === "deny") {
      await api.unlessGone(api.request("POST", `${path}/deny`, { idempotencyKey: api.idempotencyKey("deny") }));
      return {};
    }
    if (change.action !== "approve") throw new Error(`${change.address}: cannot ${change.action}`);
    try {
      await api.request("POST", `${path}/approve`, { body: { role: p.role ?? "viewer" }, idempotencyKey: api.idempotencyKey("approve") });
    } catch (e) {
      if (api.statusOf(e) !== 404) throw e;
      // Gone: fine only if an earlier run approved it (the person is a member now).
      const id = await api.workspaceId(p);
      const members = await api.list<WireMember>(`/v3/workspaces/${enc(id)}/members`);
      if (!members.some((m) => m.email === p.email.toLowerCase())) throw e;
    }
    return {};
  },
};
