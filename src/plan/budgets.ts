// Where each seat and credit budget starts, so that ordering can count how much room a
// change needs and which earlier changes make it.

import { QUOTA_KEYS, type QuotaKey, type WorkspaceState } from "../model/state.js";
import { displayPath } from "../model/address.js";
import { allocatedToChildren, isBillingRoot, ownUse } from "../domain/accounting.js";
import type { Matching } from "../kinds/context.js";

/** A budget's starting point and how people should read it in an error. */
export interface BudgetInfo {
  workspaceLabel: string;
  kind: "pool" | "allocation";
  key: QuotaKey;
  limit: number;
  use: number;
}

export function describeBudgets(matching: Matching): (budget: string) => BudgetInfo {
  const { idx } = matching;
  const cache = new Map<string, BudgetInfo>();
  return (budget) => {
    const hit = cache.get(budget);
    if (hit) return hit;
    const [wsKey, k] = budget.split("#") as [string, QuotaKey];
    const key = QUOTA_KEYS.includes(k) ? k : "seats";
    let info: BudgetInfo;
    const w: WorkspaceState | undefined = idx.ws.get(wsKey);
    if (w) {
      const root = isBillingRoot(w);
      const match = matching.byStateId.get(w.id);
      const finalRoot = match ? match.desired.parentPath === null || match.desired.billing === "own" : root;
      info = {
        workspaceLabel: labelFor(match?.desired.path ?? null, w),
        kind: finalRoot ? "pool" : "allocation",
        key,
        limit: (root ? w.subscription?.[key] : w.allocation?.[key]) ?? 0,
        use: ownUse(idx, w, key) + (root ? allocatedToChildren(idx, w, key) : 0),
      };
    } else {
      const path = wsKey.replace(/^new:/, "");
      const d = matching.byPath.get(path)?.desired;
      info = {
        workspaceLabel: `"${displayPath(path)}"`,
        kind: d?.billing === "own" ? "pool" : "allocation",
        key,
        limit: 0,
        use: 0,
      };
    }
    cache.set(budget, info);
    return info;
  };
}

function labelFor(path: string | null, w: WorkspaceState): string {
  if (w.parentId === null) return `workspace "${w.name}"`;
  return `"${path ?? w.name}"`;
}
