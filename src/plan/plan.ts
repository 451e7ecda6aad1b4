// plan(spec, state) -> Plan: a pure function. It matches what the spec declares to what the
// account holds, lists every change with its reason and spec location, orders them so that
// seats and pools hold at every step, and refuses what safety rules forbid.

import { targetMatches } from "../model/address.js";
import { UserError, type Diagnostic } from "../model/diagnostics.js";
import type { DesiredAccount } from "../model/desired.js";
import { lazyStateFingerprint } from "../model/fingerprint.js";
import type { AccountState } from "../model/state.js";
import { emptyDiff, type DiffContext, type DraftChange, type Matching } from "../kinds/context.js";
import { KIND_LIST } from "../kinds/index.js";
import { resolveAssetNames } from "../kinds/asset-share.js";
import { blastRadius } from "./blast-radius.js";
import { describeBudgets, type BudgetInfo } from "./budgets.js";
import { matchWorkspaces } from "./match.js";
import { order } from "./order.js";
import { summarize } from "./summary.js";
import { checkTargets, targetingWarning } from "./targets.js";
import { expiringSection, onlyExpiredWarning } from "./expiring.js";
import type { ExpiringItem } from "../model/plan.js";
import { PLAN_FORMAT_VERSION, type Change, type Plan, type PlanOptions } from "./types.js";

export interface PlanResult {
  plan: Plan | null;
  /** errors (then plan is null) and warnings */
  diagnostics: Diagnostic[];
}

/** The planner's work before ordering: every change it would make, with what ordering needs. */
export interface Drafts {
  /** The spec as planned: the library items it names given their ids. */
  desired: DesiredAccount;
  drafts: DraftChange[];
  /** Where each budget starts, in the account as read. */
  describe: (budget: string) => BudgetInfo;
  matching: Matching;
  /** Errors from matching and diffing (ordering's come later). */
  errors: Diagnostic[];
  warnings: Diagnostic[];
  unmanaged: { address: string; reason: string }[];
  expiring: ExpiringItem[];
}

/** Matches and diffs, without ordering or targeting: what `tryPlan` and a saved plan's re-check share. */
export function draftChanges(spec: DesiredAccount, state: AccountState, opts: PlanOptions = {}): Drafts {
  const matching = matchWorkspaces(spec, state);
  const out = emptyDiff();
  // Library items the spec names are given their ids first, so every kind sees ids.
  const { desired, diagnostics: unresolved } =
    matching.diagnostics.length === 0 ? resolveAssetNames(spec, state, matching, opts.library) : { desired: spec, diagnostics: [] };
  if (matching.diagnostics.length === 0) {
    const ctx: DiffContext = {
      desired,
      state,
      matching,
      options: {
        now: opts.now ?? new Date().toISOString(),
        allowDelete: opts.allowDelete ?? false,
        maxRemovalShare: opts.maxRemovalShare ?? desired.policies.maxMemberRemovalShare,
        removalShareFromFlag: opts.maxRemovalShare !== undefined,
        passwordChecks: opts.passwordChecks ?? new Map(),
        rotateKeys: new Set(opts.rotateKeys ?? []),
        onlyExpired: opts.onlyExpired ?? false,
      },
      blocked: new Set(),
    };
    // In the kinds' order: errors and warnings come out in it, and a kind may read what one
    // before it decided.
    for (const kind of KIND_LIST) kind.diff(ctx, out);
  }
  return {
    desired,
    drafts: out.changes,
    describe: describeBudgets(matching),
    matching,
    errors: [...matching.diagnostics, ...unresolved, ...out.diagnostics],
    warnings: [...matching.warnings, ...out.warnings],
    unmanaged: out.unmanaged,
    expiring: out.expiring,
  };
}

/** As `plan`, but errors come back as values instead of a thrown UserError. */
export function tryPlan(desired: DesiredAccount, state: AccountState, opts: PlanOptions = {}): PlanResult {
  const now = opts.now ?? new Date().toISOString();
  const targets = opts.targets ?? [];
  const d = draftChanges(desired, state, { ...opts, now });
  const targetErrors = opts.checkTargets && targets.length > 0 ? checkTargets(targets, d, d.desired, state) : [];
  const errors = [...targetErrors, ...d.errors];
  const warnings = [...d.warnings];
  if (opts.onlyExpired) warnings.unshift(onlyExpiredWarning());
  if (targets.length > 0) warnings.unshift(targetingWarning(targets));
  if (errors.length > 0) return { plan: null, diagnostics: [...errors, ...warnings] };

  // --only-expired is a filter, like targeting: the rest of what the spec asks for is left out
  // before ordering (removals only free room, so what is left orders on its own).
  const ordered = order(opts.onlyExpired ? d.drafts.filter((c) => c.expired !== undefined) : d.drafts, d.describe);
  if (ordered.diagnostics.length > 0) return { plan: null, diagnostics: [...ordered.diagnostics, ...warnings] };

  let changes = ordered.changes;
  let unmanaged = d.unmanaged;
  if (targets.length > 0) {
    changes = selectTargets(changes, targets);
    unmanaged = unmanaged.filter((u) => targets.some((t) => targetMatches(t, u.address)));
  }
  // Counted on what would be applied, so that --target can take a large change in steps.
  const tooMuch = blastRadius(changes, desired.policies, opts);
  if (tooMuch.length > 0) return { plan: null, diagnostics: [...tooMuch, ...warnings] };
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    specDigest: desired.digest,
    specFiles: [],
    options: {
      targets: [...targets],
      allowDelete: opts.allowDelete ?? false,
      maxRemovalShare: opts.maxRemovalShare ?? null,
      // Recorded only when given, so that plans without it read as before.
      ...(opts.rotateKeys && opts.rotateKeys.length > 0 ? { rotateKeys: [...new Set(opts.rotateKeys)] } : {}),
      ...(opts.onlyExpired ? { onlyExpired: true } : {}),
    },
    stateFingerprint: "",
    provider: opts.provider ?? "sandbox",
    createdAt: now,
    changes,
    unmanaged,
    warnings,
    summary: summarize(changes),
    ...expiringSection(d.expiring, desired.policies.expiryNoticeDays),
  };
  lazyStateFingerprint(plan, state);
  return { plan, diagnostics: warnings };
}

export function plan(desired: DesiredAccount, state: AccountState, opts: PlanOptions = {}): Plan {
  const r = tryPlan(desired, state, opts);
  // Errors come first in r.diagnostics, then warnings.
  if (!r.plan) throw new UserError(r.diagnostics);
  return r.plan;
}

/**
 * --target keeps the changes it names (a sub-workspace names everything in it) and whatever
 * they depend on, so that the smaller plan is still feasible on its own.
 */
export function selectTargets(changes: Change[], targets: string[]): Change[] {
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  const keep = new Set<string>();
  const visit = (addr: string): void => {
    if (keep.has(addr)) return;
    keep.add(addr);
    for (const d of byAddress.get(addr)?.dependsOn ?? []) visit(d);
  };
  for (const c of changes) if (targets.some((t) => targetMatches(t, c.address))) visit(c.address);
  return changes.filter((c) => keep.has(c.address)).map((c, i) => ({ ...c, seq: i + 1 }));
}
