// A private copy (withMembersOf) keeps each pool's allocated sum between checks instead of
// summing every child again. Its operations must accept and refuse exactly what the same
// operations accept and refuse on a plain account, through allocations raised to the limit,
// billing switched, workspaces made and deleted.

import { describe, expect, it } from "vitest";
import { createWorkspace, deleteWorkspace, emptyAccount, inviteMember, setAllocation, updateWorkspace } from "../../src/domain/index.js";
import { withMembersOf } from "../../src/domain/account-index.js";
import type { AccountState, Quota } from "../../src/model/state.js";
import { NOW, ctx } from "./helpers.js";

const seats = (n: number, credits = 0): Quota => ({ seats: n, avatarSlots: 0, generativeCredits: credits, apiCredits: 0 });

/** Each step's outcome: "ok", or the refusal's code. */
function run(s: AccountState): string[] {
  const out: string[] = [];
  const step = (f: () => unknown): void => {
    try {
      f();
      out.push("ok");
    } catch (e) {
      out.push((e as { code?: string }).code ?? String(e));
    }
  };
  step(() => setAllocation(s, "ws_a", seats(6)));
  step(() => setAllocation(s, "ws_b", seats(4)));
  step(() => setAllocation(s, "ws_b", seats(5)));
  step(() => setAllocation(s, "ws_a", seats(5)));
  step(() => setAllocation(s, "ws_b", seats(5)));
  step(() => setAllocation(s, "ws_a", seats(6)));
  step(() => createWorkspace(s, { name: "c", parentId: "ws_main", billing: "parent", allocation: seats(1), id: "ws_c" }, ctx()));
  step(() => deleteWorkspace(s, "ws_b"));
  step(() => setAllocation(s, "ws_a", seats(10)));
  step(() => setAllocation(s, "ws_a", seats(11)));
  step(() => updateWorkspace(s, "ws_a", { billing: "own", subscription: seats(20) }));
  step(() => createWorkspace(s, { name: "d", parentId: "ws_main", billing: "parent", allocation: seats(9), id: "ws_d" }, ctx()));
  step(() => updateWorkspace(s, "ws_a", { billing: "parent", allocation: seats(2) }));
  step(() => updateWorkspace(s, "ws_a", { billing: "parent", allocation: seats(1) }));
  step(() => inviteMember(s, "ws_main", "late@acme.example", "creator", ctx()));
  step(() => setAllocation(s, "ws_d", seats(8)));
  step(() => inviteMember(s, "ws_main", "later@acme.example", "creator", ctx()));
  return out;
}

describe("pool sums kept on a private copy", () => {
  it("accept and refuse what a plain account does", () => {
    const base = emptyAccount(NOW, { seats: 10 });
    createWorkspace(base, { name: "a", parentId: "ws_main", billing: "parent", id: "ws_a" }, ctx());
    createWorkspace(base, { name: "b", parentId: "ws_main", billing: "parent", id: "ws_b" }, ctx());
    const plain = run(structuredClone(base));
    const copy = structuredClone({ ...base, members: [] });
    const kept = run(withMembersOf(base, copy, base.workspaces.map((w) => w.id), new Set()));
    expect(kept).toEqual(plain);
    // The steps reach both answers, or this proves nothing.
    expect(plain).toContain("ok");
    expect(plain).toContain("seat_limit");
  });
});
