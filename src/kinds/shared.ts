// What several kinds' modules share: reading a change's payload, finding its workspace in an
// account, refusing an action a kind has not, a workspace as a view, and how the workspace
// kinds compare what the spec gives with what the account holds.

import { isPast } from "../model/expiry.js";
import type { SourceLocation } from "../model/diagnostics.js";
import type { DesiredMember, DesiredWorkspace } from "../model/desired.js";
import { memberIndex } from "../model/member-index.js";
import { sameJson } from "../model/fingerprint.js";
import type { Change, JsonObject, ResourceKind } from "../model/plan.js";
import { payloadOf, type PayloadByKind } from "../model/plan.js";
import { zeroQuota, type AccountState, type JoinRequestState, type MemberState, type Quota, type WorkspaceSettings, type WorkspaceState } from "../model/state.js";
import type { WorkspaceRef } from "../model/plan.gen.js";
import { membersOf, resolveWorkspace } from "../domain/account-index.js";
import { DomainError } from "../domain/errors.js";
import type { ChangeApi, Current } from "../contract/port.js";
import type { View } from "../domain/precondition.js";
import { workspaceFromWire, type WireWorkspace } from "../contract/wire.js";
import type { DiffContext, WorkspaceMatch } from "./context.js";

export const enc = encodeURIComponent;

/** The change's `before` or `after` in its kind's shape; a change without it cannot be carried out. */
export function required<K extends ResourceKind>(kind: K, change: Change, which: "before" | "after"): PayloadByKind[K] {
  const p = change[which];
  if (p === null) throw new DomainError("validation_error", `${change.address}: ${change.action} needs an "${which}" payload`);
  return payloadOf(kind, p);
}

/** `after`, else `before` (a delete), in its kind's shape. */
export function either<K extends ResourceKind>(kind: K, change: Change, which: "before" | "after" = "after"): PayloadByKind[K] {
  const p = change.after ?? change.before;
  if (p === null) throw new DomainError("validation_error", `${change.address}: ${change.action} needs an "${which}" payload`);
  return payloadOf(kind, p);
}

export function unsupported(c: Change): never {
  throw new DomainError("validation_error", `${c.address}: action "${c.action}" is not supported for ${c.kind}`);
}

/** The workspace a payload names, which must exist. */
export function need(state: AccountState, ref: WorkspaceRef, made: ReadonlyMap<string, string>, param = "workspace"): WorkspaceState {
  const w = resolveWorkspace(state, ref, made);
  if (!w) throw new DomainError("not_found", `workspace "${ref.workspacePath || "workspace"}" does not exist`, param);
  return w;
}

/** A workspace as the account holds it, in the shape of the workspace payloads (and its allocation). */
export function workspaceView(w: WorkspaceState): JsonObject {
  return {
    name: w.name,
    billing: w.billing,
    apiAccess: w.apiAccess,
    image: w.image,
    settings: { ...w.settings, joinDomains: [...w.settings.joinDomains] },
    deletionProtection: w.deletionProtection,
    subscription: w.billing === "own" && w.subscription ? { ...w.subscription } : null,
    allocation: w.allocation ? { ...w.allocation } : null,
  };
}

/** GET a workspace over the contract, as a view. */
export function readWorkspace(api: ChangeApi, id: string, toView: (w: WorkspaceState) => View): Promise<Current> {
  return api.read<WireWorkspace>(`/v3/workspaces/${enc(id)}`, (w) => toView(workspaceFromWire(w)));
}

// ---------------------------------------------------------------- comparing workspaces

/** The account's settings with the ones the spec gives over them. */
export function mergeSettings(base: WorkspaceSettings, spec: Partial<WorkspaceSettings>): WorkspaceSettings {
  const out: WorkspaceSettings = { ...base, joinDomains: [...base.joinDomains] };
  for (const [k, v] of Object.entries(spec)) {
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  }
  return out;
}

/** The keys the spec gives over `base` (each key the spec leaves out stays as it is). */
export function quotaOver(q: Partial<Quota> | null | undefined, base: Quota = zeroQuota()): Quota {
  return { ...base, ...(q ?? {}) };
}

