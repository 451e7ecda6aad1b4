// kind `allocation`: what a parent-billed sub-workspace may draw from its parent's pools
// (seats, avatar slots, generative and API credits). Always the whole quota; made at zero with
// the sub-workspace and raised by a create right after it.

import { payloadOf, type Change } from "../model/plan.js";
import { zeroQuota, type WorkspaceState } from "../model/state.js";
import { resolveWorkspace } from "../domain/account-index.js";
import { setAllocation } from "../domain/allocations.js";
import { quotaToWire } from "../contract/wire.js";
import type { KindHandler } from "./handler.js";
import { enc, need, readWorkspace, required, unsupported } from "./shared.js";

/** An allocation as the account holds it, in the payload's shape (without its workspace). */
export const allocationView = (w: WorkspaceState) => ({ ...(w.allocation ?? zeroQuota()) });

const refOf = (change: Change) => payloadOf("allocation", change.before ?? change.after);

export const allocationKind: KindHandler<"allocation"> = {
  kind: "allocation",
  checked: true,
  // A new sub-workspace's allocation starts at zero.
  createdFrom: () => ({ ...zeroQuota() }),

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
