// Drift comes in kinds: expected — the world moving as it should (an invitation
// expired, someone asked to join) — and unauthorized — the account changed in a way the spec
// does not say (a member added in the dashboard, a role changed, a sub-workspace created).
// Only unauthorized drift fails a scheduled check. A kind says what its changes mean where
// their action alone would say it wrong (KindHandler.drift).

import { handlerOf, type DriftKind, type DriftReading } from "../kinds/index.js";
import type { Change, Plan } from "./types.js";

export type { DriftKind };

export interface DriftItem {
  address: string;
  kind: DriftKind;
  /** What the account shows, in words */
  what: string;
  /** The change apply would make to bring the account back to the spec; null when none. */
  change: Change | null;
}

export interface DriftReport {
  items: DriftItem[];
  unauthorized: number;
  expected: number;
  /** Not drift yet: what a plan will change soon as time passes (a key due for rotation). */
  upcoming: { address: string; what: string }[];
}

/** Plan warnings that announce a change time will bring, by code. */
const UPCOMING_CODES = new Set(["api-key-rotation-due"]);

function describe(c: Change): DriftReading {
  // The spec said when this access ends (a change-level fact, whatever the kind): its removal
  // is the world moving as it should.
  if (c.expired !== undefined) return { kind: "expected", what: `access ended: expired on ${c.expired} (the spec's \`expires\`)` };
  const own = handlerOf(c.kind).drift?.(c);
  if (own) return own;
  switch (c.action) {
    case "create":
      return { kind: "unauthorized", what: "in the spec but missing from the account (removed outside the spec, or not applied yet)" };
    case "delete":
      return { kind: "unauthorized", what: "in the account but not in the spec (added outside the spec)" };
    default:
      return { kind: "unauthorized", what: "changed outside the spec" };
  }
}

export function classifyDrift(plan: Plan): DriftReport {
  const items: DriftItem[] = plan.changes.map((c) => ({ address: c.address, change: c, ...describe(c) }));
  for (const u of plan.unmanaged) {
    const sub = u.address.startsWith("subworkspace[");
    items.push({
      address: u.address,
      kind: sub ? "unauthorized" : "expected",
      what: sub ? "a sub-workspace the spec does not declare (created outside the spec)" : u.reason,
      change: null,
    });
  }
  const unauthorized = items.filter((i) => i.kind === "unauthorized").length;
  const upcoming = plan.warnings.filter((w) => UPCOMING_CODES.has(w.code)).map((w) => ({ address: w.address ?? "", what: w.message }));
  return { items, unauthorized, expected: items.length - unauthorized, upcoming };
}
