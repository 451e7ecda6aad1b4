// A write is conditional on the `before` it was planned from: between plan and apply someone
// may have changed the very resource a change is about, and carrying the change out would
// silently overwrite them. Each provider looks at the resource as it is at the moment of the
// write (the sandbox in the same locked step, the HTTP provider with a GET whose ETag it then
// sends as If-Match) and asks `precondition` what to do:
//   - the resource is as `before` says: write;
//   - it is already as `after` says (an earlier run of the same plan got here first, or someone
//     made the same change): nothing to write, the change is done;
//   - anything else: refuse, naming the fields that differ.
// Only what the change planned from counts: usage counters, ids and paths (identity is
// resolved by the provider) and secrets are never compared.

import type { Change, JsonObject, JsonValue } from "../plan/types.js";
import type { AccountState, ApiKeyState, ContentState, MemberState, WorkspaceState } from "../model/state.js";
import type { ExecuteContext } from "../model/provider.js";
import { canonicalJson } from "../model/fingerprint.js";
import type { WorkspaceRef } from "../model/plan.gen.js";
import { indexOf, mainWorkspace, membersOf } from "./account-index.js";
import { zeroQuota } from "../model/state.js";
import { resolveWorkspace } from "./apply-change.js";
import { isExpired } from "./members.js";

/** The resource as the account holds it, in the shape of a change's payloads; null: it does not exist. */
export type View = JsonObject | null;

export type Verdict =
  | { kind: "write" }
  | { kind: "done" }
  | { kind: "conflict"; fields: string[]; message: string };

/** Ids and paths are how a provider finds the resource, not state of it; secrets are never compared. */
const IDENTITY = new Set([
  "workspacePath",
  "workspaceId",
  "parentPath",
  "parentId",
  "fromPath",
  "toPath",
  "fromWorkspaceId",
  "toWorkspaceId",
  "requestId",
  "type",
  "id",
  "assetType",
  "assetId",
  "email",
  "password",
]);

/** Kinds whose payloads are identity only: their providers already treat 404/409 as done. */
export function isChecked(change: Change): boolean {
  return change.action !== "noop" && change.kind !== "join_request" && change.kind !== "asset_share";
}

// --- views of account records, shared by the sandbox (state) and the HTTP provider (GET)

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
  } as unknown as JsonObject;
}

export function allocationView(w: WorkspaceState): JsonObject {
  return { ...(w.allocation ?? zeroQuota()) } as unknown as JsonObject;
}

export function apiKeyView(k: ApiKeyState | undefined): View {
  return k ? { keyId: k.keyId, last4: k.last4 } : null;
}

export function memberView(m: MemberState | undefined, now: string): View {
  return m ? { email: m.email, role: m.role, status: isExpired(m, now) ? "expired" : m.status } : null;
}

export function contentView(c: ContentState | undefined): View {
  if (!c) return null;
  return {
    generalAccess: c.generalAccess,
    users: c.users.map((u) => ({ email: u.email, access: u.access })),
    sharePage: { passwordSet: c.sharePage.passwordSet, publicPublishing: c.sharePage.publicPublishing, captions: c.sharePage.captions },
  };
}

/** The workspace a payload names: by id, by an id created earlier in this apply, else by path. */
function refOf(p: JsonObject | null): WorkspaceRef | null {
  if (!p || typeof p.workspacePath !== "string") return null;
  return { workspacePath: p.workspacePath, workspaceId: typeof p.workspaceId === "string" ? p.workspaceId : null };
}

/**
 * The resource `change` is about, as `state` holds it now. `workspaceId`: the workspace it
 * found (a create that is already done hands it on to later changes).
 */
export function viewIn(
  state: AccountState,
  change: Change,
  ctx: Pick<ExecuteContext, "workspaceIds"> & { now: string },
): { view: View; workspaceId?: string } {
  const ref = refOf(change.before) ?? refOf(change.after);
  const ws = (): WorkspaceState | undefined => (ref ? resolveWorkspace(state, ref, ctx) : undefined);
  switch (change.kind) {
    case "workspace": {
      const main = mainWorkspace(indexOf(state));
      return { view: { name: main.name, settings: workspaceView(main).settings! }, workspaceId: main.id };
    }
    case "subworkspace": {
      // A create finds one only at its path: made since the plan, or by an earlier run.
      const w = ws();
      return w ? { view: workspaceView(w), workspaceId: w.id } : { view: null };
    }
    case "allocation": {
      const w = ws();
      return w ? { view: allocationView(w), workspaceId: w.id } : { view: null };
    }
    case "apikey": {
      const w = ws();
      return { view: w ? apiKeyView(state.apiKeys.find((k) => k.workspaceId === w.id)) : null };
    }
    case "member": {
      const w = ws();
      const email = String((change.after ?? change.before)?.email ?? "").toLowerCase();
      return { view: w ? memberView(membersOf(indexOf(state), w.id).get(email), ctx.now) : null };
    }
    case "content_share": {
      const p = (change.after ?? change.before)!;
      return { view: contentView(state.content.find((c) => c.type === p.type && c.id === p.id)) };
    }
    case "join_request": {
      // Pending while the request waits; once answered, the member it made (if any).
      const p = (change.after ?? change.before)!;
      if (state.joinRequests.some((r) => r.id === p.requestId)) return { view: { pending: true, role: null } };
      const w = ws();
      const m = w ? membersOf(indexOf(state), w.id).get(String(p.email).toLowerCase()) : undefined;
      return { view: m ? { pending: false, role: m.role } : null };
    }
    case "asset_share": {
      const p = (change.after ?? change.before)!;
      const to = resolveWorkspace(state, { workspacePath: String(p.toPath), workspaceId: typeof p.toWorkspaceId === "string" ? p.toWorkspaceId : null }, ctx);
      const shared = !!to && state.assetShares.some((s) => s.assetType === p.assetType && s.assetId === p.assetId && s.toWorkspaceId === to.id);
      return { view: shared ? { shared: true } : null };
    }
  }
}

