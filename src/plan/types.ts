// What the planner takes besides the spec and the account. The plan value itself (Plan,
// Change, Action) is the leaf module model/plan.ts, which every layer may import.

export {
  PLAN_FORMAT_VERSION,
  type Action,
  type Change,
  type JsonObject,
  type JsonValue,
  type Plan,
  type PlanSummary,
  type PlanningOptions,
  type SpecFile,
} from "../model/plan.js";

import type { Library } from "../model/library.js";

export interface PlanOptions {
  allowDelete?: boolean;
  /** Overrides policies.maxMemberRemovalShare. */
  maxRemovalShare?: number;
  /** Account-wide limits for one plan (blast-radius.ts); each overrides its policy and default. */
  maxDeletions?: number;
  maxMemberRemovals?: number;
  maxShareRevocations?: number;
  maxKeyRevocations?: number;
  /** Sub-workspace paths whose API key is rotated now, whatever its age (`--rotate-key`). */
  rotateKeys?: string[];
  targets?: string[];
  /** Refuse targets that name nothing in the spec or the account (targets a person typed). */
  checkTargets?: boolean;
  /**
   * Share pages (`type:id`) whose password was compared with the spec's secret: true when
   * it matches. A page with a password that is not in here is taken to match (the secret
   * was not at hand), and the plan says so.
   */
  passwordChecks?: ReadonlyMap<string, boolean>;
  /**
   * The library's items (ids and names) of the types the spec names by name, read once before
   * planning (`readLibrary`). Without it, a spec that names items is an error.
   */
  library?: Library;
  /** `--only-expired`: only the removals of access past its `expires` date (a filter, like targeting). */
  onlyExpired?: boolean;
  /** ISO time "now", so plans are reproducible in tests. */
  now?: string;
  provider?: string;
}
