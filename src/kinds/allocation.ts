// kind `allocation`: what a parent-billed sub-workspace may draw from its parent's pools
// (seats, avatar slots, generative and API credits). Always the whole quota; made at zero with
// the sub-workspace and raised by a create right after it.

import { address } from "../model/address.js";
import { payloadOf, toJson, type Change } from "../model/plan.js";
import type { AllocationPayload, WorkspaceRef } from "../model/plan.gen.js";
import { QUOTA_KEYS, zeroQuota, type Quota, type WorkspaceState } from "../model/state.js";
import { resolveWorkspace } from "../domain/account-index.js";
import { useOf } from "../domain/accounting.js";
import { setAllocation } from "../domain/allocations.js";
import { quotaToWire } from "../contract/wire.js";
import { PHASE, budgetKey, draft, type DiffOutput, type Effect, type WorkspaceMatch } from "./context.js";
import type { KindHandler } from "./handler.js";
import { enc, need, quotaOver, readWorkspace, required, sourceOf, unsupported } from "./shared.js";
import { grouped } from "../model/number-format.js";

/** An allocation as the account holds it, in the payload's shape (without its workspace). */
export const allocationView = (w: WorkspaceState) => ({ ...(w.allocation ?? zeroQuota()) });

const n = grouped;

const refOf = (change: Change) => payloadOf("allocation", change.before ?? change.after);

/**
 * The allocation the spec gives a parent-billed sub-workspace over `base` (what it has, zero
 * when new, its use when it switches to parent billing), with how it moves the parent's pool.
 */
function plan(match: WorkspaceMatch, parent: WorkspaceMatch, base: Quota, needs: string[], out: DiffOutput, exists = false): void {
  const dw = match.desired;
  const after: Quota = quotaOver(dw.allocation, base);
  const effects: Effect[] = [];
  let grows = false;
  let shrinks = false;
  for (const k of QUOTA_KEYS) {
    const d = after[k] - base[k];
    if (d === 0) continue;
    if (d > 0) grows = true;
    else shrinks = true;
    const at = dw.fieldSources[`allocation.${k}`];
    const source = at ? { source: at } : {};
    effects.push({ budget: budgetKey(parent.key, k), kind: d > 0 ? "use+" : "use-", amount: Math.abs(d), ...source });
    effects.push({ budget: budgetKey(match.key, k), kind: d > 0 ? "limit+" : "limit-", amount: Math.abs(d), ...source });
  }
  if (effects.length === 0) return;
  const ref = { workspacePath: dw.path, workspaceId: match.state?.id ?? null };
  const changed = QUOTA_KEYS.filter((k) => after[k] !== base[k]);
  const creating = !match.state;
  out.changes.push(
    draft("allocation", {
      address: address.allocation(dw.path),
      action: creating ? "create" : "update",
      before: creating ? null : toJson(allocationPayload(ref, base)),
      after: toJson(allocationPayload(ref, after)),
      reason: creating
        ? "allocation of the new sub-workspace"
        : changed.map((k) => `${k} ${n(base[k])} → ${n(after[k])}`).join(", ") + (exists ? "" : " (allocation set for parent billing)"),
      source: sourceOf(dw, changed.map((k) => `allocation.${k}`).concat("allocation")),
      // Pure decreases free room early; anything that grows waits for the room to be made.
      phase: grows ? PHASE.grow : PHASE.shrink,
      // Mixed changes first among the growing ones: they also free room others may need.
      rank: shrinks && grows ? -1_000_000 + match.rank : match.rank,
      effects,
      needs,
    }),
  );
}

/** An allocation change's payload: also what the Pulumi Allocation resource sends. */
export function allocationPayload(ref: WorkspaceRef, quota: Quota): AllocationPayload {
  return { ...ref, ...quota };
}

export const allocationKind: KindHandler<"allocation"> = {
  kind: "allocation",
  order: 2,
  checked: true,
  // A new sub-workspace's allocation starts at zero.
  createdFrom: () => ({ ...zeroQuota() }),

  diff(ctx, out) {
    const m = ctx.matching;
    for (const match of m.byPath.values()) {
      const dw = match.desired;
      if (dw.parentPath === null || dw.billing !== "parent" || ctx.blocked.has(dw.path)) continue;
      const parent = m.byPath.get(dw.parentPath)!;
      const w = match.state;
      const sub = address.subworkspace(dw.path);
      // A new one's starts at zero, after the sub-workspace is made; one switching to parent
      // billing starts at its use, pinned by the switch.
      if (!w) plan(match, parent, zeroQuota(), [sub], out);
      else if (w.billing !== dw.billing) plan(match, parent, useOf(m.idx, w), [sub], out);
      else plan(match, parent, quotaOver(w.allocation), [], out, w.allocation !== null);
    }
  },

  addresses: (ctx) => [...ctx.workspacePaths].filter((p) => p !== "").map(address.allocation),

  view(state, change, ctx) {
    const ref = refOf(change);
    const w = ref ? resolveWorkspace(state, ref, ctx.workspaceIds) : undefined;
    return w ? { view: allocationView(w), workspaceId: w.id } : { view: null };
  },

  sandbox(state, change, ctx) {
    if (change.action !== "create" && change.action !== "update") return unsupported(change);
    const a = required("allocation", change, "after");
    const w = need(state, a, ctx.workspaceIds);
    setAllocation(state, w.id, { seats: a.seats, avatarSlots: a.avatarSlots, generativeCredits: a.generativeCredits, apiCredits: a.apiCredits });
    return {};
  },

  async http(api) {
    const a = required("allocation", api.change, "after");
    const id = await api.workspaceId(a);
    await api.guarded(
      () => readWorkspace(api, id, allocationView),
      (ifMatch) => api.request("PUT", `/v3/workspaces/${enc(id)}/allocation`, { body: quotaToWire(a), ifMatch }),
    );
    return {};
  },
};
