// Counting a plan's changes by action. The planner fills `Plan.summary` with it; the
// renderers recount from the changes so that what they print always adds up.

import type { Action, Change, PlanSummary } from "./types.js";

/** The order actions are counted and reported in; `noop` is never counted. */
export const COUNTED_ACTIONS = ["create", "update", "delete", "replace", "approve", "deny"] as const satisfies readonly Action[];

export function summarize(changes: readonly Change[]): PlanSummary {
  const s: PlanSummary = { create: 0, update: 0, delete: 0, replace: 0, approve: 0, deny: 0 };
  for (const c of changes) if (c.action !== "noop") s[c.action] += 1;
  return s;
}

export function totalChanges(summary: PlanSummary): number {
  return COUNTED_ACTIONS.reduce((n, a) => n + summary[a], 0);
}

/** "3 to create, 1 to update": only the actions that occur, "" when none do. */
export function summaryPhrase(summary: PlanSummary): string {
  return COUNTED_ACTIONS.filter((a) => summary[a] > 0)
    .map((a) => `${summary[a]} to ${a}`)
    .join(", ");
}
