// A saved plan against the account as it is when it is applied. A live account is never quiet
// (credits are spent, invitations accepted, settings changed in the dashboard), so a plan is
// not stale because *something* changed: it is planned again from the same spec with the same
// options, and each saved change must come out the same (address, action, before, after).
// Activity elsewhere does not matter. A saved change the account already holds (a re-run after
// a crash, or someone made the same change) is done. Anything else is a difference, and the
// plan is refused with each one named. The capacity the remaining changes need (seat limits,
// credit pools and allocations) is counted again against the account now, for those changes
// only, so that a shortage elsewhere does not stand in the way.

import type { Diagnostic } from "../model/diagnostics.js";
import type { DesiredAccount } from "../model/desired.js";
import { canonicalJson } from "../model/fingerprint.js";
import type { AccountState } from "../model/state.js";
import { targetMatches } from "../model/address.js";
import { isDone, type View } from "../domain/precondition.js";
import { handlerOf } from "../kinds/index.js";
import { order } from "./order.js";
import { draftChanges } from "./plan.js";
import { stripSecrets } from "./render/redact.js";
import { summarize } from "./summary.js";
import type { Action, Change, JsonObject, JsonValue, Plan } from "./types.js";

export interface PlannedChange {
  action: Action;
  before: JsonObject | null;
  after: JsonObject | null;
}

export interface Difference {
  address: string;
  planned: PlannedChange;
  /** What planning gives at this address now; null when it gives nothing there. */
  now: PlannedChange | null;
  /** With `now` null: the resource as the account holds it (null: it does not exist). */
  current: View;
  /** Planning errors about this address now (why no change can be planned there). */
  errors: Diagnostic[];
}

export interface Recheck {
  /** The saved plan with only the changes still to make, in its order, ready to apply. */
  plan: Plan;
  /** Saved changes the account already holds. */
  done: string[];
  differences: Difference[];
  /** Capacity the remaining changes need and the account no longer has. */
  capacity: Diagnostic[];
  /** Changes that planning gives now at addresses this plan does not touch. */
  elsewhere: number;
}

const comparable = (p: JsonObject | null): string => canonicalJson(p === null ? null : stripSecrets(p));

/** Ids a plan could only know after apply: null when planned, an id once the workspace exists. */
const LATER_IDS = ["workspaceId", "toWorkspaceId", "fromWorkspaceId", "parentId"];

/**
 * The same payload, but for the ids of workspaces the plan itself creates: a re-run after a
 * crash finds them made, and the provider finds them by path either way.
 */
function samePayload(planned: JsonObject | null, fresh: JsonObject | null): boolean {
  if (planned === null || fresh === null) return planned === fresh;
  const known: JsonObject = { ...fresh };
  for (const k of LATER_IDS) if (planned[k] === null && typeof fresh[k] === "string") known[k] = null;
  return comparable(planned) === comparable(known);
}

/** `before` holds what a resource made without the change starts as (KindHandler.createdFrom). */
function startsAsCreated(c: Change, before: JsonObject | null): boolean {
  const created = handlerOf(c.kind).createdFrom?.();
  return created !== undefined && before !== null && Object.entries(created).every(([k, v]) => before[k] === v);
}

function same(c: Change, f: PlannedChange): boolean {
  if (c.action === f.action) return samePayload(c.before, f.before) && samePayload(c.after, f.after);
  // A create whose resource an earlier run made meanwhile, as it starts (a new sub-workspace's
  // allocation, at zero), is now an update to the same `after`.
  return c.action === "create" && f.action === "update" && startsAsCreated(c, f.before) && samePayload(c.after, f.after);
}

