// What the usage renderers (text, markdown) share: the words for each quota, numbers and
// percentages, and how a workspace is named and marked.

import { MAIN_PATH, displayPath } from "../../model/address.js";
import type { QuotaKey } from "../../model/state.js";
import type { QuotaUsage, UsageReport, WorkspaceUsage } from "../../model/usage.js";
import { printable } from "./common.js";
import { grouped } from "../../model/number-format.js";

export const QUOTA_LABEL: Record<QuotaKey, string> = {
  seats: "seats",
  avatarSlots: "avatar slots",
  generativeCredits: "generative credits",
  apiCredits: "API credits",
};

export const num = grouped;

/**
 * Rounded down: 99.6% taken shows as 99%, never as the 100% that an alert means, and a
 * share just under a threshold never shows as the threshold itself.
 */
export function percent(share: number | null): string {
  if (share === null) return "—";
  return `${Math.floor(share * 100 + 1e-9)}%`;
}

/** "workspace" for the main workspace, else its path. */
export function workspaceTitle(w: WorkspaceUsage): string {
  return w.parentPath === null ? `${printable(w.name)} (main workspace)` : printable(displayPath(w.path));
}

/** Where a workspace is only in the account or only in the spec. */
export function presenceNote(w: WorkspaceUsage): string | null {
  if (!w.inAccount) return "not in the account yet: the spec's limits, nothing used";
  if (w.inSpec === false) return "not in the spec";
  return null;
}

export function billingNote(w: WorkspaceUsage): string {
  if (w.parentPath === null) return "own billing: the subscription's pools";
  if (w.billing === "own") return "own billing: its own subscription";
  return `parent billing: an allocation from ${parentWords(w.parentPath)}`;
}

/** What the share column says besides the bar: what a pool gives out, or an allocation's part of its parent's pool. */
export function shareNote(w: WorkspaceUsage, q: QuotaUsage): string {
  if (q.givenOut > 0) {
    return `${num(q.used)} used, ${num(q.givenOut)} given to sub-workspaces (${percent(q.limit > 0 ? q.givenOut / q.limit : null)} of the pool)`;
  }
  if (q.shareOfParent !== null && w.parentPath !== null && q.limit > 0) {
    return `${percent(q.shareOfParent)} of ${parentWords(w.parentPath)}'s pool`;
  }
  return "";
}

const parentWords = (path: string): string => (path === MAIN_PATH ? "the main workspace" : printable(path));

export function thresholdsLine(r: UsageReport): string {
  return `flags at ${percent(r.thresholds.warningShare)} (warning) and ${percent(r.thresholds.alertShare)} (alert) of a limit`;
}

export function flagCounts(r: UsageReport): { warning: number; alert: number } {
  let warning = 0;
  let alert = 0;
  for (const w of r.workspaces) {
    if (w.flag === "alert") alert += 1;
    else if (w.flag === "warning") warning += 1;
  }
  return { warning, alert };
}

export function flagSummary(r: UsageReport): string {
  const { warning, alert } = flagCounts(r);
  const n = r.workspaces.length;
  const parts = [`${num(n)} workspace${n === 1 ? "" : "s"}`];
  parts.push(alert === 0 && warning === 0 ? "none flagged" : `${num(alert)} with an alert, ${num(warning)} with a warning`);
  return parts.join(": ");
}
