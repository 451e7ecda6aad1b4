// What a plan says about expiring access: the list of what ends soon, and the warning of a
// plan filtered to expirations (`--only-expired`).

import type { Diagnostic } from "../model/diagnostics.js";
import type { ExpiringItem, Plan } from "../model/plan.js";

/** The plan's `expiring` field: soonest first; absent when nothing ends within the window. */
export function expiringSection(items: ExpiringItem[], withinDays: number): Pick<Plan, "expiring"> {
  if (items.length === 0) return {};
  const sorted = [...items].sort((a, b) => (a.expires !== b.expires ? (a.expires < b.expires ? -1 : 1) : a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { expiring: { withinDays, items: sorted } };
}

export function onlyExpiredWarning(): Diagnostic {
  return {
    severity: "warning",
    code: "only-expired",
    message: "this plan is filtered to expirations (--only-expired): it holds only removals of access past its `expires` date; other changes the spec asks for are left out",
    hint: "run `hgw plan` without --only-expired to see every change",
  };
}

/** "in 3 days", "tomorrow", "today (the last day)". */
export function daysLeftText(n: number): string {
  return n === 0 ? "today is the last day" : n === 1 ? "tomorrow is the last day" : `${n} days left`;
}
