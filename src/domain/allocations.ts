// A parent-billed sub-workspace's allocation: what it may draw from its parent's pools.

import type { AccountState, Quota, WorkspaceState } from "../model/state.js";
import { getWorkspace, indexOf, label } from "./account-index.js";
import { checkedQuota, fail, guarded, parentOf } from "./checks.js";

/** The full allocation of a parent-billed sub-workspace; never below its use, always within the parent's pool. */
export function setAllocation(state: AccountState, id: string, quota: Quota): WorkspaceState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, id);
  if (w.billing !== "parent" || w.parentId === null)
    fail("validation_error", `${label(idx, w)} is billed on its own; only parent-billed sub-workspaces have an allocation`, "allocation");
  const next = checkedQuota(quota, "allocation");
  const parent = parentOf(idx, w)!;
  const saved = w.allocation;
  return guarded(
    idx,
    [w, parent],
    () => {
      w.allocation = next;
      return w;
    },
    () => (w.allocation = saved),
    { child: w, was: { billing: w.billing, allocation: saved } },
  );
}
