// Members, invitations and join requests of the workspaces whose members the spec lists.
// An invitation still pending satisfies the spec; an expired one is re-sent; one for someone
// the spec no longer lists is revoked (authoritative) or left alone (additive).

import { address, displayPath } from "../model/address.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { DesiredMember } from "../model/desired.js";
import type { AccountState, JoinRequestState, MemberState } from "../model/state.js";
import { membersOf } from "../domain/account-index.js";
import { DEFAULT_SETTINGS } from "../domain/workspaces.js";
import { isExpired } from "../domain/members.js";
import type { JoinRequestPayload, MemberPayload } from "../model/plan.gen.js";
import { PHASE, budgetKey, emptyDiff, errorAt, json, type DiffOutput, type DraftChange } from "./draft.js";
import type { Matching, WorkspaceMatch } from "./match.js";

/**
 * Below this many members the removal share is taken of this many instead: a count, so that
 * removing one of three is possible at a share of 0.3 but removing five of nine is not.
 */
export const REMOVAL_THRESHOLD_MIN_MEMBERS = 10;
/** A pending invitation older than this is flagged, so someone can chase it up. */
export const STALE_INVITATION_DAYS = 5;

export interface MemberDiffOptions {
  now: string;
  maxRemovalShare: number;
  /** true when --max-removal-share was given, for the hint */
  removalShareFromFlag: boolean;
}

