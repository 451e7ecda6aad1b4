// A write is conditional on the `before` it was planned from: between plan and apply someone
// may have changed the very resource a change is about, and carrying the change out would
// silently overwrite them. Each provider looks at the resource as it is at the moment of the
// write (the sandbox in the same locked step, the HTTP provider with a GET whose ETag it then
// sends as If-Match) and asks `precondition` what to do:
//   - the resource is as `before` says: write;
//   - it is already as `after` says (an earlier run of the same plan got here first, or someone
//     made the same change): nothing to write, the change is done;
//   - anything else: refuse, naming the fields that differ.
// Only what the change planned from counts: usage counters, ids and paths (identity is
// resolved by the provider) and secrets are never compared.

import { canonicalJson } from "../model/fingerprint.js";
import type { Change, JsonObject, JsonValue } from "../model/plan.js";

/** The resource as the account holds it, in the shape of a change's payloads; null: it does not exist. */
export type View = JsonObject | null;

export type Verdict =
  | { kind: "write" }
  | { kind: "done" }
  | { kind: "conflict"; fields: string[]; message: string };

/**
 * What a kind says about checking its writes (each kind's handler in src/kinds/ carries these).
 * The defaults fit a resource whose payload is its state: done when every field of `after`
 * is in the account, writable while every field of `before` is.
 */
export interface PreconditionRules {
  /** false: the payload is identity only and its provider calls treat "gone" or "exists" as done. */
  readonly checked: boolean;
  /** What a create meets when its resource already exists without having been made by it (an allocation starts at zero). */
  createdFrom?(): JsonObject;
  /** Whether the account already holds what the change would make, where the default reading does not fit. */
  isDone?(change: Change, view: View): boolean;
  /** A field of `after` the account may hold otherwise and the change still be done (a pending invitation since accepted). */
  doneDespite?(path: string, want: JsonValue, have: JsonValue | undefined): boolean;
  /** A field of `before` that stands for any value the account holds (an API key known only as "some key"). */
  anyValue?(path: string, want: JsonValue): boolean;
}

/** Ids and paths are how a provider finds the resource, not state of it; secrets are never compared. */
const IDENTITY = new Set([
  "workspacePath",
  "workspaceId",
  "parentPath",
  "parentId",
  "fromPath",
  "toPath",
  "fromWorkspaceId",
  "toWorkspaceId",
  "requestId",
  "type",
  "id",
  "assetType",
  "assetId",
  "email",
  "password",
]);

/** Whether the write is checked at all. */
export function isChecked(change: Change, rules: PreconditionRules): boolean {
  return change.action !== "noop" && rules.checked;
}

const show = (v: JsonValue | undefined): string => (v === undefined ? "(none)" : canonicalJson(v));

/** Fields of `expected` (leaves, dotted) whose value `view` does not have. */
function differing(expected: JsonObject, view: JsonObject, accepts?: (path: string, want: JsonValue, have: JsonValue | undefined) => boolean): string[] {
  const out: string[] = [];
  const walk = (e: JsonObject, v: JsonObject | undefined, prefix: string): void => {
    for (const [k, want] of Object.entries(e)) {
      if (IDENTITY.has(k)) continue;
      const path = prefix ? `${prefix}.${k}` : k;
      const have = v?.[k];
      if (want !== null && typeof want === "object" && !Array.isArray(want) && have !== null && typeof have === "object" && !Array.isArray(have)) {
        walk(want, have, path);
        continue;
      }
      if (accepts?.(path, want, have)) continue;
      if (canonicalJson(normalizeList(k, want)) !== canonicalJson(normalizeList(k, have))) out.push(path);
    }
  };
  walk(expected, view, "");
  return out;
}

/** Lists whose order means nothing are compared sorted. */
function normalizeList(key: string, v: JsonValue | undefined): JsonValue | undefined {
  if (!Array.isArray(v)) return v;
  if (key === "users") {
    return [...v].sort((a, b) => {
      const x = String((a as JsonObject | null)?.email ?? "");
      const y = String((b as JsonObject | null)?.email ?? "");
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }
  if (key === "joinDomains") return [...v].map(String).sort();
  return v;
}

/** What `before` means for a change that has none but still meets an existing record. */
function expectedBefore(change: Change, rules: PreconditionRules): JsonObject | null {
  return change.before ?? rules.createdFrom?.() ?? null;
}

/** True when the account already holds what the change would make. */
export function isDone(change: Change, view: View, rules: PreconditionRules): boolean {
  if (rules.isDone) return rules.isDone(change, view);
  if (change.after === null) return view === null;
  if (view === null) return false;
  // `passwordSet` says whether one is set; which one the account cannot tell anyone.
  return differing(change.after, view, rules.doneDespite).length === 0;
}

export function precondition(change: Change, view: View, rules: PreconditionRules): Verdict {
  if (!isChecked(change, rules)) return { kind: "write" };
  // Only a create plans from nothing; any other change without a `before` (written by hand,
  // not by the planner) says nothing to check.
  if (change.before === null && change.action !== "create") return { kind: "write" };
  const before = expectedBefore(change, rules);
  if (before === null) {
    // A create: nothing there yet, or the same thing made already (converge), never another.
    if (view === null) return { kind: "write" };
    if (isDone(change, view, rules)) return { kind: "done" };
    const fields = differing(change.after ?? {}, view);
    return conflict(change, before, fields, view, "it exists already, made since the plan");
  }
  if (view === null) {
    if (change.after === null) return { kind: "done" };
    return { kind: "conflict", fields: [], message: `${change.address} no longer exists; it was removed since the plan was made; nothing was written` };
  }
  const fields = differing(before, view, rules.anyValue);
  if (fields.length === 0) return { kind: "write" };
  if (isDone(change, view, rules)) return { kind: "done" };
  return conflict(change, before, fields, view, "it changed since the plan was made");
}

function conflict(change: Change, before: JsonObject | null, fields: string[], view: JsonObject, why: string): Verdict {
  const expected = before ?? change.after ?? {};
  const at = (o: JsonObject, path: string): JsonValue | undefined =>
    path.split(".").reduce<JsonValue | undefined>((v, k) => (v !== null && typeof v === "object" && !Array.isArray(v) ? v[k] : undefined), o);
  const shown = fields.slice(0, 5).map((f) => `${f} is ${show(at(view, f))} in the account, the plan expected ${show(at(expected, f))}`);
  const more = fields.length > shown.length ? ` and ${fields.length - shown.length} more` : "";
  return {
    kind: "conflict",
    fields,
    message: `${change.address}: ${why}: ${shown.join("; ")}${more}; nothing was written`,
  };
}

/** A write refused because its resource is not as the plan saw it. Never retried. */
export class PreconditionFailed extends Error {
  readonly code = "precondition_failed";
  constructor(
    message: string,
    readonly address: string,
  ) {
    super(message);
    this.name = "PreconditionFailed";
  }
}

/** The verdict, or the error that refuses the write. */
export function enforce(change: Change, view: View, rules: PreconditionRules): "write" | "done" {
  const v = precondition(change, view, rules);
  if (v.kind === "conflict") throw new PreconditionFailed(`${v.message}. Run \`hgw plan\` again and review the new plan.`, change.address);
  return v.kind;
}
