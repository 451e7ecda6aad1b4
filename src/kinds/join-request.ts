// kind `join_request`: someone asked to join a workspace that requires approval. Approved when
// the spec lists them (they become an active member with the spec's role), denied when the
// spec says so or when they are a member already.

import { address } from "../model/address.js";
import type { SourceLocation } from "../model/diagnostics.js";
import { toJson } from "../model/plan.js";
import type { JoinRequestPayload } from "../model/plan.gen.js";
import type { JoinRequestState } from "../model/state.js";
import { indexOf, membersOf, resolveWorkspace } from "../domain/account-index.js";
import { DEFAULT_SETTINGS } from "../domain/workspaces.js";
import { DomainError } from "../domain/errors.js";
import { approveJoinRequest, denyJoinRequest } from "../domain/join-requests.js";
import type { WireMember } from "../contract/wire.js";
import { PHASE, budgetKey, draft, type DiffOutput, type WorkspaceMatch } from "./context.js";
import type { KindHandler } from "./handler.js";
import { either, enc, rostersOf, unsupported, type Roster } from "./shared.js";

/**
 * One workspace's waiting requests: approved for people the spec lists (they take a seat),
 * denied for people already in, and for people it does not list as its policy says (deny),
 * else left waiting.
 */
function planRequests(match: WorkspaceMatch, r: Roster, out: DiffOutput): void {
  const dw = match.desired;
  const path = dw.path;
  const ref = { workspacePath: path, workspaceId: r.ws?.id ?? null };
  const needs = r.ws ? [] : [address.subworkspace(path)];
  const payload = (q: JoinRequestState, role: JoinRequestPayload["role"]) => toJson({ ...ref, requestId: q.id, email: q.email, role } satisfies JoinRequestPayload);
  const deny = (q: JoinRequestState, reason: string, source: SourceLocation) =>
    out.changes.push(
      draft("join_request", {
        address: address.joinRequest(path, q.email),
        action: "deny",
        before: payload(q, null),
        after: payload(q, null),
        reason,
        source,
        phase: PHASE.release,
        rank: match.rank,
        needs,
      }),
    );
  for (const [email, q] of r.requestBy) {
    const d = r.wanted.get(email);
    if (!d) continue;
    // A request from someone already in: answering it changes nothing but the queue.
    if (r.current.has(email)) {
      deny(q, "already a member; the request is moot", d.source);
      continue;
    }
    out.changes.push(
      draft("join_request", {
        address: address.joinRequest(path, d.email),
        action: "approve",
        before: payload(q, null),
        after: payload(q, d.role),
        reason: `join request from someone the spec lists as ${d.role}`,
        source: d.source,
        phase: PHASE.addMembers,
        rank: match.rank,
        effects: [{ budget: budgetKey(match.key, "seats"), kind: "use+", amount: 1 }],
        needs,
      }),
    );
  }
  const policy = dw.settings.unlistedJoinRequests ?? r.ws?.settings.unlistedJoinRequests ?? DEFAULT_SETTINGS.unlistedJoinRequests;
  for (const q of r.requests) {
    const email = q.email.toLowerCase();
    if (r.wanted.has(email) || r.ignored(email)) continue;
    if (policy === "deny") {
      deny(q, "join request from someone the spec does not list (unlistedJoinRequests: deny)", dw.fieldSources["settings.unlistedJoinRequests"] ?? dw.source);
    } else {
      out.unmanaged.push({
        address: address.joinRequest(path, email),
        reason: "join request from someone the spec does not list; left waiting (add them to approve, or set unlistedJoinRequests: deny)",
      });
    }
  }
}

export const joinRequestKind: KindHandler<"join_request"> = {
  kind: "join_request",
  order: 4,
  // Identity only: approving or denying what is gone is told apart below.
  checked: false,
  isDone(change, view) {
    const answered = view === null || view.pending !== true;
    return change.action === "deny" ? answered : answered && view?.role === change.after?.role;
  },
  drift: () => ({ kind: "expected", what: "someone asked to join" }),

  diff(ctx, out) {
    for (const [match, roster] of rostersOf(ctx)) planRequests(match, roster, out);
  },

  *addresses(ctx) {
    for (const r of ctx.state.joinRequests) {
      const p = ctx.pathOf(r.workspaceId);
      if (p !== undefined) yield address.joinRequest(p, r.email);
    }
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
