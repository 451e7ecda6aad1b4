// The sandbox's executor: one planned change carried out on an account in memory by its
// kind's handler (src/kinds/), through the domain operations. Pure but for the draft it
// mutates. The store (store.ts) runs it under its lock, after the write's precondition, and
// journals it; the journal's replay runs it again.

import type { Change } from "../../model/plan.js";
import type { ExecuteContext, ExecuteResult } from "../../model/provider.js";
import type { AccountState } from "../../model/state.js";
import { enforce, isChecked } from "../../domain/precondition.js";
import { handlerOf, type SandboxContext } from "../../kinds/index.js";

export type ApplyChangeContext = SandboxContext;

export function applyChange(state: AccountState, change: Change, ctx: ApplyChangeContext): ExecuteResult {
  if (change.action === "noop") return {};
  return handlerOf(change.kind).sandbox(state, change, ctx);
}

/**
 * The write's precondition (domain/precondition.ts) on the account as it is: null to go
 * ahead; a result when the change is already done; throws when the resource is not as the
 * plan saw it. Not run on journal replay, which repeats writes that passed it.
 */
export function guard(state: AccountState, change: Change, ctx: ExecuteContext, now: string): ExecuteResult | null {
  const kind = handlerOf(change.kind);
  if (!isChecked(change, kind)) return null;
  const { view, workspaceId } = kind.view(state, change, { workspaceIds: ctx.workspaceIds, now });
  if (enforce(change, view, kind) === "write") return null;
  return workspaceId && kind.yieldsWorkspace ? { workspaceId } : {};
}
