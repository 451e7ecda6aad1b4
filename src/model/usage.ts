// The usage report: per workspace, what it may use of each pool (seats, avatar slots,
// generative and API credits), what it uses and gives out, and where that crosses the
// thresholds. A plain value, computed by plan/usage.ts and read by the renderers; its JSON
// form is what `hgw usage --format json` prints and the `headroom` of `hgw plan --format json`.

import type { Billing, QuotaKey } from "./state.js";

export const USAGE_FORMAT_VERSION = 1;

export const DEFAULT_USAGE_THRESHOLDS = { warningShare: 0.8, alertShare: 1 } as const;

export interface UsageThresholds {
  /** The share of a limit taken at which a warning is flagged. */
  warningShare: number;
  /** The share at which an alert is flagged; at least warningShare. */
  alertShare: number;
}

/** ok, or the highest threshold crossed. */
export type UsageFlag = "ok" | "warning" | "alert";

export interface QuotaUsage {
  /**
   * What the workspace may take: its allocation (parent billing) or its subscription's pool
   * (own billing, the main workspace).
   */
  limit: number;
  /** What the workspace itself uses: members and invitations for seats, the counters otherwise. */
  used: number;
  /** Given to its parent-billed sub-workspaces as allocations (pools only; else 0). */
  givenOut: number;
  /** (used + givenOut) / limit; null when the limit is 0 and nothing is taken. */
  share: number | null;
  /** Parent-billed: this allocation's share of the parent's pool; null otherwise or when that pool is 0. */
  shareOfParent: number | null;
  flag: UsageFlag;
}

export interface WorkspaceUsage {
  /** "" for the main workspace; "client-a/emea" for nested. Named as in the spec when one was given. */
  path: string;
  name: string;
  /** null when the account does not have it yet */
  id: string | null;
  parentPath: string | null;
  depth: number;
  billing: Billing;
  /** false: only the spec has it (its limits are the spec's, its use nothing). */
  inAccount: boolean;
  /** Whether the spec declares it; null when no spec was given. */
  inSpec: boolean | null;
  quotas: Record<QuotaKey, QuotaUsage>;
  /** The highest flag of its quotas. */
  flag: UsageFlag;
}

/** What a plan does to a workspace, as its tree marks it. */
export type WorkspaceMark = "created" | "changed" | "deleted";

/** A workspace of the tree as it will be after a plan, with what the plan does to it. */
export interface PlannedWorkspace {
  path: string;
  parentPath: string | null;
  name: string;
  mark: WorkspaceMark | null;
}

/** What `hgw plan` shows besides its changes: the headroom after them, and the tree. */
export interface PlanUsage {
  /** The workspaces the plan changes and the pools they draw on, after its changes. */
  headroom: UsageReport;
  /** Every workspace after the plan, parents before children, deleted ones included. */
  tree: PlannedWorkspace[];
  /** Changes the estimate could not carry out on a copy of the account (it moved since it was read). */
  skipped: number;
}

export interface UsageReport {
  formatVersion: typeof USAGE_FORMAT_VERSION;
  account: { id: string; name: string };
  thresholds: UsageThresholds;
  /** Parents before children, in the spec's order where there is one. */
  workspaces: WorkspaceUsage[];
}
