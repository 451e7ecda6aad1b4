// The account's arithmetic: seats and credits used, allocated and left. Shared by checkAccount,
// which scans everything, the operations, which check only the workspaces a mutation touches,
// and the planner's budgets and messages.

import { QUOTA_KEYS, zeroQuota, type Quota, type QuotaKey, type WorkspaceState } from "../model/state.js";
import { type AccountIndex, childrenOf, label, membersOf } from "./account-index.js";
import type { DomainErrorCode } from "./errors.js";
import { grouped } from "../model/number-format.js";

export const KEY_WORDS: Record<QuotaKey, { limit: string; unit: string }> = {
  seats: { limit: "seat", unit: "seats" },
  avatarSlots: { limit: "avatar slot", unit: "avatar slots" },
  generativeCredits: { limit: "generative credit", unit: "generative credits" },
  apiCredits: { limit: "API credit", unit: "API credits" },
};

export function codeFor(key: QuotaKey): DomainErrorCode {
  return key === "seats" ? "seat_limit" : "insufficient_credit";
}

const n = grouped;

export function seatsUsed(idx: AccountIndex, w: WorkspaceState): number {
  return membersOf(idx, w.id).size;
}

/** What a workspace itself uses now: members and invitations for seats, the usage counters otherwise. */
export function useOf(idx: AccountIndex, w: WorkspaceState): Quota {
  return { ...w.usage, seats: seatsUsed(idx, w) };
}

/** What a workspace itself uses of `key`: members for seats, the usage counters otherwise. */
export function ownUse(idx: AccountIndex, w: WorkspaceState, key: QuotaKey): number {
  return key === "seats" ? seatsUsed(idx, w) : w.usage[key];
}

export function isBillingRoot(w: WorkspaceState): boolean {
  return w.parentId === null || w.billing === "own";
}

/** Sum of the allocations of a billing root's parent-billed children. */
export function allocatedToChildren(idx: AccountIndex, root: WorkspaceState, key: QuotaKey): number {
  let sum = 0;
  for (const c of childrenOf(idx, root.id)) {
    if (c.billing !== "parent" || !c.allocation) continue;
    sum += c.allocation[key];
  }
  return sum;
}

export interface Overshoot {
  /** pool: a billing root's subscription; allocation: a parent-billed workspace's own bounds */
  kind: "pool" | "allocation";
  code: DomainErrorCode;
  key: QuotaKey;
  workspaceId: string;
  by: number;
  message: string;
}

/** A billing root's pool for `key`, with `delta` more of its own use; null when it fits. */
export function rootOvershoot(idx: AccountIndex, root: WorkspaceState, key: QuotaKey, delta = 0): Overshoot | null {
  return poolOvershoot(idx, root, key, ownUse(idx, root, key) + delta, allocatedToChildren(idx, root, key));
}

/** The keys allocatedQuota sums by name: a key added to Quota fails to compile here until it is summed too. */
const SUMMED_BY_NAME = { seats: true, avatarSlots: true, generativeCredits: true, apiCredits: true } as const satisfies Record<QuotaKey, true>;
void SUMMED_BY_NAME;

/**
 * Pool sums already made, by billing root, for one check's before or after: a pool is summed
 * once however many of the touched workspaces draw on it.
 */
export type PoolSums = Map<WorkspaceState, Quota>;

/** Every key's allocations to a billing root's parent-billed children, in one pass over them. */
function allocatedQuota(idx: AccountIndex, root: WorkspaceState): Quota {
  const sum = zeroQuota();
  for (const c of childrenOf(idx, root.id)) {
    const a = c.allocation;
    if (c.billing !== "parent" || !a) continue;
    // Named fields, not a loop over the keys: this runs for every child, twice per change.
    sum.seats += a.seats;
    sum.avatarSlots += a.avatarSlots;
    sum.generativeCredits += a.generativeCredits;
    sum.apiCredits += a.apiCredits;
  }
  return sum;
}

function poolOvershoot(idx: AccountIndex, root: WorkspaceState, key: QuotaKey, used: number, allocated: number): Overshoot | null {
  const limit = root.subscription?.[key] ?? 0;
  const total = used + allocated;
  if (total <= limit) return null;
  const w = KEY_WORDS[key];
  const usedWords = key === "seats" ? `${n(used)} members (active + invited)` : `${n(used)} used`;
  return {
    kind: "pool",
    code: codeFor(key),
    key,
    workspaceId: root.id,
    by: total - limit,
    message:
      `${w.limit} limit of ${label(idx, root)} exceeded by ${n(total - limit)}: ` +
      `${usedWords} + ${n(allocated)} allocated to sub-workspaces = ${n(total)} > ${n(limit)} ${w.unit} in its subscription`,
  };
}

/**
 * A billing root's pool for every key with `extra` more allocated to children (a child about
 * to be made), summing the children once for the four keys; the first key that overshoots.
 */
export function rootOvershootWith(idx: AccountIndex, root: WorkspaceState, extra: Quota): Overshoot | null {
  const allocated = idx.pools?.get(root) ?? allocatedQuota(idx, root);
  for (const key of QUOTA_KEYS) {
    const o = poolOvershoot(idx, root, key, ownUse(idx, root, key), allocated[key] + extra[key]);
    if (o) return o;
  }
  return null;
}

/** A parent-billed workspace's own use against its allocation; null when it fits. */
export function allocationOvershoot(
  idx: AccountIndex,
  child: WorkspaceState,
  key: QuotaKey,
  delta = 0,
  allocation: Quota | null = child.allocation,
): Overshoot | null {
  const limit = allocation?.[key] ?? 0;
  const used = ownUse(idx, child, key) + delta;
  if (used <= limit) return null;
  const w = KEY_WORDS[key];
  const usedWords = key === "seats" ? `${n(used)} members (active + invited)` : `${n(used)} used`;
  return {
    kind: "allocation",
    code: codeFor(key),
    key,
    workspaceId: child.id,
    by: used - limit,
    message:
      `${w.limit} allocation of ${label(idx, child)} exceeded by ${n(used - limit)}: ` +
      `${usedWords} > ${n(limit)} ${w.unit} allocated`,
  };
}

/** Every pool/floor overshoot touching workspace `w` (its own bounds and its root's pool). */
export function overshootsAround(idx: AccountIndex, w: WorkspaceState, pools?: PoolSums): Overshoot[] {
  const out: Overshoot[] = [];
  // A root's pool sums all its children's allocations: once for the four keys, not per key,
  // and once per check when `pools` carries the sums between the touched workspaces.
  const root = isBillingRoot(w) ? w : w.parentId !== null ? idx.ws.get(w.parentId) : undefined;
  let allocated: Quota | null = null;
  if (root) {
    allocated = pools?.get(root) ?? idx.pools?.get(root) ?? allocatedQuota(idx, root);
    pools?.set(root, allocated);
  }
  for (const key of QUOTA_KEYS) {
    if (root !== w) {
      const o = allocationOvershoot(idx, w, key);
      if (o) out.push(o);
    }
    if (root && allocated) {
      const p = poolOvershoot(idx, root, key, ownUse(idx, root, key), allocated[key]);
      if (p) out.push(p);
    }
  }
  return out;
}
