// Account-wide blast-radius limits: how much one plan may take away, summed over every
// workspace. The per-workspace member limit (member-changes.ts) stops a mass removal in one
// workspace; these stop many small removals adding up to a large one (30 sub-workspaces
// deleted, a person removed from every workspace at once).

import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import type { DesiredPolicies } from "../model/desired.js";
import { errorAt } from "../kinds/context.js";
import type { Change, PlanOptions } from "./types.js";
import type { ApiKeyPayload, ContentSharePayload } from "../model/plan.gen.js";

export const DEFAULT_LIMITS = {
  /** Sub-workspaces deleted in one plan. Set only by a flag: see blastRadius. */
  maxDeletions: 5,
  maxMemberRemovals: 25,
  maxShareRevocations: 25,
  /** Lower than the others: each revoked key stops an integration until it reads the new one. */
  maxKeyRevocations: 10,
} as const;

interface Category {
  what: (n: number) => string;
  flag: string;
  /** The spec policy that may set it; none for deletions. */
  policy: "maxMemberRemovals" | "maxShareRevocations" | "maxKeyRevocations" | null;
  code: string;
  /** How many this change takes away (0 for most). */
  count(c: Change): number;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function usersDropped(c: Change): number {
  const before = (c.before as unknown as ContentSharePayload | null)?.users ?? [];
  const after = new Set(((c.after as unknown as ContentSharePayload | null)?.users ?? []).map((u) => u.email.toLowerCase()));
  return before.filter((u) => !after.has(u.email.toLowerCase())).length;
}

/**
 * API keys a change stops: a revocation (and the previous key a rotation left), a rotation's
 * old key and the one an earlier rotation left, the previous key revoked on its own. A key
 * nobody was given (undelivered) is not counted: revoking it stops nothing.
 */
function keysRevoked(c: Change): number {
  if (c.kind !== "apikey") return 0;
  const before = c.before as unknown as ApiKeyPayload | null;
  if (!before) return 0;
  const previous = before.previous ? 1 : 0;
  const current = before.delivered === false ? 0 : 1;
  switch (c.action) {
    case "delete":
    case "replace":
      return current + previous;
    case "update":
      return previous;
    default:
      return 0;
  }
}

const CATEGORIES: Record<keyof typeof DEFAULT_LIMITS, Category> = {
  maxDeletions: {
    what: (n) => `delete ${plural(n, "sub-workspace")}`,
    flag: "--max-deletions",
    policy: null,
    code: "too-many-deletions",
    count: (c) => (c.kind === "subworkspace" && c.action === "delete" ? 1 : 0),
  },
  maxMemberRemovals: {
    what: (n) => `remove ${plural(n, "member")} (invitations included) across the account`,
    flag: "--max-member-removals",
    policy: "maxMemberRemovals",
    code: "too-many-member-removals",
    count: (c) => (c.kind === "member" && c.action === "delete" ? 1 : 0),
  },
  maxShareRevocations: {
    what: (n) => `revoke ${plural(n, "share")} (asset shares, and people taken off shared content)`,
    flag: "--max-share-revocations",
    policy: "maxShareRevocations",
    code: "too-many-share-revocations",
    count: (c) =>
      c.kind === "asset_share" && c.action === "delete" ? 1
      : c.kind === "content_share" && c.action === "update" ? usersDropped(c)
      : 0,
  },
  maxKeyRevocations: {
    what: (n) => `revoke ${plural(n, "API key")} (keys turned off, and the old keys of rotations)`,
    flag: "--max-key-revocations",
    policy: "maxKeyRevocations",
    code: "too-many-key-revocations",
    count: keysRevoked,
  },
};

/**
 * Errors for every category the plan's changes exceed. A flag sets a limit outright; a spec
 * policy sets the member and share limits. Deletions have no policy: a spec that no longer
 * lists a sub-workspace cannot also be the consent to delete it (as with --allow-delete).
 */
export function blastRadius(changes: readonly Change[], policies: DesiredPolicies, opts: PlanOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, cat] of Object.entries(CATEGORIES) as [keyof typeof DEFAULT_LIMITS, Category][]) {
    const fromFlag = opts[key];
    const fromPolicy = cat.policy ? policies[cat.policy] : null;
    const limit = fromFlag ?? fromPolicy ?? DEFAULT_LIMITS[key];
    let total = 0;
    const hits: Change[] = [];
    for (const c of changes) {
      const n = cat.count(c);
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
