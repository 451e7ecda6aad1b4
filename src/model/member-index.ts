// A workspace's listed members by email, made once per list: the spec's duplicate check and
// the planner's rosters both need it, and each building its own map of 100k members cost as
// much as reading them.

import type { DesiredMember } from "./desired.js";

export interface MemberIndex {
  /** The first entry for each (lower-case) email. */
  byEmail: ReadonlyMap<string, DesiredMember>;
  /** Entries whose email an earlier entry already has (a spec error), by position in the list, with the first's. */
  repeats: readonly { at: number; first: number }[];
  /** How many entries have an end date. */
  dated: number;
}

// By the list itself: a loaded spec's lists are never changed afterwards.
const indexes = new WeakMap<readonly DesiredMember[], MemberIndex>();

export function memberIndex(list: readonly DesiredMember[]): MemberIndex {
  let index = indexes.get(list);
  if (index) return index;
  const byEmail = new Map<string, DesiredMember>();
  const repeats: { at: number; first: number }[] = [];
  // Where each email first stands, kept only once a repeat is seen: most lists have none.
  let firstAt: Map<string, number> | null = null;
  let dated = 0;
  for (let i = 0; i < list.length; i++) {
    const m = list[i]!;
    if (m.expires !== null) dated++;
    if (byEmail.has(m.email)) {
      if (!firstAt) {
        firstAt = new Map();
        // Backwards, so that the earliest position of each email is the one left.
        for (let k = i - 1; k >= 0; k--) firstAt.set(list[k]!.email, k);
      }
      repeats.push({ at: i, first: firstAt.get(m.email)! });
    } else {
      byEmail.set(m.email, m);
      firstAt?.set(m.email, i);
    }
  }
  index = { byEmail, repeats, dated };
  indexes.set(list, index);
  return index;
}
