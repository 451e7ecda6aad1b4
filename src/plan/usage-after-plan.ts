// What a plan changes, per workspace, and the account as it would be once the plan is
// applied, so the headroom `hgw plan` shows is the headroom after its changes (an
// allocation raised shows the room it takes from the parent's pool).

import type { Change, Plan } from "../model/plan.js";
import type { AccountState, WorkspaceState } from "../model/state.js";
import type { PlannedWorkspace, PlanUsage, UsageThresholds, WorkspaceMark } from "../model/usage.js";
import { handlerOf } from "../kinds/index.js";
import { findByPath, indexOf, withMembersOf } from "../domain/account-index.js";
import { parentPathOf } from "../model/address.js";
import { usageReportAndTree } from "./usage.js";

/**
 * The plan's usage: the account after it, reported for the workspaces it changes and the
 * pools they draw on, and the whole tree with what the plan does to each workspace.
 */
export function planUsage(state: AccountState, plan: Plan, thresholds: UsageThresholds): PlanUsage {
  const marks = planMarks(plan);
  // Headroom is about seats, slots and credits: a plan that only shares items or rotates keys
  // changes none, and leaves the account as it is for the tree.
  const moving = planMarks({ changes: plan.changes.filter((c) => CAPACITY_KINDS.has(c.kind)) });
  const after = moving.size > 0 ? stateAfter(state, plan) : { state, skipped: 0 };
  // The usage of the workspaces shown only: the others are in the tree by name, and the copy
  // holds none of their members.
  const { report: headroom, tree: all } = usageReportAndTree(after.state, { thresholds, only: headroomPaths(moving) });
  const tree: PlannedWorkspace[] = all.map((w) => ({
    path: w.path,
    parentPath: w.parentPath,
    name: w.name,
    mark: marks.get(w.path) ?? null,
  }));
  // Deleted ones are gone from the account after the plan: drawn where they were, parents first.
  const deleted = plan.changes
    .filter((c) => c.kind === "subworkspace" && c.action === "delete" && c.before)
    .map((c) => c.before as { workspacePath?: unknown; name?: unknown })
    .filter((b): b is { workspacePath: string; name: string } => typeof b.workspacePath === "string" && typeof b.name === "string")
    .sort((a, b) => a.workspacePath.split("/").length - b.workspacePath.split("/").length);
  for (const d of deleted) tree.push({ path: d.workspacePath, parentPath: parentPathOf(d.workspacePath), name: d.name, mark: "deleted" });
  return { headroom, tree, skipped: after.skipped };
}

/** The workspace a change is about (its path): the payloads name it; an asset share, its receiver. */
function workspaceOf(c: Change): string | null {
  const p = (c.after ?? c.before) as { workspacePath?: unknown; toPath?: unknown } | null;
  if (c.kind === "asset_share") return typeof p?.toPath === "string" ? p.toPath : null;
  return typeof p?.workspacePath === "string" ? p.workspacePath : null;
}

/** Each workspace the plan touches: created or deleted (a sub-workspace itself), else changed. */
export function planMarks(plan: Pick<Plan, "changes">): Map<string, WorkspaceMark> {
  const marks = new Map<string, WorkspaceMark>();
  for (const c of plan.changes) {
    if (c.action === "noop") continue;
    const path = workspaceOf(c);
    if (path === null) continue;
    if (c.kind === "subworkspace" && c.action === "create") marks.set(path, "created");
    else if (c.kind === "subworkspace" && c.action === "delete") marks.set(path, "deleted");
    else if (!marks.has(path)) marks.set(path, "changed");
  }
  return marks;
}

/**
 * The workspaces whose headroom a plan changes: those it creates or changes, and the parent
 * of each (whose pool an allocation draws on, or a deleted one gives back). Paths as the
 * account will have them once the plan is applied.
 */
export function headroomPaths(marks: ReadonlyMap<string, WorkspaceMark>): Set<string> {
  const out = new Set<string>();
  for (const [path, mark] of marks) {
    if (mark !== "deleted") out.add(path);
    const parent = parentPathOf(path);
    if (parent !== null && marks.get(parent) !== "deleted") out.add(parent);
  }
  return out;
}

