// A resource kind, all in one place: how the planner finds its changes, how people and the
// blast-radius limits read them, how a write is checked, and how each provider carries one
// out. Every kind's module exports one KindHandler; src/kinds/index.ts registers them in a
// Record<ResourceKind, KindHandler>, so a kind added to the plan schema's `kind` list
// without its module does not compile.

import type { ExecuteContext, ExecuteResult } from "../model/provider.js";
import type { Change, ResourceKind } from "../model/plan.js";
import type { AccountState } from "../model/state.js";
import type { OpContext } from "../domain/checks.js";
import type { PreconditionRules, View } from "../domain/precondition.js";
import type { ChangeApi } from "../contract/port.js";
import type { AddressContext, DiffContext, DiffOutput } from "./context.js";

/** What the sandbox executor has: the operations' context and the apply's. */
export type SandboxContext = OpContext & ExecuteContext;

/** Drift as a scheduled check reads it: the world moving as it should, or the account changed outside the spec. */
export type DriftKind = "unauthorized" | "expected";

/** A drifted resource in words, and which kind of drift it is. */
export interface DriftReading {
  kind: DriftKind;
  what: string;
}

/** The account-wide blast-radius limits (plan/blast-radius.ts) a kind's changes may count towards. */
export type BlastLimit = "maxDeletions" | "maxMemberRemovals" | "maxShareRevocations";

/** What finding a resource in an account needs: ids of workspaces made earlier in the apply, and the time. */
export interface ViewContext {
  workspaceIds: ReadonlyMap<string, string>;
  now: string;
}

export interface KindHandler<K extends ResourceKind = ResourceKind> extends PreconditionRules {
  readonly kind: K;
  /**
   * Where its changes stand among changes of the same phase and workspace, and when the
   * planner asks it for them: a kind may read what one asked before it decided (the
   * subworkspace kind's `blocked`), and errors and warnings come out in this order.
   */
  readonly order: number;

  // ---------------------------------------------------------------- planning

  /** Its changes: what the spec asks for against what the account holds, with their errors and warnings. */
  diff(ctx: DiffContext, out: DiffOutput): void;
  /** Every address of this kind the spec or the account names (what `--target` may name). */
  addresses(ctx: AddressContext): Iterable<string>;

  // ---------------------------------------------------------------- reading a plan

  /**
   * The payload fields people may see (an API key: its id and last four characters); absent:
   * all of them, each still passed through the renderers' redaction.
   */
  readonly shown?: ReadonlySet<string>;
  /**
   * What a change of this kind found by a drift check means, where reading it from its action
   * alone (missing, added, changed outside the spec) would be wrong; undefined: that reading.
   */
  drift?(change: Change): DriftReading | undefined;
  /** The blast-radius limit its changes count towards, and how much one change takes away (0 for most). */
  readonly blastRadius?: { readonly limit: BlastLimit; count(change: Change): number };

  // ---------------------------------------------------------------- carrying out

  /**
   * The resource a change is about as `state` holds it, in the payload's shape (null: it
   * does not exist), for the write's precondition and a saved plan's recheck. `workspaceId`:
   * the workspace found, handed on to later changes when the change is already done.
   */
  view(state: AccountState, change: Change, ctx: ViewContext): { view: View; workspaceId?: string };
  /** Its changes make or name a workspace whose id later changes of the same apply need. */
  readonly yieldsWorkspace?: boolean;
  /** Carries a change out on an account in memory (the sandbox, its journal replay), through the domain operations. */
  sandbox(state: AccountState, change: Change, ctx: SandboxContext): ExecuteResult;
  /** Carries a change out over the REST contract. */
  http(api: ChangeApi, ctx: ExecuteContext): Promise<ExecuteResult>;
}
