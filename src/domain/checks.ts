// What every operation checks before it mutates an AccountState draft, and how it refuses:
// a DomainError thrown before any change is left behind. Shared by the operations of each
// kind (workspaces.ts, members.ts, …).

import { QUOTA_KEYS, zeroQuota, type Quota, type QuotaKey, type WorkspaceSettings, type WorkspaceState } from "../model/state.js";
import { ROLES, type Role } from "../model/plan.gen.js";
import type { AccountIndex } from "./account-index.js";
import { type Overshoot, type PoolSums, overshootsAround } from "./accounting.js";
import { DomainError } from "./errors.js";
import type { MintedKey } from "./secrets.js";

export interface OpContext {
  /** ISO time */
  now: string;
  newId(prefix: string): string;
  /** Default: a random key. The sandbox journal swaps in a recorder/replayer. */
  newApiKey?(): MintedKey;
  /**
   * The digest to store for a share-page password, given the one stored now. Default: keep
   * `previous` when the password matches it (a re-apply is not a change), else a new scrypt
   * digest with a fresh salt.
   */
  digestPassword?(password: string, previous: string | null): string;
}

export function fail(code: DomainError["code"], message: string, param?: string): never {
  throw new DomainError(code, message, param);
}

export function normalizeEmail(email: string): string {
  const e = String(email).trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) fail("validation_error", `"${email}" is not an email address`, "email");
  return e;
}

export function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) fail("validation_error", `unknown role "${role}" (one of ${ROLES.join(", ")})`, "role");
  return role as Role;
}

export function checkName(name: string): string {
  if (typeof name !== "string" || name.trim() === "") fail("validation_error", "a workspace name must not be empty", "name");
  if (name.includes("/")) fail("validation_error", `workspace name "${name}" must not contain "/"`, "name");
  return name;
}

export function checkQuota(q: Partial<Quota>, param: string): void {
  for (const [k, v] of Object.entries(q)) {
    if (!QUOTA_KEYS.includes(k as QuotaKey)) fail("validation_error", `unknown quota key "${k}"`, `${param}.${k}`);
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      fail("validation_error", `${param}.${k} must be a whole number >= 0 (got ${String(v)})`, `${param}.${k}`);
  }
}

/** Every key, the missing ones zero, each a whole number >= 0. */
export function checkedQuota(q: Partial<Quota> | null | undefined, param: string): Quota {
  const out = { ...zeroQuota(), ...(q ?? {}) };
  checkQuota(out, param);
  return out;
}

export function checkSettings(s: WorkspaceSettings): void {
  if (s.joinPolicy === "email_domain" && s.joinDomains.length === 0)
    fail("validation_error", "joinPolicy email_domain needs at least one entry in joinDomains", "settings.join_domains");
}

export function throwOvershoot(o: Overshoot): never {
  fail(o.code, o.message);
}

const overshootKey = (o: Overshoot): string => `${o.kind}:${o.workspaceId}:${o.key}`;

/**
 * Runs a tentative mutation, then rejects it (after `undo`) when it made any pool or floor
 * around `touched` worse. "Worse", not "over": an account already over a limit (an expired
 * sandbox edit, a provider's rounding) must still accept changes that reduce use. `only`
 * says the mutation changes one workspace's own record alone, so the pools are not summed again.
 */
export function guarded<T>(idx: AccountIndex, touched: WorkspaceState[], mutate: () => T, undo: () => void, only?: OwnRecordChange): T {
  const around = (pools: PoolSums): Overshoot[] => touched.flatMap((w) => overshootsAround(idx, w, pools));
  const pools: PoolSums = new Map();
  const before = new Map(around(pools).map((o) => [overshootKey(o), o.by]));
  const result = mutate();
  const after: PoolSums = only ? carried(idx, pools, only) : new Map();
  for (const o of around(after)) {
    const was = before.get(overshootKey(o));
    if (was === undefined || o.by > was) {
      undo();
      throwOvershoot(o);
    }
  }
  // Every sum of the check after holds for the account as the mutation leaves it.
  if (idx.pools) for (const [root, sum] of after) idx.pools.set(root, sum);
  return result;
}

/**
 * A mutation that changes `child`'s own record and nothing else: every pool sum made before
 * it holds after it but its parent's, which moves by the child's part of it before and after.
 * So the check after is not a new pass over every child of the pool (a 1,000-child account
 * would sum it for each allocation a plan changes).
 */
export interface OwnRecordChange {
  child: WorkspaceState;
  /** The child's billing and allocation before the mutation. */
  was: { billing: WorkspaceState["billing"]; allocation: Quota | null };
}

/** As allocatedQuota counts a child in its parent's pool. */
const poolPart = (w: { billing: WorkspaceState["billing"]; allocation: Quota | null }, k: QuotaKey): number =>
  w.billing === "parent" && w.allocation ? w.allocation[k] : 0;

function carried(idx: AccountIndex, before: PoolSums, r: OwnRecordChange): PoolSums {
  const out: PoolSums = new Map(before);
  const parent = r.child.parentId === null ? undefined : idx.ws.get(r.child.parentId);
  const sum = parent ? before.get(parent) : undefined;
  if (!parent || !sum) return out;
  const next = { ...sum };
  for (const k of QUOTA_KEYS) next[k] += poolPart(r.child, k) - poolPart(r.was, k);
  out.set(parent, next);
  return out;
}

export function parentOf(idx: AccountIndex, w: WorkspaceState): WorkspaceState | undefined {
  return w.parentId === null ? undefined : idx.ws.get(w.parentId);
}

export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