/** Paths of fields whose canonical values differ, for reasons and sources. */
export function changedFields(beforeObject: object, afterObject: object): string[] {
  const before = beforeObject as Record<string, unknown>;
  const after = afterObject as Record<string, unknown>;
  const out: string[] = [];
  for (const k of Object.keys(after)) {
    if (k === "workspacePath" || k === "parentPath") continue;
    const b = before[k];
    const a = after[k];
    // Compared as their canonical JSON would be, without building it: most fields of most workspaces are equal.
    if (sameJson(b, a)) continue;
    if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a)) {
      for (const sub of Object.keys(a)) {
        const bs = (b as Record<string, unknown>)[sub];
        const as = (a as Record<string, unknown>)[sub];
        if (!sameJson(bs, as)) out.push(`${k}.${sub}`);
      }
    } else out.push(k);
  }
  return out;
}

/** Where the spec writes the first of `fields`, else the workspace's entry. */
export function sourceOf(dw: DesiredWorkspace, fields: string[]): SourceLocation {
  for (const f of fields) {
    const s = dw.fieldSources[f] ?? dw.fieldSources[f.split(".")[0]!];
    if (s) return s;
  }
  return dw.source;
}

/** "x differs" / "x, y differ" */
export function differ(fields: string[]): string {
  return `${fields.join(", ")} ${fields.length === 1 ? "differs" : "differ"} from the spec`;
}

// ---------------------------------------------------------------- a workspace's people

/** Who the spec wants in a workspace whose members it lists, and who is there. */
export interface Roster {
  /** null: the workspace is not made yet */
  ws: WorkspaceState | null;
  /** The account's members and invitations, by lower-case email. */
  current: ReadonlyMap<string, MemberState>;
  /** The spec's members, but for those its ignore rules leave alone and those whose `expires` has passed. */
  wanted: ReadonlyMap<string, DesiredMember>;
  /** The spec's members whose `expires` has passed (never invited again; removed where present). */
  expired: ReadonlyMap<string, DesiredMember>;
  ignored(email: string): boolean;
  /** Join requests waiting for the workspace, in the account's order. */
  requests: readonly JoinRequestState[];
  /** The same, by lower-case email. */
  requestBy: ReadonlyMap<string, JoinRequestState>;
}

/** `members.ignore` patterns: `*` matches anything, case aside. */
export function emailPattern(pattern: string): RegExp {
  const escaped = pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

const rosters = new WeakMap<DiffContext, Map<string, Roster>>();
const NO_MEMBERS: ReadonlyMap<string, DesiredMember> = new Map();

/** The rosters of the workspaces whose members the spec lists, made once per plan (member and join_request both read them). */
export function rostersOf(ctx: DiffContext): Iterable<[WorkspaceMatch, Roster]> {
  let byPath = rosters.get(ctx);
  if (!byPath) {
    byPath = new Map();
    rosters.set(ctx, byPath);
    const requests = new Map<string, JoinRequestState[]>();
    for (const r of ctx.state.joinRequests) {
      const list = requests.get(r.workspaceId);
      if (list) list.push(r);
      else requests.set(r.workspaceId, [r]);
    }
    for (const match of ctx.matching.byPath.values()) {
      const dw = match.desired;
      if (dw.members === null) continue;
      const ws = match.state;
      const ignore = dw.ignoreMembers.map(emailPattern);
      // Most workspaces ignore no one: then no pattern walk per member.
      const ignored = ignore.length === 0 ? (): boolean => false : (email: string): boolean => ignore.some((re) => re.test(email));
      const index = memberIndex(dw.members);
      let wanted: ReadonlyMap<string, DesiredMember> = index.byEmail;
      let expired: ReadonlyMap<string, DesiredMember> = NO_MEMBERS;
      // Most workspaces ignore no one and list no end dates: then the index is who is wanted.
      if (ignore.length > 0 || index.dated > 0) {
        const keep = new Map<string, DesiredMember>();
        const past = new Map<string, DesiredMember>();
        for (const d of index.byEmail.values()) {
          if (ignored(d.email)) continue;
          (isPast(d.expires, ctx.options.now) ? past : keep).set(d.email, d);
        }
        wanted = keep;
        expired = past;
      }
      const waiting = ws ? (requests.get(ws.id) ?? []) : [];
      byPath.set(dw.path, {
        ws,
        current: ws ? membersOf(ctx.matching.idx, ws.id) : new Map(),
        wanted,
        expired,
        ignored,
        requests: waiting,
        requestBy: new Map(waiting.map((r) => [r.email.toLowerCase(), r])),
      });
    }
  }
  const out: [WorkspaceMatch, Roster][] = [];
  for (const [path, roster] of byPath) out.push([ctx.matching.byPath.get(path)!, roster]);
  return out;
}