const show = (v: JsonValue | undefined): string => (v === undefined ? "(none)" : canonicalJson(v));

/** Fields of `expected` (leaves, dotted) whose value `view` does not have. */
function differing(expected: JsonObject, view: JsonObject, accepts?: (path: string, want: JsonValue, have: JsonValue | undefined) => boolean): string[] {
  const out: string[] = [];
  const walk = (e: JsonObject, v: JsonObject | undefined, prefix: string): void => {
    for (const [k, want] of Object.entries(e)) {
      if (IDENTITY.has(k)) continue;
      const path = prefix ? `${prefix}.${k}` : k;
      const have = v?.[k];
      if (want !== null && typeof want === "object" && !Array.isArray(want) && have !== null && typeof have === "object" && !Array.isArray(have)) {
        walk(want, have, path);
        continue;
      }
      if (accepts?.(path, want, have)) continue;
      if (canonicalJson(normalizeList(k, want)) !== canonicalJson(normalizeList(k, have))) out.push(path);
    }
  };
  walk(expected, view, "");
  return out;
}

/** Lists whose order means nothing are compared sorted. */
function normalizeList(key: string, v: JsonValue | undefined): JsonValue | undefined {
  if (!Array.isArray(v)) return v;
  if (key === "users") {
    return [...v].sort((a, b) => {
      const x = String((a as JsonObject | null)?.email ?? "");
      const y = String((b as JsonObject | null)?.email ?? "");
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }
  if (key === "joinDomains") return [...v].map(String).sort();
  return v;
}

/** What `before` means for a change that has none but still meets an existing record. */
function expectedBefore(change: Change): JsonObject | null {
  if (change.before) return change.before;
  // A new sub-workspace's allocation starts at zero.
  if (change.kind === "allocation") return { ...zeroQuota() } as unknown as JsonObject;
  return null;
}

/** True when the account already holds what the change would make. */
export function isDone(change: Change, view: View): boolean {
  if (change.kind === "join_request") {
    const answered = view === null || view.pending !== true;
    return change.action === "deny" ? answered : answered && view?.role === change.after?.role;
  }
  if (change.after === null) return view === null;
  if (view === null) return false;
  // Any key satisfies "the workspace has a key"; its id is known only after apply.
  if (change.kind === "apikey") return true;
  // A pending invitation becomes an active member without anyone asking hgw.
  const accepts = (path: string, want: JsonValue, have: JsonValue | undefined): boolean =>
    change.kind === "member" && path === "status" && want === "invited" && have === "active";
  // `passwordSet` says whether one is set; which one the account cannot tell anyone.
  return differing(change.after, view, accepts).length === 0;
}

export function precondition(change: Change, view: View): Verdict {
  if (!isChecked(change)) return { kind: "write" };
  // Only a create plans from nothing; any other change without a `before` (written by hand,
  // not by the planner) says nothing to check.
  if (change.before === null && change.action !== "create") return { kind: "write" };
  const before = expectedBefore(change);
  if (before === null) {
    // A create: nothing there yet, or the same thing made already (converge), never another.
    if (view === null) return { kind: "write" };
    if (isDone(change, view)) return { kind: "done" };
    const fields = differing(change.after ?? {}, view);
    return conflict(change, fields, view, "it exists already, made since the plan");
  }
  if (view === null) {
    if (change.after === null) return { kind: "done" };
    return { kind: "conflict", fields: [], message: `${change.address} no longer exists; it was removed since the plan was made; nothing was written` };
  }
  // An API key known only as "some key" (no id) is any key.
  const anyKey = (path: string, want: JsonValue): boolean => change.kind === "apikey" && want === null;
  const fields = differing(before, view, anyKey);
  if (fields.length === 0) return { kind: "write" };
  if (isDone(change, view)) return { kind: "done" };
  return conflict(change, fields, view, "it changed since the plan was made");
}

function conflict(change: Change, fields: string[], view: JsonObject, why: string): Verdict {
  const expected = expectedBefore(change) ?? change.after ?? {};
  const at = (o: JsonObject, path: string): JsonValue | undefined =>
    path.split(".").reduce<JsonValue | undefined>((v, k) => (v !== null && typeof v === "object" && !Array.isArray(v) ? v[k] : undefined), o);
  const shown = fields.slice(0, 5).map((f) => `${f} is ${show(at(view, f))} in the account, the plan expected ${show(at(expected, f))}`);
  const more = fields.length > shown.length ? ` and ${fields.length - shown.length} more` : "";
  return {
    kind: "conflict",
    fields,
    message: `${change.address}: ${why}: ${shown.join("; ")}${more}; nothing was written`,
  };
}

/** A write refused because its resource is not as the plan saw it. Never retried. */
export class PreconditionFailed extends Error {
  readonly code = "precondition_failed";
  constructor(
    message: string,
    readonly address: string,
  ) {
    super(message);
    this.name = "PreconditionFailed";
  }
}

/** The verdict, or the error that refuses the write. */
export function enforce(change: Change, view: View): "write" | "done" {
  const v = precondition(change, view);
  if (v.kind === "conflict") throw new PreconditionFailed(`${v.message}. Run \`hgw plan\` again and review the new plan.`, change.address);
  return v.kind;
}
