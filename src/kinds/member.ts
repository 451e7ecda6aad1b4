// kind `member`: people in a workspace, by email, each with one role. An invitation is a
// member until accepted (it holds a seat); an expired one is re-sent (`replace`); one for
// someone the spec no longer lists is revoked.

import { address, displayPath } from "../model/address.js";
import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import { payloadOf, toJson, type Change } from "../model/plan.js";
import type { MemberPayload, Role, WorkspaceRef } from "../model/plan.gen.js";
import type { MemberState } from "../model/state.js";
import type { DesiredMember } from "../model/desired.js";
import { indexOf, membersOf, resolveWorkspace } from "../domain/account-index.js";
import { changeMemberRole, inviteMember, isExpired, removeMember, resendInvitation } from "../domain/members.js";
import type { View } from "../domain/precondition.js";
import { memberFromWire, type WireInvitation, type WireMember, type WireRoleChange } from "../contract/wire.js";
import { expiredReason, expiringItem, isPast } from "../model/expiry.js";
import { PHASE, budgetKey, draft, errorAt, type DiffContext, type DiffOptions, type DiffOutput, type DraftChange } from "./context.js";
import type { KindHandler } from "./handler.js";
import { either, enc, need, required, rostersOf, unsupported, type Roster } from "./shared.js";
import type { WorkspaceMatch } from "./context.js";

/**
 * Below this many members the removal share is taken of this many instead: a count, so that
 * removing one of three is possible at a share of 0.3 but removing five of nine is not.
 */
export const REMOVAL_THRESHOLD_MIN_MEMBERS = 10;
/** A pending invitation older than this is flagged, so someone can chase it up. */
export const STALE_INVITATION_DAYS = 5;

const DAY = 24 * 3600 * 1000;
const day = (iso: string): string => iso.slice(0, 10);

/** A member as the account holds them, in the payload's shape (`expired`: an invitation past its time). */
export function memberView(m: MemberState | undefined, now: string): View {
  return m ? { email: m.email, role: m.role, status: isExpired(m, now) ? "expired" : m.status } : null;
}

const refOf = (change: Change) => payloadOf("member", change.before ?? change.after);

/**
 * One workspace's members: the spec's invited, re-invited or given their role; the account's
 * others removed (authoritative) or left alone (additive), within the removal share. A listed
 * person with a join request waiting is the join_request kind's (approved there).
 */