/** The kinds whose changes move seats, avatar slots or credits; shares and keys do not. */
export const CAPACITY_KINDS: ReadonlySet<Change["kind"]> = new Set(["workspace", "subworkspace", "allocation", "member", "join_request"]);

/**
 * The account after the plan: each change carried out in order on a copy by its kind's
 * in-memory executor, the one the sandbox applies with (an account read over HTTP has the
 * same shape). Nothing random survives: ids are made up and keys are placeholders. A change
 * the copy refuses (an account that moved since it was read) is left out, and counted.
 *
 * The copy holds the members of the workspaces the changes name and of their parents only:
 * those are the only seats a change's checks count (a workspace's own members, against its
 * allocation or its pool) and the only ones the headroom reports. The members the changes
 * name go last: the copy's order means nothing, and a removal searches from the end, so
 * each one costs the tail and not a scan of 100,000 members. Its checks keep each pool's
 * allocated sum from one change to the next, so an allocation under a parent of 1,000
 * sub-workspaces does not sum them all again.
 */
export function stateAfter(state: AccountState, plan: Plan): { state: AccountState; skipped: number } {
  const moving = plan.changes.filter((c) => c.action !== "noop" && CAPACITY_KINDS.has(c.kind));
  const keep = workspacesNamed(state, moving);
  const named = membersNamed(moving);
  // Only a member a change names is changed by it (its role, its invitation); the others
  // are only counted and removed from the array, so they are shared, not copied.
  const copy = withMembersOf(state, structuredClone({ ...state, members: [] }), keep, named);
  const workspaceIds = new Map<string, string>();
  let n = 0;
  let skipped = 0;
  const ctx = {
    now: plan.createdAt,
    workspaceIds,
    resolveSecret: () => "\u0000usage",
    newId: (prefix: string) => `${prefix}_after_plan_${++n}`,
    newApiKey: () => ({ value: "", keyId: `key_after_plan_${++n}`, last4: "0000", hash: "" }),
    digestPassword: () => "",
  };
  for (const c of moving) {
    try {
      const result = handlerOf(c.kind).sandbox(copy, c, ctx);
      const path = (c.after as { workspacePath?: unknown } | null)?.workspacePath;
      if (result.workspaceId && typeof path === "string") workspaceIds.set(path, result.workspaceId);
    } catch {
      skipped += 1;
    }
  }
  return { state: copy, skipped };
}

/** The emails the member changes name (a join request's included), as the account stores them. */
function membersNamed(changes: readonly Change[]): Set<string> {
  const out = new Set<string>();
  const named = (p: { email?: unknown } | null): void => {
    if (typeof p?.email === "string") out.add(p.email.trim().toLowerCase());
  };
  for (const c of changes) {
    named(c.before as { email?: unknown } | null);
    named(c.after as { email?: unknown } | null);
  }
  return out;
}

/**
 * The ids of the workspaces in `state` that the changes name, by id or by path (before or
 * after the change, so a renamed one is found by its old path), with their parents, and the
 * parent of a workspace not created yet.
 */
function workspacesNamed(state: AccountState, changes: readonly Change[]): Set<string> {
  const idx = indexOf(state);
  const ids = new Set<string>();
  const add = (w: WorkspaceState | undefined): void => {
    if (!w) return;
    ids.add(w.id);
    if (w.parentId !== null) ids.add(w.parentId);
  };
  // A workspace's changes (a hundred members) name the same path: looked up once.
  const seen = new Set<string>();
  const named = (p: { workspacePath?: unknown; workspaceId?: unknown } | null): void => {
    if (!p) return;
    if (typeof p.workspaceId === "string") add(idx.ws.get(p.workspaceId));
    if (typeof p.workspacePath !== "string" || seen.has(p.workspacePath)) return;
    seen.add(p.workspacePath);
    const w = findByPath(idx, p.workspacePath);
    if (w) add(w);
    else {
      // Not made yet: its parent's pool is what it draws on.
      const parent = parentPathOf(p.workspacePath);
      if (parent !== null) add(findByPath(idx, parent));
    }
  };
  for (const c of changes) {
    named(c.before as { workspacePath?: unknown; workspaceId?: unknown } | null);
    named(c.after as { workspacePath?: unknown; workspaceId?: unknown } | null);
  }
  return ids;
}
