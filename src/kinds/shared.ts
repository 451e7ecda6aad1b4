// What several kinds' modules share: reading a change's payload, finding its workspace in an
// account, refusing an action a kind has not, and a workspace as a view.

import type { Change, JsonObject, ResourceKind } from "../model/plan.js";
import { payloadOf, type PayloadByKind } from "../model/plan.js";
import type { AccountState, WorkspaceState } from "../model/state.js";
import type { WorkspaceRef } from "../model/plan.gen.js";
import { resolveWorkspace } from "../domain/account-index.js";
import { DomainError } from "../domain/errors.js";
import type { ChangeApi, Current } from "../contract/port.js";
import type { View } from "../domain/precondition.js";
import { workspaceFromWire, type WireWorkspace } from "../contract/wire.js";

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
