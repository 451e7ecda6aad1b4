// What the planner's diffing steps produce before ordering: a Change without its place in
// the plan, plus what ordering needs to know — a phase, the resources it must follow, and
// how it moves the account's seat and credit budgets.

import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import type { QuotaKey } from "../model/state.js";
import type { Change, JsonObject } from "./types.js";

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

export function budgetKey(workspaceKey: string, key: QuotaKey): string {
  return `${workspaceKey}#${key}`;
}

/** A budget's starting point and how people should read it in an error. */
export interface BudgetInfo {
  workspaceLabel: string;
  kind: "pool" | "allocation";
  key: QuotaKey;
  limit: number;
  use: number;
}

export interface DiffOutput {
  changes: DraftChange[];
  /** errors: the plan cannot be made */
  diagnostics: Diagnostic[];
  warnings: Diagnostic[];
  unmanaged: { address: string; reason: string }[];
}

export const emptyDiff = (): DiffOutput => ({ changes: [], diagnostics: [], warnings: [], unmanaged: [] });

export function json<T extends object>(value: T): JsonObject {
  return value as unknown as JsonObject;
}

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
