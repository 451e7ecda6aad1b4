import { createHash, type Hash } from "node:crypto";
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

/**
 * Whether `canonicalJson(a) === canonicalJson(b)`, without building either string: the
 * planner compares every field of every workspace, and most are equal.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ao = a !== null && typeof a === "object";
  const bo = b !== null && typeof b === "object";
  // An object's JSON starts with { or [, a primitive's never does.
  if (!ao || !bo) return !ao && !bo && (JSON.stringify(a) ?? "null") === (JSON.stringify(b) ?? "null");
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const ar = a as Record<string, unknown>;
  const br = b as Record<string, unknown>;
  let defined = 0;
  for (const k of Object.keys(ar)) {
    if (ar[k] === undefined) continue;
    defined++;
    if (br[k] === undefined || !Object.hasOwn(br, k) || !sameJson(ar[k], br[k])) return false;
  }
  for (const k of Object.keys(br)) if (br[k] !== undefined) defined--;
  return defined === 0;
}

export function sha256(text: string): string {
  // Encoded first: Hash.update(string) is ten times slower than encoding and hashing bytes
  // (a 6 MB spec: 85 ms against 9 ms on Node 20).
  return createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");
}

type Item<K extends keyof AccountState> = AccountState[K] extends (infer T)[] ? T : never;
const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T): number =>
    byCodeUnits(key(a), key(b));

/**
 * byCodeUnits(`${a1}\0${a2}`, `${b1}\0${b2}`) without building the strings: when neither
 * first part is a prefix of the other, they decide alone.
 */
function byPair(a1: string, a2: string, b1: string, b2: string): number {
  if (a1 === b1) return byCodeUnits(a2, b2);
  if (a1.startsWith(b1) || b1.startsWith(a1)) return byCodeUnits(`${a1}\u0000${a2}`, `${b1}\u0000${b2}`);
  return byCodeUnits(a1, b1);
}

/** How each collection is put in order before hashing, so listing order never counts. */
const ORDER: { [K in keyof AccountState]?: (a: Item<K>, b: Item<K>) => number } = {
  workspaces: byKey((w) => w.id),
  members: (a, b) => byPair(a.workspaceId, a.email, b.workspaceId, b.email),
  joinRequests: byKey((r) => r.id),
  assets: byKey((a) => `${a.type}:${a.id}`),
  assetShares: byKey((s) => `${s.assetType}:${s.assetId}>${s.toWorkspaceId}`),
  content: byKey((c) => `${c.type}:${c.id}`),
  apiKeys: byKey((k) => k.workspaceId),
};

/**
 * Identifies the account state a plan was made from: `sha256:` + the sha256 of the state's
 * canonicalJson, with every collection first sorted by its identity (ORDER) so that the order
 * a provider happens to list things in does not count as a change. The planner stamps it on
 * plans and apply recomputes it to refuse stale ones, so the value must not move between
 * versions: this hashes exactly the bytes canonicalJson would give, but writes collections
 * with native JSON.stringify, 200 records at a time, instead of sorting the keys of 100k
 * objects one by one (over half a second at 100k members; now under a tenth of a second).
 */
export function fingerprintState(state: AccountState): string {
  const hash = createHash("sha256");
  const top = state as unknown as Record<string, unknown>;
  const keys = Object.keys(top)
    .filter((k) => top[k] !== undefined)
    .sort(byCodeUnits);
  hash.update("{");
  keys.forEach((k, i) => {
    const v = top[k];
    const order = ORDER[k as keyof AccountState] as ((a: unknown, b: unknown) => number) | undefined;
    hash.update(`${i > 0 ? "," : ""}${JSON.stringify(k)}:`);
    if (order && Array.isArray(v)) writeSorted(hash, v, order);
    else hash.update(canonicalJson(v));
  });
  hash.update("}");
  return `sha256:${hash.digest("hex")}`;
}

/**
 * Makes `plan.stateFingerprint` the fingerprint of `state`, computed on its first read and
 * then kept: hashing a 100k-member account costs a fifth of a plan, and a plan printed as
 * text never reads it (JSON output, saved plans and apply do). `state` is the one the plan
 * was made from, and must not be changed before the fingerprint is read. Assigning the
 * property replaces the value as for any other field.
 */
export function lazyStateFingerprint(plan: { stateFingerprint: string }, state: AccountState): void {
  let value: string | undefined;
  Object.defineProperty(plan, "stateFingerprint", {
    enumerable: true,
    configurable: true,
    get: () => (value ??= fingerprintState(state)),
    set: (v: string) => {
      value = v;
    },
  });
}

/**
 * Records per JSON.stringify call. Small pieces stay young, regular heap strings; one
 * string of a whole 100k-member list (13 MB, built as a rope) took twice as long to hash.
 */
const CHUNK = 200;

/** Hashes canonicalJson of `xs` sorted (stably, as Array.prototype.sort is) by `order`. */
function writeSorted<T>(hash: Hash, xs: readonly T[], order: (a: T, b: T) => number): void {
  const sorted = [...xs].sort(order);
  const names = new Set<string>();
  if (!collectKeys(sorted, names)) {
    hash.update(canonicalJson(sorted));
    return;
  }
  // JSON.stringify with an array of property names writes every object's properties in the
  // array's order and skips undefined ones: given all names in use, sorted, that is
  // canonicalJson, for plain JSON data (what collectKeys checks).
  const list = [...names].sort(byCodeUnits);
  hash.update("[");
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const part = JSON.stringify(sorted.slice(i, i + CHUNK), list);
    if (i > 0) hash.update(",");
    hash.update(part.slice(1, -1));
  }
  hash.update("]");
}

/**
 * Adds every property name in `value`, at any depth, to `names`. False when `value` holds
 * something JSON.stringify would write differently from canonicalJson (a function, a
 * symbol, an object that is not a plain one, such as a Date with its toJSON).
 */
function collectKeys(value: unknown, names: Set<string>): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
    case "undefined":
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (Array.isArray(value)) {
    for (const x of value) if (!collectKeys(x, names)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const rec = value as Record<string, unknown>;
  for (const k in rec) {
    names.add(k);
    if (!collectKeys(rec[k], names)) return false;
  }
  return true;
}
