// Account-wide blast-radius limits: how much one plan may take away, summed over every
// workspace. The per-workspace member limit (kinds/member.ts) stops a mass removal in one
// workspace; these stop many small removals adding up to a large one (30 sub-workspaces
// deleted, a person removed from every workspace at once). Each kind says which limit its
// changes count towards (KindHandler.blastRadius).

import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import type { DesiredPolicies } from "../model/desired.js";
import { errorAt } from "../kinds/context.js";
import { handlerOf, type BlastLimit } from "../kinds/index.js";
import type { Change, PlanOptions } from "./types.js";

export const DEFAULT_LIMITS: Readonly<Record<BlastLimit, number>> = {
  /** Sub-workspaces deleted in one plan. Set only by a flag: see blastRadius. */
  maxDeletions: 5,
  maxMemberRemovals: 25,
  maxShareRevocations: 25,
};

/** How much one change takes away from a limit: its kind says which limit it counts towards, and how much. */
function countTowards(limit: BlastLimit, c: Change): number {
  const b = handlerOf(c.kind).blastRadius;
  return b?.limit === limit ? b.count(c) : 0;
}

interface Category {
  what: (n: number) => string;
  flag: string;
  /** The spec policy that may set it; none for deletions. */
  policy: "maxMemberRemovals" | "maxShareRevocations" | null;
  code: string;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const CATEGORIES: Record<BlastLimit, Category> = {
  maxDeletions: {
    what: (n) => `delete ${plural(n, "sub-workspace")}`,
    flag: "--max-deletions",
    policy: null,
    code: "too-many-deletions",
  },
  maxMemberRemovals: {
    what: (n) => `remove ${plural(n, "member")} (invitations included) across the account`,
    flag: "--max-member-removals",
    policy: "maxMemberRemovals",
    code: "too-many-member-removals",
  },
  maxShareRevocations: {
    what: (n) => `revoke ${plural(n, "share")} (asset shares, and people taken off shared content)`,
    flag: "--max-share-revocations",
    policy: "maxShareRevocations",
    code: "too-many-share-revocations",
  },
};

/**
 * Errors for every category the plan's changes exceed. A flag sets a limit outright; a spec
 * policy sets the member and share limits. Deletions have no policy: a spec that no longer
 * lists a sub-workspace cannot also be the consent to delete it (as with --allow-delete).
 */
export function blastRadius(changes: readonly Change[], policies: DesiredPolicies, opts: PlanOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, cat] of Object.entries(CATEGORIES) as [BlastLimit, Category][]) {
    const fromFlag = opts[key];
    const fromPolicy = cat.policy ? policies[cat.policy] : null;
    const limit = fromFlag ?? fromPolicy ?? DEFAULT_LIMITS[key];
    let total = 0;
    const hits: Change[] = [];
    for (const c of changes) {
      const n = countTowards(key, c);
      if (n === 0) continue;
      total += n;
      hits.push(c);
    }
    if (total <= limit) continue;
    const named = hits.slice(0, 3).map((c) => c.address);
    const more = hits.length > named.length ? ` and ${hits.length - named.length} more` : "";
    const setBy =
      fromFlag !== undefined ? `${cat.flag} ${fromFlag}`
      : fromPolicy !== null && cat.policy ? `policies.${cat.policy}`
      : "the default";
    const source: SourceLocation =
      hits.find((c) => c.source)?.source ?? (fromPolicy !== null && cat.policy ? policies.sources[cat.policy] : undefined) ?? policies.rootSource;
    out.push(
      errorAt(
        cat.code,
        `the plan would ${cat.what(total)}, more than the ${limit} allowed in one plan (${setBy}): ${named.join(", ")}${more}`,
        source,
        {
          address: hits[0]!.address,
          hint: `if that is intended, allow it with ${cat.flag} ${total}${cat.policy && fromFlag === undefined ? ` (or policies.${cat.policy}: ${total})` : ""}, or apply it in smaller steps with --target`,
        },
      ),
    );
  }
  return out;
}