function planRoster(ctx: DiffContext, match: WorkspaceMatch, r: Roster, out: DiffOutput): void {
  const onlyExpired = ctx.options.onlyExpired === true;
  const sorted = sortWanted(r, onlyExpired);
  // Most workspaces of a big account: everyone listed is there with their role, no one else
  // is, and no one's access ends. Nothing below would be made for them.
  const untouched = r.expired.size === 0 && sorted.dated.length === 0 && sorted.others.length === 0;
  if (untouched && (onlyExpired || match.desired.memberOwnership !== "authoritative" || sorted.kept === r.current.size)) return;
  const { now } = ctx.options;
  const dw = match.desired;
  const path = dw.path;
  const ws = r.ws;
  const needs = ws ? [] : [address.subworkspace(path)];
  const seats = budgetKey(match.key, "seats");
  const ref = { workspacePath: path, workspaceId: ws?.id ?? null };
  const payload = (email: string, role: Role, status: MemberPayload["status"]) => toJson(memberPayload(ref, email, role, status));
  const statusOf = (s: MemberState): MemberPayload["status"] => (isExpired(s, now) ? "expired" : s.status);
  const member = (fields: Omit<DraftChange, "kind" | "effects" | "needs" | "rank"> & Partial<Pick<DraftChange, "effects">>): DraftChange =>
    draft("member", { ...fields, rank: match.rank, needs });

  const removals: DraftChange[] = [];
  // Past its `expires`: removed wherever the account has it, whatever the ownership; never invited again.
  for (const d of r.expired.values()) {
    const s = r.current.get(d.email);
    if (!s || !isPast(d.expires, now)) continue;
    removals.push(
      member({
        address: address.member(path, d.email),
        action: "delete",
        before: payload(s.email, s.role, statusOf(s)),
        after: null,
        reason: `${expiredReason(d.expires)}${s.status === "invited" ? "; revoke the invitation" : ""}`,
        source: d.source,
        phase: PHASE.removeMembers,
        effects: [{ budget: seats, kind: "use-", amount: 1 }],
        expired: d.expires,
      }),
    );
  }
  const { expiryNoticeDays } = ctx.desired.policies;
  for (const d of sorted.dated) {
    const soon = expiringItem(() => address.member(path, d.email), d.expires, d.source, now, expiryNoticeDays);
    if (soon) out.expiring.push(soon);
  }
  const kept = sorted.kept + (r.expired.size > 0 ? [...r.expired.keys()].filter((e) => r.current.has(e)).length : 0);
  for (const [d, s] of sorted.others) {
    const addr = address.member(path, d.email);
    if (!s) {
      out.changes.push(
        member({
          address: addr,
          action: "create",
          before: null,
          after: payload(d.email, d.role, "invited"),
          reason: d.fromDefaults ? `listed in defaults.members as ${d.role}; invite` : `listed in the spec as ${d.role}, not in the account; invite`,
          source: d.source,
          phase: PHASE.addMembers,
          effects: [{ budget: seats, kind: "use+", amount: 1 }],
        }),
      );
      continue;
    }
    const status = statusOf(s);
    if (status === "expired") {
      out.changes.push(
        member({
          address: addr,
          action: "replace",
          before: payload(s.email, s.role, status),
          after: payload(s.email, d.role, "invited"),
          reason: `the invitation expired on ${day(s.expiresAt ?? now)}; re-send it${s.role !== d.role ? ` as ${d.role}` : ""}`,
          source: d.source,
          phase: PHASE.addMembers,
        }),
      );
    } else if (s.role !== d.role) {
      out.changes.push(
        member({
          address: addr,
          action: "update",
          before: payload(s.email, s.role, status),
          after: payload(s.email, d.role, status),
          reason: `role is ${s.role} in the account, ${d.role} in the spec${s.status === "invited" ? " (pending invitation)" : ""}`,
          source: d.source,
          phase: PHASE.edit,
        }),
      );
    } else if (s.status === "invited" && s.invitedAt && Date.parse(now) - Date.parse(s.invitedAt) > STALE_INVITATION_DAYS * DAY) {
      out.warnings.push({
        severity: "warning",
        code: "invitation-pending",
        message: `${s.email} has not accepted the invitation to "${displayPath(path)}" sent on ${day(s.invitedAt)}; it expires on ${day(s.expiresAt ?? now)}`,
        source: d.source,
        address: addr,
      });
    }
  }

  // When every member in the account was kept, none is left to remove.
  if (dw.memberOwnership === "authoritative" && kept < r.current.size && !ctx.options.onlyExpired) {
    for (const s of r.current.values()) {
      if (r.wanted.has(s.email) || r.expired.has(s.email) || r.ignored(s.email)) continue;
      removals.push(
        member({
          address: address.member(path, s.email),
          action: "delete",
          before: payload(s.email, s.role, statusOf(s)),
          after: null,
          reason:
            s.status === "invited"
              ? `invitation pending for someone the spec does not list; revoke it (members are authoritative)`
              : `in the account as ${s.role}, not in the spec (members are authoritative)`,
          source: dw.fieldSources["members"] ?? dw.source,
          phase: PHASE.removeMembers,
          effects: [{ budget: seats, kind: "use-", amount: 1 }],
        }),
      );
    }
  }
  const threshold = removalThreshold(path, r.current.size, removals.length, ctx.options, dw.fieldSources["members"] ?? dw.source);
  if (threshold) out.diagnostics.push(threshold);
  out.changes.push(...removals);
}

/**
 * The spec's wanted members sorted in one small loop, so that it is optimized early (a 100k
 * roster is mostly people already there with their role): how many the account has, those
 * with an end date (for the expiry notice), and those that may need a change.
 */
function sortWanted(r: Roster, onlyExpired: boolean): { kept: number; dated: DesiredMember[]; others: [DesiredMember, MemberState | undefined][] } {
  let kept = 0;
  const dated: DesiredMember[] = [];
  const others: [DesiredMember, MemberState | undefined][] = [];
  for (const d of r.wanted.values()) {
    if (d.expires !== null) dated.push(d);
    // --only-expired: nothing but the removals of expired members.
    if (onlyExpired) continue;
    const s = r.current.get(d.email);
    if (s) kept++;
    if (s && s.status === "active" && s.role === d.role && !r.requestBy.has(d.email)) continue;
    // A listed person with a join request waiting is the join_request kind's.
    if (!s && r.requestBy.has(d.email)) continue;
    others.push([d, s]);
  }
  return { kept, dated, others };
}

function removalThreshold(path: string, existing: number, removing: number, opts: DiffOptions, source: SourceLocation): Diagnostic | null {
  if (removing === 0) return null;
  const base = Math.max(existing, REMOVAL_THRESHOLD_MIN_MEMBERS);
  // A small epsilon: 0.3 * 10 is 3.0000000000000004 in floating point.
  if (removing <= opts.maxRemovalShare * base + 1e-9) return null;
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const small = existing < REMOVAL_THRESHOLD_MIN_MEMBERS;
  const allowed = small
    ? `more than the ${Math.floor(opts.maxRemovalShare * base + 1e-9)} a workspace of fewer than ${REMOVAL_THRESHOLD_MIN_MEMBERS} may lose at a share of ${opts.maxRemovalShare}`
    : `more than the ${pct(opts.maxRemovalShare)} allowed`;
  return errorAt(
    "removal-threshold",
    `the plan would remove ${removing} of the ${existing} members of "${displayPath(path)}" (${pct(removing / existing)}), ${allowed}`,
    source,
    {
      address: path === "" ? address.workspace() : address.subworkspace(path),
      hint: `if that is intended, raise the limit with --max-removal-share ${Math.min(1, Math.ceil((removing / base) * 100) / 100)}${opts.removalShareFromFlag ? "" : " or policies.maxMemberRemovalShare"}; members: additive keeps unlisted ones`,
    },
  );
}

