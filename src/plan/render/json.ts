// The JSON plan: the versioned contract (schema/plan.schema.json) that `plan --out` saves,
// `apply FILE` reads back and other tools consume. Keys come in a fixed order and payloads
// with sorted keys, so the same plan always serializes to the same bytes.

import { canonicalDiagnostic, type Diagnostic } from "../../model/diagnostics.js";
import { summarize } from "../summary.js";
import type { Change, JsonObject, JsonValue, Plan } from "../types.js";
import { stripSecrets } from "./redact.js";

export function renderJson(plan: Plan): string {
  return `${JSON.stringify(jsonPlan(plan), null, 2)}\n`;
}

/** The plan as written: fixed key order, no secrets, the summary counted from the changes. */
export function jsonPlan(plan: Plan): Plan {
  return {
    formatVersion: plan.formatVersion,
    specDigest: plan.specDigest,
    specFiles: plan.specFiles.map((f) => ({ path: f.path, digest: f.digest })),
    options: {
      targets: [...plan.options.targets],
      allowDelete: plan.options.allowDelete,
      maxRemovalShare: plan.options.maxRemovalShare,
    },
    stateFingerprint: plan.stateFingerprint,
    provider: plan.provider,
    createdAt: plan.createdAt,
    summary: summarize(plan.changes),
    changes: plan.changes.map(jsonChange),
    unmanaged: plan.unmanaged.map((u) => ({ address: u.address, reason: u.reason })),
    warnings: plan.warnings.map(canonicalDiagnostic),
  };
}

function jsonChange(c: Change): Change {
  return {
    seq: c.seq,
    address: c.address,
    kind: c.kind,
    action: c.action,
    reason: c.reason,
    source: c.source ? { file: c.source.file, line: c.source.line, col: c.source.col } : null,
    dependsOn: [...c.dependsOn],
    before: c.before ? payload(c.before) : null,
    after: c.after ? payload(c.after, c.address) : null,
  };
}

/**
 * `before` may lose a secret-named field (a digest the account reported); `after` is what
 * apply carries out, so a literal secret there is a planner bug, and quietly dropping it
 * would change what apply does: refuse to write it at all.
 */
function payload(value: JsonObject, afterOf?: string): JsonObject {
  const stripped = stripSecrets(sortKeys(value), (path) => {
    if (afterOf !== undefined) {
      throw new Error(`internal error: the plan holds a literal secret at ${afterOf} after.${path}; refusing to write it`);
    }
  });
  return stripped as JsonObject;
}

function sortKeys(v: JsonValue): JsonValue {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(sortKeys);
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]!);
  return out;
}

