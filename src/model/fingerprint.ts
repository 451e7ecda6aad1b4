import { createHash } from "node:crypto";
import type { AccountState } from "./state.js";

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** JSON with object keys sorted, so equal values always serialize equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => byCodeUnits(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** How each collection is put in order before hashing, so listing order never counts. */
const ORDER: { [K in keyof AccountState]?: (x: AccountState[K] extends (infer T)[] ? T : never) => string } = {
  workspaces: (w) => w.id,
  members: (m) => `${m.workspaceId}\u0000${m.email}`,
  joinRequests: (r) => r.id,
  assets: (a) => `${a.type}:${a.id}`,
  assetShares: (s) => `${s.assetType}:${s.assetId}>${s.toWorkspaceId}`,
  content: (c) => `${c.type}:${c.id}`,
  apiKeys: (k) => k.workspaceId,
};

/**
 * Identifies the account state a plan was made from: `sha256:` + the sha256 of the state's
 * canonicalJson, with every collection first sorted by its identity (ORDER) so that the order
 * a provider happens to list things in does not count as a change. The planner stamps it on
 * plans and apply recomputes it to refuse stale ones, so the value must not move between
 * versions: this writes exactly the bytes canonicalJson would, piece by piece, without the
 * generic per-object sorting that made it cost over half a second at 100k members.
 */
export function fingerprintState(state: AccountState): string {
  const hash = createHash("sha256");
  const top = state as unknown as Record<string, unknown>;
  const keys = Object.keys(top)
    .filter((k) => top[k] !== undefined)
    .sort(byCodeUnits);
  hash.update("{");
  keys.forEach((k, i) => {
    hash.update(`${i > 0 ? "," : ""}${JSON.stringify(k)}:`);
    const v = top[k];
    const order = ORDER[k as keyof AccountState] as ((x: unknown) => string) | undefined;
    hash.update(order && Array.isArray(v) ? recordsJson(sortedBy(v, order)) : canonicalJson(v));
  });
  hash.update("}");
  return `sha256:${hash.digest("hex")}`;
}

/** A stable sort by a key computed once per item (not once per comparison). */
function sortedBy<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const keys = xs.map(key);
  const at = Array.from(xs, (_, i) => i);
  at.sort((a, b) => byCodeUnits(keys[a]!, keys[b]!) || a - b);
  return at.map((i) => xs[i]!);
}

/**
 * canonicalJson of an array of records that mostly share one set of keys: the sorted key
 * list is worked out once per distinct shape, and a record whose values are all primitives
 * is written by one native JSON.stringify with that list as its key order.
 */
function recordsJson(records: readonly unknown[]): string {
  const shapes = new Map<string, string[]>();
  let lastKeys: string[] = [];
  let lastSorted: string[] = [];
  const parts = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r === null || typeof r !== "object" || Array.isArray(r)) {
      parts[i] = canonicalJson(r);
      continue;
    }
    const rec = r as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (!sameKeys(keys, lastKeys)) {
      const id = keys.join("\u0000");
      let sorted = shapes.get(id);
      if (!sorted) shapes.set(id, (sorted = [...keys].sort(byCodeUnits)));
      lastKeys = keys;
      lastSorted = sorted;
    }
    parts[i] = recordJson(rec, lastSorted);
  }
  return `[${parts.join(",")}]`;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** canonicalJson(rec), given rec's keys already sorted. */
function recordJson(rec: Record<string, unknown>, sortedKeys: string[]): string {
  let flat = true;
  for (const k of sortedKeys) {
    const v = rec[k];
    if (v !== null && typeof v === "object") {
      flat = false;
      break;
    }
  }
  // With an array of keys, JSON.stringify writes them in that order and skips undefined,
  // as canonicalJson does; it would also filter nested objects' keys, hence flat only.
  if (flat) return JSON.stringify(rec, sortedKeys);
  let out = "{";
  for (const k of sortedKeys) {
    const v = rec[k];
    if (v === undefined) continue;
    out += `${out.length > 1 ? "," : ""}${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}
