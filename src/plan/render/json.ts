// The JSON plan: the versioned contract (schema/plan.schema.json) that `plan --out` saves,
// `apply FILE` reads back and other tools consume. Keys come in a fixed order and payloads
// with sorted keys, so the same plan always serializes to the same bytes.

import { canonicalDiagnostic, type Diagnostic } from "../../model/diagnostics.js";
import { summarize } from "../summary.js";
import type { Change, JsonObject, Plan } from "../types.js";
import { stripSecrets } from "./redact.js";
import type { PlanUsage } from "../../model/usage.js";
import { renderUsageJsonChunks } from "./usage-json.js";

export interface JsonOptions {
  /** Adds `headroom`: the usage after the plan of the workspaces it changes (schema/usage.schema.json). */
  usage?: PlanUsage;
}

export function renderJson(plan: Plan, opts: JsonOptions = {}): string {
  // join, not +=: the pieces are themselves concatenations, and a rope of ropes is slow to flatten.
  return [...renderJsonChunks(plan, opts)].join("");
}

/** Stands for the list of changes while the rest of the plan is written around it. */
const CHANGES_HOLE = "\u0000hgw:changes\u0000";

/**
 * The JSON plan in pieces, a change at a time, for writing as it is made: byte for byte
 * `JSON.stringify(jsonPlan(plan), null, 2)` and a newline, without ever holding all of it
 * (a plan of 100,000 changes is 66 MB of JSON) or a copy of every change at once.
 */
export function* renderJsonChunks(plan: Plan, opts: JsonOptions = {}): Generator<string> {
  const head = { ...jsonPlan({ ...plan, changes: [] }), summary: summarize(plan.changes), changes: CHANGES_HOLE };
  const whole = JSON.stringify(head, null, 2);
  // The hole is the first string after fields that no user writes (digests, the provider, a time).
  const at = whole.indexOf(JSON.stringify(CHANGES_HOLE));
  yield whole.slice(0, at);
  if (plan.changes.length === 0) yield "[]";
  else {
    // An item of `changes` sits two levels in: each of its lines indented by four more spaces.
    const parts: string[] = [];
    for (let i = 0; i < plan.changes.length; i++) {
      parts.length = 0;
      parts.push(i === 0 ? "[\n    " : ",\n    ");
      writeIndented(jsonChange(plan.changes[i]!), 2, parts);
      yield parts.join("");
    }
    yield "\n  ]";
  }
  const rest = whole.slice(at + JSON.stringify(CHANGES_HOLE).length);
  if (!opts.usage) {
    yield `${rest}\n`;
    return;
  }
  // After everything else, before the closing brace.
  yield `${rest.slice(0, -2)},\n  "headroom": `;
  yield* renderUsageJsonChunks(opts.usage.headroom, 1, false);
  yield "\n}\n";
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
      ...(plan.options.onlyExpired ? { onlyExpired: true } : {}),
    },
    stateFingerprint: plan.stateFingerprint,
    provider: plan.provider,
    createdAt: plan.createdAt,
    summary: summarize(plan.changes),
    changes: plan.changes.map(jsonChange),
    unmanaged: plan.unmanaged.map((u) => ({ address: u.address, reason: u.reason })),
    warnings: plan.warnings.map(canonicalDiagnostic),
    ...(plan.expiring
      ? {
          expiring: {
            withinDays: plan.expiring.withinDays,
            items: plan.expiring.items.map((i) => ({
              address: i.address,
              expires: i.expires,
              daysLeft: i.daysLeft,
              source: { file: i.source.file, line: i.source.line, col: i.source.col },
            })),
          },
        }
      : {}),
  };
}

const PAD = ["", "  ", "    ", "      ", "        ", "          ", "            ", "              "];
const pad = (depth: number): string => PAD[depth] ?? "  ".repeat(depth);

/**
 * JSON.stringify(v, null, 2) for a value written `depth` levels in (its lines after the first
 * indented by 2 x depth spaces), as pieces pushed onto `out` to be joined once: re-indenting
 * the stringified value was a second pass over 70 MB of text, and strings built by `+=` are
 * ropes that cost the garbage collector dearly when kept. For plain JSON data, as plans are.
 * False when `v` is written as nothing (undefined, a function), as JSON.stringify leaves it out.
 */
function writeIndented(v: unknown, depth: number, out: string[]): boolean {
  switch (typeof v) {
    case "string":
      out.push(JSON.stringify(v));
      return true;
    case "number":
      out.push(Number.isFinite(v) ? JSON.stringify(v) : "null");
      return true;
    case "boolean":
      out.push(v ? "true" : "false");
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (v === null) {
    out.push("null");
    return true;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === "function") {
    out.push(JSON.stringify(v, null, 2).replace(/\n/g, `\n${pad(depth)}`));
    return true;
  }
  const inner = `\n${pad(depth + 1)}`;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push("[]");
      return true;
    }
    for (let i = 0; i < v.length; i++) {
      out.push(i === 0 ? `[${inner}` : `,${inner}`);
      if (!writeIndented(v[i], depth + 1, out)) out.push("null");
    }
    out.push(`\n${pad(depth)}]`);
    return true;
  }
  let any = false;
  for (const k of Object.keys(v)) {
    const mark = out.length;
    out.push(`${any ? "," : "{"}${inner}${JSON.stringify(k)}: `);
    if (writeIndented((v as Record<string, unknown>)[k], depth + 1, out)) any = true;
    else out.length = mark;
  }
  out.push(any ? `\n${pad(depth)}}` : "{}");
  return true;
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
    ...(c.expired !== undefined ? { expired: c.expired } : {}),
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
  return stripSecrets(value, onDrop) as JsonObject;
}
