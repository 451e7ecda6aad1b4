// What a kind's diff works with and hands back. The planner (src/plan/) matches the spec's
// workspaces to the account's (plan/match.ts), asks each kind in turn for its changes, then
// orders them (plan/order.ts). A change before ordering carries what ordering needs: a
// phase, the resources it must follow, and how it moves the account's seat and credit budgets.

import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import type { DesiredAccount, DesiredWorkspace } from "../model/desired.js";
import type { Change, ExpiringItem, ResourceKind } from "../model/plan.js";
import type { AccountState, QuotaKey, WorkspaceState } from "../model/state.js";
import type { AccountIndex } from "../domain/account-index.js";

/**
 * The coarse order a reader expects and that keeps budgets feasible: what frees room first
 * (denials, revocations, removals, deletions, decreases), then edits, then what takes room.
 */
export const PHASE = {
  release: 0,
  removeMembers: 1,
  deleteWorkspaces: 2,
  shrink: 3,
  edit: 4,
  grow: 5,
  addMembers: 6,
  share: 7,
} as const;

/**
 * A budget is one quota key of one workspace: a billing root's pool (its own use plus what it
 * allocated to children, within its subscription) or a parent-billed workspace's allocation
 * (its own use, within the allocation). `use` moves the left side, `limit` the right.
 */
export interface Effect {
  budget: string;
  kind: "use+" | "use-" | "limit+" | "limit-";
  amount: number;
  /** The spec line that asks for this one effect, when it is more precise than the change's. */
  source?: SourceLocation;
}

export interface DraftChange extends Omit<Change, "seq" | "dependsOn"> {
  phase: number;
  /** Tie-breaker inside a phase: the workspace's position in the tree walk. */
  rank: number;
  effects: Effect[];
  /** Addresses that must be done first for reasons other than budgets (a parent exists). */
  needs: string[];
}

/** A draft with no effects and no needs unless given. */
export function draft(
  kind: ResourceKind,
  fields: Omit<DraftChange, "kind" | "effects" | "needs"> & Partial<Pick<DraftChange, "effects" | "needs">>,
): DraftChange {
  return { kind, effects: [], needs: [], ...fields };
}

/** `workspaceKey`: a workspace's id, or `new:<path>` before it exists (WorkspaceMatch.key). */
export function budgetKey(workspaceKey: string, key: QuotaKey): string {
  return `${workspaceKey}#${key}`;
}

export interface DiffOutput {
  changes: DraftChange[];
  /** errors: the plan cannot be made */
  diagnostics: Diagnostic[];
  warnings: Diagnostic[];
  unmanaged: { address: string; reason: string }[];
  /** Access the spec gives until a date within the notice window (policies.expiryNoticeDays). */
  expiring: ExpiringItem[];
}

export const emptyDiff = (): DiffOutput => ({ changes: [], diagnostics: [], warnings: [], unmanaged: [], expiring: [] });

export function errorAt(
  code: string,
  message: string,
  source: SourceLocation | null | undefined,
  extra: { hint?: string; address?: string } = {},
): Diagnostic {
  return {
    severity: "error",
    code,
    message,
    ...(source ? { source } : {}),
    ...(extra.hint ? { hint: extra.hint } : {}),
    ...(extra.address ? { address: extra.address } : {}),
  };
}

export interface WorkspaceMatch {
  desired: DesiredWorkspace;
  /** null: the spec asks for a workspace the account does not have yet */
  state: WorkspaceState | null;
  /** Names the workspace in budgets: its id, or `new:<path>` before it exists. */
  key: string;
  /** Position in the spec's tree walk (parents before children). */
  rank: number;
  /** Where the account has it now; differs from desired.path after a rename. */
  statePath: string | null;
}

/** Which workspace in the account each spec entry means (plan/match.ts). */
export interface Matching {
  idx: AccountIndex;
  byPath: Map<string, WorkspaceMatch>;
  byStateId: Map<string, WorkspaceMatch>;
  /** Sub-workspaces the account has and the spec does not, parents before children. */
  unmatched: WorkspaceState[];
  diagnostics: Diagnostic[];
  warnings: Diagnostic[];
}

export interface DiffOptions {
  /** ISO time */
  now: string;
  allowDelete: boolean;
  /** The share of a workspace's members one plan may remove (flag, else policy, else default). */
  maxRemovalShare: number;
  /** true when --max-removal-share was given, for the hint */
  removalShareFromFlag: boolean;
  /** Share pages (`type:id`) whose password was compared with the spec's secret (PlanOptions). */
  passwordChecks: ReadonlyMap<string, boolean>;
  /** Sub-workspace paths whose API key is rotated whatever its age (`--rotate-key`). */
  rotateKeys: ReadonlySet<string>;
  /** `--only-expired`: kinds plan only what takes away access past its `expires` date. */
  onlyExpired: boolean;
}

export interface DiffContext {
  desired: DesiredAccount;
  state: AccountState;
  matching: Matching;
  options: DiffOptions;
  /**
   * Sub-workspaces (by path) whose own change cannot be planned (an error says why): kinds
   * asked later leave their allocation and key alone. Filled by the subworkspace kind.
   */
  blocked: Set<string>;
}

/** What a kind names for `--target`: everything in the spec and the account it could change. */
export interface AddressContext {
  desired: DesiredAccount;
  state: AccountState;
  /** An account workspace's path as the plan names it (the spec's, after a rename). */
  pathOf(workspaceId: string): string | undefined;
  /** Every workspace path in the spec or the account, as the plan names them. */
  workspacePaths: ReadonlySet<string>;
}
