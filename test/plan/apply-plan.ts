// Carrying a plan out on an in-memory AccountState through the domain's applyChange, the way
// the sandbox provider does, checking the account's invariants after every step. For the
// golden and property tests of the planner.

import { applyChange, type ApplyChangeContext } from "../../src/providers/sandbox/execute.js";
import { checkAccount, type Violation } from "../../src/domain/index.js";
import type { AccountState } from "../../src/model/state.js";
import type { Change } from "../../src/plan/types.js";
import { seededRandom } from "../../src/emulator/faults.js";

/** What every `{ env: NAME }` share-page password resolves to in these tests. */
export const secretFor = (env: string): string => `pw-for-${env}`;

export function applyContext(now: string): ApplyChangeContext {
  let ids = 0;
  let keys = 0;
  return {
    now,
    newId: (prefix) => `${prefix}_applied_${++ids}`,
    newApiKey: () => {
      const n = ++keys;
      const value = `hgw_sk_test${String(n).padStart(36, "0")}`;
      return { value, keyId: `key_applied_${n}`, last4: value.slice(-4), hash: `sha256:test-${n}` };
    },
    resolveSecret: (ref) => secretFor(ref.env),
    workspaceIds: new Map(),
  };
}

export class StepFailure extends Error {
  constructor(
    readonly step: number,
    readonly change: Change,
    readonly error: unknown,
    readonly violations: Violation[],
  ) {
    super(
      `step ${step} (${change.action} ${change.address}, seq ${change.seq}) ` +
        (violations.length > 0
          ? `left the account invalid: ${violations.map((v) => `[${v.code}] ${v.message}`).join("; ")}`
          : `threw: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.name = "StepFailure";
  }
}

/**
 * Applies `changes` in the given order to `state` (mutated), with checkAccount after each
 * step; throws a StepFailure naming the step that threw or broke an invariant.
 */
export function applyAll(state: AccountState, changes: readonly Change[], ctx: ApplyChangeContext): AccountState {
  changes.forEach((change, i) => {
    try {
      applyChange(state, change, ctx);
    } catch (e) {
      throw new StepFailure(i + 1, change, e, []);
    }
    const violations = checkAccount(state);
    if (violations.length > 0) throw new StepFailure(i + 1, change, null, violations);
  });
  return state;
}

/**
 * A topological order of the plan's changes that respects `dependsOn` and otherwise picks
 * among the ready ones at random: one of the orders a concurrent apply may take.
 */
export function randomTopologicalOrder(changes: readonly Change[], random: () => number): Change[] {
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  const done = new Set<string>();
  const left = [...changes];
  const out: Change[] = [];
  while (left.length > 0) {
    const ready = left.filter((c) => c.dependsOn.every((d) => done.has(d) || !byAddress.has(d)));
    if (ready.length === 0) throw new Error(`dependsOn has a cycle among ${left.map((c) => c.address).join(", ")}`);
    const pick = ready[Math.min(ready.length - 1, Math.floor(random() * ready.length))]!;
    out.push(pick);
    done.add(pick.address);
    left.splice(left.indexOf(pick), 1);
  }
  return out;
}

/** A small deterministic PRNG, so that a fast-check seed replays the same order. */
export const prng = seededRandom;
