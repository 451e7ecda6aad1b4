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
}

function describe(c: Change): DriftReading {
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
  return { items, unauthorized, expected: items.length - unauthorized };
}
