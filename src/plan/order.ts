// A feasible order, and the dependencies that keep it feasible when apply runs changes
// concurrently. Every budget (a pool or an allocation, per quota key) starts with some slack;
// a change that takes room (more use, a lower limit) waits for just enough earlier changes
// that make room (less use, a higher limit). Because each consumer's prerequisites are a
// prefix of the same list, any set of started changes fits: the largest one started had its
// whole prefix done, and the smaller ones needed less. Where the room is not there at all,
// planning fails and says which limit, by how much, and which spec lines ask for it.

import type { Diagnostic } from "../model/diagnostics.js";
import { KEY_WORDS } from "../domain/accounting.js";
import type { Change } from "../model/plan.js";
import type { DraftChange, Effect } from "../kinds/context.js";
import { handlerOf } from "../kinds/index.js";
import type { BudgetInfo } from "./budgets.js";
import { grouped } from "../model/number-format.js";

const n = grouped;

function compareDrafts(a: DraftChange, b: DraftChange): number {
  return (
    a.phase - b.phase ||
    a.rank - b.rank ||
    handlerOf(a.kind).order - handlerOf(b.kind).order ||
    specOrder(a, b) ||
    (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)
  );
}

/** Within a workspace, changes read in the order the spec lists what asks for them. */
function specOrder(a: DraftChange, b: DraftChange): number {
  if (!a.source || !b.source || a.source.file !== b.source.file) return 0;
  return a.source.line - b.source.line || a.source.col - b.source.col;
}

/** Sorted by phase, then made to respect `needs` (Kahn's algorithm, sort order as priority). */
function sequence(drafts: DraftChange[]): DraftChange[] {
  const sorted = [...drafts].sort(compareDrafts);
  const pos = new Map(sorted.map((d, i) => [d.address, i]));
  const indegree = new Array<number>(sorted.length).fill(0);
  const after = new Map<number, number[]>();
  let violations = 0;
  sorted.forEach((d, i) => {
    for (const need of d.needs) {
      const j = pos.get(need);
      if (j === undefined || j === i) continue;
      indegree[i]!++;
      const list = after.get(j);
      if (list) list.push(i);
      else after.set(j, [i]);
      if (j > i) violations++;
    }
  });
  if (violations === 0) return sorted;
  const ready = new MinHeap();
  indegree.forEach((deg, i) => deg === 0 && ready.push(i));
  const out: DraftChange[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    out.push(sorted[i]!);
    for (const k of after.get(i) ?? []) if (--indegree[k]! === 0) ready.push(k);
  }
  if (out.length !== sorted.length) throw new Error("internal: the planner's structural dependencies form a cycle");
  return out;
}

export interface OrderResult {
  changes: Change[];
  diagnostics: Diagnostic[];
}

export function order(drafts: DraftChange[], describe: (budget: string) => BudgetInfo): OrderResult {
  const seen = new Set<string>();
  for (const d of drafts) {
    if (seen.has(d.address)) throw new Error(`internal: two planned changes for ${d.address}`);
    seen.add(d.address);
  }
  const list = sequence(drafts);
  const deps = list.map(() => new Set<number>());
  const pos = new Map(list.map((d, i) => [d.address, i]));
  list.forEach((d, i) => {
    for (const need of d.needs) {
      const j = pos.get(need);
      if (j !== undefined && j !== i) deps[i]!.add(j);
    }
  });

  const byBudget = new Map<string, { i: number; e: Effect }[]>();
  list.forEach((d, i) => {
    for (const e of d.effects) {
      if (e.amount === 0) continue;
      const l = byBudget.get(e.budget);
      if (l) l.push({ i, e });
      else byBudget.set(e.budget, [{ i, e }]);
    }
  });

  const diagnostics: Diagnostic[] = [];
  for (const [budget, effects] of byBudget) {
    const info = describe(budget);
    const freers = effects.filter((x) => x.e.kind === "use-" || x.e.kind === "limit+");
    let slack = info.limit - info.use;
    let p = 0;
    for (const { i, e } of effects) {
      if (e.kind !== "use+" && e.kind !== "limit-") continue;
      while (slack < e.amount && p < freers.length && freers[p]!.i < i) slack += freers[p++]!.e.amount;
      if (slack < e.amount) {
        diagnostics.push(infeasible(info, effects, list, i, e.amount - slack));
        break;
      }
      slack -= e.amount;
      for (let k = 0; k < p; k++) deps[i]!.add(freers[k]!.i);
    }
  }

  const changes: Change[] = list.map((d, i) => {
    const { phase: _phase, rank: _rank, effects: _effects, needs: _needs, ...rest } = d;
    return {
      seq: i + 1,
      ...rest,
      dependsOn: [...deps[i]!].sort((a, b) => a - b).map((j) => list[j]!.address),
    };
  });
  return { changes, diagnostics };
}

function infeasible(
  info: BudgetInfo,
  effects: { i: number; e: Effect }[],
  list: DraftChange[],
  failing: number,
  short: number,
): Diagnostic {
  let use = info.use;
  let limit = info.limit;
  for (const { e } of effects) {
    if (e.kind === "use+") use += e.amount;
    else if (e.kind === "use-") use -= e.amount;
    else if (e.kind === "limit+") limit += e.amount;
    else limit -= e.amount;
  }
  const words = KEY_WORDS[info.key];
  const what = `${words.limit} ${info.kind === "pool" ? "limit" : "allocation"} of ${info.workspaceLabel}`;
  const needs =
    info.kind === "pool"
      ? info.key === "seats"
        ? "(members and invitations, plus seats allocated to sub-workspaces)"
        : "(already used, plus what is allocated to sub-workspaces)"
      : info.key === "seats"
        ? "(members and invitations)"
        : "(already used)";
  const has = info.kind === "pool" ? "the subscription has" : "the allocation is";
  const message =
    use > limit
      ? `${what} exceeded by ${n(use - limit)}: the plan needs ${n(use)} ${words.unit} ${needs} and ${has} ${n(limit)}`
      : `${what}: no order of the changes fits; ${list[failing]!.address} needs ${n(short)} more ${words.unit} than any earlier change frees`;
  const askers = effects
    .filter((x) => (x.e.kind === "use+" || x.e.kind === "limit-") && (x.e.source ?? list[x.i]!.source))
    .map((x) => ({ address: list[x.i]!.address, source: (x.e.source ?? list[x.i]!.source)! }))
    .filter((d, k, all) => all.findIndex((o) => o.address === d.address) === k);
  const shown = askers.slice(0, 5).map((d) => `${d.source.file}:${d.source.line}:${d.source.col} (${d.address})`);
  const more = askers.length > shown.length ? ` and ${askers.length - shown.length} more` : "";
  const hint =
    info.kind === "allocation" && info.key !== "seats"
      ? `an allocation can never be set below what the sub-workspace has already used; asked for by ${shown.join(", ")}${more}`
      : `asked for by ${shown.join(", ")}${more}; remove someone or raise the ${info.kind === "pool" ? "subscription" : "allocation"}`;
  const failingChange = list[failing]!;
  const failingSource = effects.find((x) => x.i === failing && (x.e.kind === "use+" || x.e.kind === "limit-"))?.e.source ?? failingChange.source;
  return {
    severity: "error",
    code: info.key === "seats" ? "seat-limit" : "insufficient-credit",
    message,
    hint,
    address: failingChange.address,
    ...(failingSource ? { source: failingSource } : {}),
  };
}

/** Indices, smallest first: the sort order is the priority. */
class MinHeap {
  private a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