/** A member change's payload: also what the Pulumi Member resource sends. */
export function memberPayload(ref: WorkspaceRef, email: string, role: Role, status: MemberPayload["status"]): MemberPayload {
  return { ...ref, email, role, status };
}

export const memberKind: KindHandler<"member"> = {
  kind: "member",
  order: 5,
  checked: true,
  // A pending invitation becomes an active member without anyone asking hgw.
  doneDespite: (path, want, have) => path === "status" && want === "invited" && have === "active",
  blastRadius: { limit: "maxMemberRemovals", count: (c) => (c.action === "delete" ? 1 : 0) },

  drift(c) {
    if (c.action !== "replace") return undefined;
    // Re-sent as the spec says: a role changed meanwhile in the dashboard is drift of its own.
    return payloadOf("member", c.before)?.role === payloadOf("member", c.after)?.role
      ? { kind: "expected", what: "an invitation expired" }
      : { kind: "unauthorized", what: "an invitation expired, and its role was changed outside the spec" };
  },

  diff(ctx, out) {
    for (const [match, roster] of rostersOf(ctx)) planRoster(ctx, match, roster, out);
  },

  *addresses(ctx) {
    for (const w of ctx.desired.workspaces) for (const m of w.members ?? []) yield address.member(w.path, m.email);
    for (const m of ctx.state.members) {
      const p = ctx.pathOf(m.workspaceId);
      if (p !== undefined) yield address.member(p, m.email);
    }
  },

  view(state, change, ctx) {
    const ref = refOf(change);
    const w = ref ? resolveWorkspace(state, ref, ctx.workspaceIds) : undefined;
    const email = either("member", change).email.toLowerCase();
    return { view: w ? memberView(membersOf(indexOf(state), w.id).get(email), ctx.now) : null };
  },

  sandbox(state, change, ctx) {
    if (change.action === "delete") {
      const b = required("member", change, "before");
      const w = resolveWorkspace(state, b, ctx.workspaceIds);
      if (w) removeMember(state, w.id, b.email);
      return {};
    }
    const a = required("member", change, "after");
    const w = need(state, a, ctx.workspaceIds);
    if (change.action === "create") inviteMember(state, w.id, a.email, a.role, ctx);
    else if (change.action === "update") changeMemberRole(state, w.id, a.email, a.role);
    else if (change.action === "replace") resendInvitation(state, w.id, a.email, ctx, a.role);
    else unsupported(change);
    return {};
  },

  async http(api) {
    const change = api.change;
    const p = either("member", change);
    const email = p.email.toLowerCase();
    const now = new Date().toISOString();
    const current = (id: string) => () => api.read<WireMember>(`/v3/workspaces/${enc(id)}/members/${enc(email)}`, (m) => memberView(memberFromWire(m), now));
    if (change.action === "delete") {
      const id = await api.workspaceIdIfAny(p);
      if (id !== null) {
        await api.guarded(current(id), (ifMatch) => api.unlessGone(api.request("DELETE", `/v3/workspaces/${enc(id)}/members/${enc(email)}`, { ifMatch })));
      }
      return {};
    }
    const id = await api.workspaceId(p);
    const base = `/v3/workspaces/${enc(id)}/members`;
    const invitation: WireInvitation = { email, role: p.role };
    const setRole = (ifMatch?: string): Promise<unknown> =>
      api.request("PATCH", `${base}/${enc(email)}`, { body: { role: p.role } satisfies WireRoleChange, ifMatch });
    switch (change.action) {
      case "create":
        try {
          await api.request("POST", base, { body: invitation, idempotencyKey: api.idempotencyKey("invite") });
        } catch (e) {
          if (api.statusOf(e) !== 409) throw e;
          // Invited already: done when as the plan would make it; never another role over it.
          api.enforce((await current(id)()).view);
        }
        return {};
      case "update":
        await api.guarded(current(id), (ifMatch) => setRole(ifMatch));
        return {};
      case "replace": {
        let reinvite = false;
        await api.guarded(current(id), async (ifMatch) => {
          try {
            await api.request("POST", `${base}/${enc(email)}/resend`, { idempotencyKey: api.idempotencyKey("resend"), ifMatch });
          } catch (e) {
            if (api.statusOf(e) !== 404) throw e;
            reinvite = true;
          }
        });
        if (reinvite) {
          await api.request("POST", base, { body: invitation, idempotencyKey: api.idempotencyKey("reinvite") });
          return {};
        }
        // Right after this change's own resend: no one else's write to guard against.
        if (change.before && payloadOf("member", change.before).role !== p.role) await setRole();
        return {};
      }
      default:
        throw new Error(`${change.address}: member changes cannot ${change.action}`);
    }
  },
};