export function recheckPlan(
  saved: Plan,
  desired: DesiredAccount,
  state: AccountState,
  opts: { now?: string; passwordChecks?: ReadonlyMap<string, boolean> } = {},
): Recheck {
  const now = opts.now ?? new Date().toISOString();
  const d = draftChanges(desired, state, {
    allowDelete: saved.options.allowDelete,
    ...(opts.passwordChecks ? { passwordChecks: opts.passwordChecks } : {}),
    ...(saved.options.maxRemovalShare !== null ? { maxRemovalShare: saved.options.maxRemovalShare } : {}),
    now,
  });
  const fresh = new Map(d.drafts.map((f) => [f.address, f]));
  const keep: Change[] = [];
  const done: string[] = [];
  const differences: Difference[] = [];
  for (const c of saved.changes) {
    if (c.action === "noop") continue;
    const f = fresh.get(c.address);
    if (f && same(c, f)) {
      keep.push(c);
      continue;
    }
    const kind = handlerOf(c.kind);
    const current = f ? null : kind.view(state, c, { workspaceIds: new Map(), now }).view;
    if (!f && isDone(c, current, kind)) {
      done.push(c.address);
      continue;
    }
    differences.push({
      address: c.address,
      planned: { action: c.action, before: c.before, after: c.after },
      now: f ? { action: f.action, before: f.before, after: f.after } : null,
      current,
      errors: d.errors.filter((e) => e.address === c.address),
    });
  }

  // Capacity: the remaining changes alone, ordered as the planner orders them, against the
  // budgets as the account has them now.
  const kept = new Set(keep.map((c) => c.address));
  const ordered = order(
    d.drafts.filter((f) => kept.has(f.address)),
    d.describe,
  );
  const deps = new Map(ordered.changes.map((c) => [c.address, c.dependsOn]));
  const changes = keep.map((c) => ({ ...c, dependsOn: [...new Set([...c.dependsOn, ...(deps.get(c.address) ?? [])])] }));

  const mine = new Set(saved.changes.map((c) => c.address));
  const targets = saved.options.targets;
  const elsewhere = d.drafts.filter(
    (f) => !mine.has(f.address) && f.action !== "noop" && (targets.length === 0 || targets.some((t) => targetMatches(t, f.address))),
  ).length;

  return {
    plan: { ...saved, changes, summary: summarize(changes) },
    done,
    differences,
    capacity: ordered.diagnostics,
    elsewhere,
  };
}

// --- how a difference reads

/** Identity fields say which resource, not what it holds: left out of the comparison shown. */
const QUIET = new Set(["workspacePath", "workspaceId", "parentPath", "parentId", "fromPath", "toPath", "fromWorkspaceId", "toWorkspaceId", "requestId"]);

function flatten(p: JsonObject | null, prefix = "", out = new Map<string, JsonValue>()): Map<string, JsonValue> {
  if (!p) return out;
  for (const [k, v] of Object.entries(stripSecrets(p) as JsonObject)) {
    if (!prefix && QUIET.has(k)) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !("env" in v)) flatten(v, path, out);
    else out.set(path, v);
  }
  return out;
}

function value(v: JsonValue | undefined): string {
  if (v === undefined) return "(none)";
  const s = canonicalJson(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** One line per field where what was planned and what is there now part ways. */
export function describeDifference(x: Difference): string {
  const pb = flatten(x.planned.before);
  const pa = flatten(x.planned.after);
  const nb = x.now ? flatten(x.now.before) : flatten(x.current);
  const na = x.now ? flatten(x.now.after) : null;
  const keys = [...new Set([...pb.keys(), ...pa.keys(), ...nb.keys(), ...(na?.keys() ?? [])])].sort();
  const lines: string[] = [];
  for (const k of keys) {
    const plannedText = `${value(pb.get(k))} → ${value(pa.get(k))}`;
    if (na) {
      const nowText = `${value(nb.get(k))} → ${value(na.get(k))}`;
      if (plannedText !== nowText) lines.push(`    ${k}: planned ${plannedText}, now ${nowText}`);
    } else if (value(nb.get(k)) !== value(pa.get(k)) && (pb.has(k) || pa.has(k))) {
      lines.push(`    ${k}: planned ${plannedText}, the account has ${value(nb.get(k))}`);
    }
  }
  const head = x.now
    ? x.now.action === x.planned.action
      ? `${x.address} changed since the plan was made (each field: before → after, as planned and as planning gives now):`
      : `${x.address} changed since the plan was made: planned ${x.planned.action}, planning now gives ${x.now.action}:`
    : x.current === null && x.planned.before !== null
      ? `${x.address}: planned ${x.planned.action}, but it is no longer in the account`
      : `${x.address}: planned ${x.planned.action}, but planning now gives no change here and the account does not hold what the plan would make`;
  const why = x.errors.map((e) => `    (${e.code}: ${e.message})`);
  return [head, ...lines.slice(0, 12), ...(lines.length > 12 ? [`    … and ${lines.length - 12} more fields`] : []), ...why].join("\n");
}

/** The refusal: a headline, then each address that differs with its planned and current before/after. */
export function staleDiagnostics(r: Recheck, saved: Plan): Diagnostic[] {
  const total = saved.changes.filter((c) => c.action !== "noop").length;
  return [
    {
      severity: "error",
      code: "stale-plan",
      message: `the account changed since this plan was made, at ${r.differences.length} of the ${total} address${total === 1 ? "" : "es"} the plan changes; nothing was applied`,
      hint: "run `hgw plan` again and review the new plan",
    },
    ...r.differences.map((x): Diagnostic => ({ severity: "error", code: "stale-change", message: describeDifference(x), address: x.address })),
  ];
}