export function emailPattern(pattern: string): RegExp {
  const escaped = pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

const DAY = 24 * 3600 * 1000;
const day = (iso: string): string => iso.slice(0, 10);

export function diffMembers(m: Matching, state: AccountState, opts: MemberDiffOptions): DiffOutput {
  const out = emptyDiff();
  const requests = new Map<string, JoinRequestState[]>();
  for (const r of state.joinRequests) {
    const list = requests.get(r.workspaceId);
    if (list) list.push(r);
    else requests.set(r.workspaceId, [r]);
  }
  for (const match of m.byPath.values()) {
    if (match.desired.members === null) continue;
    workspaceMembers(m, match, match.state ? (requests.get(match.state.id) ?? []) : [], opts, out);
  }
  return out;
}

function workspaceMembers(
  m: Matching,
  match: WorkspaceMatch,
  requests: JoinRequestState[],
  opts: MemberDiffOptions,
  out: DiffOutput,
): void {
  const dw = match.desired;
  const path = dw.path;
  const ws = match.state;
  const current: Map<string, MemberState> = ws ? membersOf(m.idx, ws.id) : new Map();
  const ignore = dw.ignoreMembers.map(emailPattern);
  const ignored = (email: string): boolean => ignore.some((re) => re.test(email));
  const wanted = new Map<string, DesiredMember>();
  for (const d of dw.members ?? []) if (!ignored(d.email)) wanted.set(d.email, d);
  const requestBy = new Map(requests.map((r) => [r.email.toLowerCase(), r]));
  const needs = ws ? [] : [address.subworkspace(path)];
  const seats = budgetKey(match.key, "seats");
  const ref = { workspacePath: path, workspaceId: ws?.id ?? null };
  const base = { phase: 0, rank: match.rank, effects: [], needs } satisfies Partial<DraftChange>;
  const memberPayload = (email: string, role: MemberState["role"], status: MemberPayload["status"]) =>
    json({ ...ref, email, role, status } satisfies MemberPayload);
  const statusOf = (s: MemberState): MemberPayload["status"] => (isExpired(s, opts.now) ? "expired" : s.status);

  let kept = 0;
  for (const d of wanted.values()) {
    const s = current.get(d.email);
    if (s) kept++;
    // The common case at scale: active, with the role the spec gives, no request pending.
    if (s && s.status === "active" && s.role === d.role && !requestBy.has(d.email)) continue;
    const addr = address.member(path, d.email);
    if (!s) {
      const r = requestBy.get(d.email);
      if (r) {
        out.changes.push({
          ...base,
          address: address.joinRequest(path, d.email),
          kind: "join_request",
          action: "approve",
          before: json({ ...ref, requestId: r.id, email: r.email, role: null } satisfies JoinRequestPayload),
          after: json({ ...ref, requestId: r.id, email: r.email, role: d.role } satisfies JoinRequestPayload),
          reason: `join request from someone the spec lists as ${d.role}`,
          source: d.source,
          phase: PHASE.addMembers,
          effects: [{ budget: seats, kind: "use+", amount: 1 }],
        });
        continue;
      }
      out.changes.push({
        ...base,
        address: addr,
        kind: "member",
        action: "create",
        before: null,
        after: memberPayload(d.email, d.role, "invited"),
        reason: d.fromDefaults ? `listed in defaults.members as ${d.role}; invite` : `listed in the spec as ${d.role}, not in the account; invite`,
        source: d.source,
        phase: PHASE.addMembers,
        effects: [{ budget: seats, kind: "use+", amount: 1 }],
      });
      continue;
    }
    const status = statusOf(s);
    if (status === "expired") {
      out.changes.push({
        ...base,
        address: addr,
        kind: "member",
        action: "replace",
        before: memberPayload(s.email, s.role, status),
        after: memberPayload(s.email, d.role, "invited"),
        reason: `the invitation expired on ${day(s.expiresAt ?? opts.now)}; re-send it${s.role !== d.role ? ` as ${d.role}` : ""}`,
        source: d.source,
        phase: PHASE.addMembers,
      });
    } else if (s.role !== d.role) {
      out.changes.push({
        ...base,
        address: addr,
        kind: "member",
        action: "update",
        before: memberPayload(s.email, s.role, status),
        after: memberPayload(s.email, d.role, status),
        reason: `role is ${s.role} in the account, ${d.role} in the spec${s.status === "invited" ? " (pending invitation)" : ""}`,
        source: d.source,
        phase: PHASE.edit,
      });
    } else if (s.status === "invited" && s.invitedAt && Date.parse(opts.now) - Date.parse(s.invitedAt) > STALE_INVITATION_DAYS * DAY) {
      out.warnings.push({
        severity: "warning",
        code: "invitation-pending",
        message: `${s.email} has not accepted the invitation to "${displayPath(path)}" sent on ${day(s.invitedAt)}; it expires on ${day(s.expiresAt ?? opts.now)}`,
        source: d.source,
        address: addr,
      });
    }
    // A request from someone already in: answering it changes nothing but the queue.
    const r = requestBy.get(d.email);
    if (r) out.changes.push(deny(base, ref, path, r, "already a member; the request is moot", d.source));
  }

  const removals: DraftChange[] = [];
  // When every member in the account was kept, none is left to remove.
  if (dw.memberOwnership === "authoritative" && kept < current.size) {
    for (const s of current.values()) {
      if (wanted.has(s.email) || ignored(s.email)) continue;
      removals.push({
        ...base,
        address: address.member(path, s.email),
        kind: "member",
        action: "delete",
        before: memberPayload(s.email, s.role, statusOf(s)),
        after: null,
        reason:
          s.status === "invited"
            ? `invitation pending for someone the spec does not list; revoke it (members are authoritative)`
            : `in the account as ${s.role}, not in the spec (members are authoritative)`,
        source: dw.fieldSources["members"] ?? dw.source,
        phase: PHASE.removeMembers,
        effects: [{ budget: seats, kind: "use-", amount: 1 }],
      });
    }
  }
  const threshold = removalThreshold(path, current.size, removals.length, opts, dw.fieldSources["members"] ?? dw.source);
  if (threshold) out.diagnostics.push(threshold);
  out.changes.push(...removals);

  const policy = dw.settings.unlistedJoinRequests ?? ws?.settings.unlistedJoinRequests ?? DEFAULT_SETTINGS.unlistedJoinRequests;
  for (const r of requests) {
    const email = r.email.toLowerCase();
    if (wanted.has(email) || ignored(email)) continue;
    if (policy === "deny") {
      out.changes.push(deny(base, ref, path, r, "join request from someone the spec does not list (unlistedJoinRequests: deny)", dw.fieldSources["settings.unlistedJoinRequests"] ?? dw.source));
    } else {
      out.unmanaged.push({
        address: address.joinRequest(path, email),
        reason: "join request from someone the spec does not list; left waiting (add them to approve, or set unlistedJoinRequests: deny)",
      });
    }
  }
}

function deny(
  base: Pick<DraftChange, "rank" | "needs">,
  ref: { workspacePath: string; workspaceId: string | null },
  path: string,
  r: JoinRequestState,
  reason: string,
  source: DraftChange["source"],
): DraftChange {
  const p = json({ ...ref, requestId: r.id, email: r.email, role: null } satisfies JoinRequestPayload);
  return {
    ...base,
    address: address.joinRequest(path, r.email),
    kind: "join_request",
    action: "deny",
    before: p,
    after: p,
    reason,
    source,
    phase: PHASE.release,
    effects: [],
  };
}

function removalThreshold(
  path: string,
  existing: number,
  removing: number,
  opts: MemberDiffOptions,
  source: DraftChange["source"],
): Diagnostic | null {
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
