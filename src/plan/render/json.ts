// The JSON plan: the versioned contract (schema/plan.schema.json) that `plan --out` saves,
// `apply FILE` reads back and other tools consume. Keys come in a fixed order and payloads
// with sorted keys, so the same plan always serializes to the same bytes.

import { canonicalDiagnostic, type Diagnostic } from "../../model/diagnostics.js";
import { summarize } from "../summary.js";
import type { Change, JsonObject, JsonValue, Plan } from "../types.js";
import { isSafeSecretValue, isSensitiveKey, looksLikeSecret } from "./redact.js";

export function renderJson(plan: Plan): string {
  let out = "";
  for (const chunk of renderJsonChunks(plan)) out += chunk;
  return out;
}

/** Stands for the list of changes while the rest of the plan is written around it. */
const CHANGES_HOLE = "\u0000hgw:changes\u0000";

/**
 * The JSON plan in pieces, a change at a time, for writing as it is made: byte for byte
 * `JSON.stringify(jsonPlan(plan), null, 2)` and a newline, without ever holding all of it
 * (a plan of 100,000 changes is 66 MB of JSON) or a copy of every change at once.
 */
export function* renderJsonChunks(plan: Plan): Generator<string> {
  const head = { ...jsonPlan({ ...plan, changes: [] }), summary: summarize(plan.changes), changes: CHANGES_HOLE };
  const whole = JSON.stringify(head, null, 2);
  // The hole is the first string after fields that no user writes (digests, the provider, a time).
  const at = whole.indexOf(JSON.stringify(CHANGES_HOLE));
  yield whole.slice(0, at);
  if (plan.changes.length === 0) yield "[]";
  else {
    // An item of `changes` sits two levels in: each of its lines indented by four more spaces.
    let first = true;
    for (const c of plan.changes) {
      yield `${first ? "[\n    " : ",\n    "}${JSON.stringify(jsonChange(c), null, 2).replace(/\n/g, "\n    ")}`;
      first = false;
    }
    yield "\n  ]";
  }
  yield `${whole.slice(at + JSON.stringify(CHANGES_HOLE).length)}\n`;
}

/** The plan as written: fixed key order, no secrets, the summary counted from the changes. */
export function jsonPlan(plan: Plan): Plan {
  return {
    formatVersion: plan.formatVersion,
    specDigest: plan.specDigest,
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
  const onDrop = (path: string): void => {
    if (afterOf !== undefined) {
      throw new Error(`internal error: the plan holds a literal secret at ${afterOf} after.${path}; refusing to write it`);
    }
  };
  return sortedWithoutSecrets(value, onDrop, "") as JsonObject;
}

/**
 * A copy with its keys sorted at every level and without secrets: secret-named keys holding
 * anything but a safe value are dropped, key-shaped strings are replaced, and `onDrop`
 * hears each such path. One copy, not two: a plan of 100,000 changes has 200,000 payloads.
 */
function sortedWithoutSecrets(v: JsonValue, onDrop: (path: string) => void, path: string): JsonValue {
  if (typeof v === "string") {
    if (!looksLikeSecret(v)) return v;
    onDrop(path);
    return "(redacted)";
  }
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x, i) => sortedWithoutSecrets(x, onDrop, `${path}[${i}]`));
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) {
    const x = v[k]!;
    const at = path ? `${path}.${k}` : k;
    if (isSensitiveKey(k) && !isSafeSecretValue(x)) {
      onDrop(at);
      continue;
    }
    out[k] = sortedWithoutSecrets(x, onDrop, at);
  }
  return out;
}
