// REST-granularity operations on an AccountState draft. Each validates, mutates in place and
// returns what it made; on a rule it throws a DomainError before leaving any change behind.
// Idempotent by contract: creating what exists identically, deleting what is gone and
// re-inviting with the same role are no-ops, so a re-run after a crash converges.
// Checks stay O(affected workspace) through the cached AccountIndex.

import type { AssetType, Role } from "../spec/types.gen.js";
import type { ContentType } from "../model/address.js";
import {
  QUOTA_KEYS,
  type AccountState,
  type ApiKeyState,
  type AssetState,
  type Billing,
  type ContentAccess,
  type ContentState,
  type GeneralAccess,
  type JoinRequestState,
  type MemberState,
  type Quota,
  type QuotaKey,
  type WorkspaceState,
} from "../model/state.js";
import {
  type AccountIndex,
  addMemberRecord,
  addWorkspaceRecord,
  childrenOf,
  getWorkspace,
  indexOf,
  label,
  membersOf,
  removeAllMembersOf,
  removeMemberRecord,
  removeWorkspaceRecord,
  renameWorkspaceRecord,
} from "./account-index.js";
import {
  type Overshoot,
  allocationOvershoot,
  isBillingRoot,
  overshootsAround,
  rootOvershoot,
  zeroQuota,
} from "./accounting.js";
import { DomainError } from "./errors.js";
import { type MintedKey, digestPassword as defaultDigest, mintApiKey, passwordMatches, passwordVersionOf } from "./secrets.js";

export type WorkspaceSettings = WorkspaceState["settings"];

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  joinPolicy: "invite_only",
  joinDomains: [],
  whoCanInvite: "super_admins",
  publicInviteLink: false,
  defaultSharing: "only_me",
  unlistedJoinRequests: "ignore",
};

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

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

const ROLES: readonly Role[] = ["super_admin", "developer", "creator", "viewer"];
const ASSET_TYPES: readonly AssetType[] = ["avatar", "voice", "brand_kit", "template"];
const CONTENT_TYPES: readonly ContentType[] = ["project", "folder", "video"];
const GENERAL_ACCESS: readonly GeneralAccess[] = ["only_me", "selected", "workspace"];

// ---------------------------------------------------------------- validation helpers

function fail(code: DomainError["code"], message: string, param?: string): never {
  throw new DomainError(code, message, param);
}

export function normalizeEmail(email: string): string {
  const e = String(email).trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) fail("validation_error", `"${email}" is not an email address`, "email");
  return e;
}

function checkRole(role: string): Role {
  if (!ROLES.includes(role as Role)) fail("validation_error", `unknown role "${role}" (one of ${ROLES.join(", ")})`, "role");
  return role as Role;
}

function checkName(name: string): string {
  if (typeof name !== "string" || name.trim() === "") fail("validation_error", "a workspace name must not be empty", "name");
  if (name.includes("/")) fail("validation_error", `workspace name "${name}" must not contain "/"`, "name");
  return name;
}

function checkQuota(q: Partial<Quota>, param: string): void {
  for (const [k, v] of Object.entries(q)) {
    if (!QUOTA_KEYS.includes(k as QuotaKey)) fail("validation_error", `unknown quota key "${k}"`, `${param}.${k}`);
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      fail("validation_error", `${param}.${k} must be a whole number >= 0 (got ${String(v)})`, `${param}.${k}`);
  }
}

function fullQuota(q: Partial<Quota> | null | undefined, param: string): Quota {
  const out = { ...zeroQuota(), ...(q ?? {}) };
  checkQuota(out, param);
  return out;
}

function checkSettings(s: WorkspaceSettings): void {
  if (s.joinPolicy === "email_domain" && s.joinDomains.length === 0)
    fail("validation_error", "joinPolicy email_domain needs at least one entry in joinDomains", "settings.join_domains");
}

function throwOvershoot(o: Overshoot): never {
  fail(o.code, o.message);
}

const overshootKey = (o: Overshoot): string => `${o.kind}:${o.workspaceId}:${o.key}`;

/**
 * Runs a tentative mutation, then rejects it (after `undo`) when it made any pool or floor
 * around `touched` worse. "Worse", not "over": an account already over a limit (an expired
 * sandbox edit, a provider's rounding) must still accept changes that reduce use.
 */
function guarded<T>(idx: AccountIndex, touched: WorkspaceState[], mutate: () => T, undo: () => void): T {
  const around = (): Overshoot[] => touched.flatMap((w) => overshootsAround(idx, w));
  const before = new Map(around().map((o) => [overshootKey(o), o.by]));
  const result = mutate();
  for (const o of around()) {
    const was = before.get(overshootKey(o));
    if (was === undefined || o.by > was) {
      undo();
      throwOvershoot(o);
    }
  }
  return result;
}

function parentOf(idx: AccountIndex, w: WorkspaceState): WorkspaceState | undefined {
  return w.parentId === null ? undefined : idx.ws.get(w.parentId);
}

function expiresAt(now: string): string {
  return new Date(Date.parse(now) + INVITATION_TTL_MS).toISOString();
}

export function isExpired(m: MemberState, now: string): boolean {
  return m.status === "invited" && m.expiresAt !== null && Date.parse(m.expiresAt) <= Date.parse(now);
}

/** Viewers are view-only everywhere: any `edit` they hold on the workspace's content drops to `view`. */
function downgradeViewerEdits(state: AccountState, workspaceId: string, email: string): void {
  for (const c of state.content) {
    if (c.workspaceId !== workspaceId) continue;
    for (const u of c.users) if (u.email === email && u.access === "edit") u.access = "view";
  }
}

// ---------------------------------------------------------------- workspaces

export interface CreateWorkspaceInput {
  name: string;
  parentId: string;
  billing: Billing;
  apiAccess?: boolean;
  image?: string | null;
  settings?: Partial<WorkspaceSettings>;
  deletionProtection?: boolean;
  /** own billing: required */
  subscription?: Quota | null;
  /** parent billing: default all zero (the planner raises it with an allocation change) */
  allocation?: Quota | null;
  /** Pin an id (tests, imports); default ctx.newId("ws"). */
  id?: string;
}

export function createWorkspace(state: AccountState, input: CreateWorkspaceInput, ctx: OpContext): WorkspaceState {
  const idx = indexOf(state);
  const name = checkName(input.name);
  const parent = getWorkspace(idx, input.parentId, "parent_id");
  if (!isBillingRoot(parent))
    fail("validation_error", `cannot create "${name}" under ${label(idx, parent)}: nesting is only allowed under own billing, and it is billed by its parent`, "parent_id");
  if (input.billing !== "own" && input.billing !== "parent") fail("validation_error", `billing must be "own" or "parent"`, "billing");
  const settings: WorkspaceSettings = { ...DEFAULT_SETTINGS, ...(parent.settings ?? {}), ...stripUndefined(input.settings ?? {}) };
  settings.joinDomains = [...settings.joinDomains];
  checkSettings(settings);
  let subscription: Quota | null = null;
  let allocation: Quota | null = null;
  if (input.billing === "own") {
    if (!input.subscription) fail("validation_error", `own-billed "${name}" needs a subscription`, "subscription");
    subscription = fullQuota(input.subscription, "subscription");
  } else {
    if (input.subscription) fail("validation_error", `parent-billed "${name}" cannot have its own subscription`, "subscription");
    allocation = fullQuota(input.allocation, "allocation");
  }

  const existing = idx.childByName.get(`${parent.id}\u0000${name}`);
  if (existing) {
    if (existing.billing === input.billing && (input.id === undefined || input.id === existing.id)) return existing;
    fail("conflict", `${label(idx, existing)} already exists (id ${existing.id}, billing ${existing.billing})`, "name");
  }
  if (input.id !== undefined && idx.ws.has(input.id)) fail("conflict", `workspace id ${input.id} is taken`, "id");

  const id = input.id ?? ctx.newId("ws");
  if (idx.ws.has(id)) fail("conflict", `workspace id ${id} is taken`, "id");
  const w: WorkspaceState = {
    id,
    name,
    parentId: parent.id,
    image: input.image ?? null,
    billing: input.billing,
    apiAccess: input.apiAccess ?? false,
    allocation,
    subscription,
    usage: zeroQuota(),
    settings,
    deletionProtection: input.deletionProtection ?? false,
    createdAt: ctx.now,
  };
  if (allocation) {
    for (const key of QUOTA_KEYS) {
      const o = rootOvershoot(idx, parent, key, 0, { child: w, value: allocation[key] });
      if (o) throwOvershoot(o);
    }
  }
  addWorkspaceRecord(idx, w);
  return w;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface UpdateWorkspacePatch {
  name?: string;
  image?: string | null;
  apiAccess?: boolean;
  settings?: Partial<WorkspaceSettings>;
  deletionProtection?: boolean;
  billing?: Billing;
  /** own billing: the new subscription */
  subscription?: Quota | null;
  /** When switching to parent billing: the allocation to start with (default: its current use). */
  allocation?: Quota | null;
}

export function updateWorkspace(state: AccountState, id: string, patch: UpdateWorkspacePatch): WorkspaceState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, id);
  const parent = parentOf(idx, w);
  const isMain = w.parentId === null;

  const name = patch.name !== undefined ? checkName(patch.name) : w.name;
  if (name !== w.name && parent) {
    const clash = idx.childByName.get(`${parent.id}\u0000${name}`);
    if (clash && clash !== w) fail("conflict", `cannot rename ${label(idx, w)} to "${name}": a sibling of that name exists`, "name");
  }
  const settings: WorkspaceSettings = { ...w.settings, ...stripUndefined(patch.settings ?? {}) };
  settings.joinDomains = [...settings.joinDomains];
  checkSettings(settings);
  const billing = patch.billing ?? w.billing;
  if (isMain && billing !== "own") fail("validation_error", "the main workspace always holds the account's subscription (billing own)", "billing");
  if (billing !== "own" && billing !== "parent") fail("validation_error", `billing must be "own" or "parent"`, "billing");

  let subscription = w.subscription;
  let allocation = w.allocation;
  if (billing === "own") {
    if (patch.subscription) subscription = fullQuota(patch.subscription, "subscription");
    if (!subscription) fail("validation_error", `switching ${label(idx, w)} to own billing needs a subscription`, "subscription");
    allocation = null;
  } else {
    if (patch.subscription) fail("validation_error", `parent-billed ${label(idx, w)} cannot have its own subscription`, "subscription");
    if (w.billing === "own") {
      const kids = [...childrenOf(idx, w.id)];
      if (kids.length > 0)
        fail("conflict", `cannot switch ${label(idx, w)} to parent billing: it has ${kids.length} sub-workspace(s), and nesting is only allowed under own billing`, "billing");
      if (parent && !isBillingRoot(parent)) fail("validation_error", `${label(idx, parent)} is billed by its parent`, "billing");
      const floor: Quota = { seats: membersOf(idx, w.id).size, avatarSlots: w.usage.avatarSlots, generativeCredits: w.usage.generativeCredits, apiCredits: w.usage.apiCredits };
      allocation = patch.allocation ? fullQuota(patch.allocation, "allocation") : floor;
    } else if (patch.allocation) {
      allocation = fullQuota(patch.allocation, "allocation");
    }
    subscription = null;
  }

  const saved = { ...w };
  const touched = parent ? [w, parent] : [w];
  guarded(
    idx,
    touched,
    () => {
      if (name !== w.name) renameWorkspaceRecord(idx, w, name);
      w.settings = settings;
      w.billing = billing;
      w.subscription = subscription;
      w.allocation = allocation;
      if (patch.image !== undefined) w.image = patch.image;
      if (patch.deletionProtection !== undefined) w.deletionProtection = patch.deletionProtection;
      if (patch.apiAccess !== undefined) w.apiAccess = patch.apiAccess;
    },
    () => {
      if (w.name !== saved.name) renameWorkspaceRecord(idx, w, saved.name);
      Object.assign(w, saved);
    },
  );
  // Turning API access off revokes the key: a key only exists where API access is on.
  if (!w.apiAccess) revokeApiKey(state, w.id);
  return w;
}

/** Deletes a sub-workspace with its members, requests, key, library, content and shares. Gone already: false. */
export function deleteWorkspace(state: AccountState, id: string): boolean {
  const idx = indexOf(state);
  const w = idx.ws.get(id);
  if (!w) return false;
  if (w.parentId === null) fail("forbidden", "the main workspace cannot be deleted", "workspace_id");
  if (w.deletionProtection)
    fail("forbidden", `${label(idx, w)} has deletion protection; turn it off before deleting it`, "workspace_id");
  const kids = [...childrenOf(idx, w.id)];
  if (kids.length > 0)
    fail("conflict", `${label(idx, w)} still has ${kids.length} sub-workspace(s) (${kids.map((k) => k.name).join(", ")}); delete them first`, "workspace_id");

  removeAllMembersOf(idx, w.id);
  state.joinRequests = state.joinRequests.filter((r) => r.workspaceId !== w.id);
  state.apiKeys = state.apiKeys.filter((k) => k.workspaceId !== w.id);
  const goneAssets = new Set(state.assets.filter((a) => a.workspaceId === w.id).map((a) => `${a.type}:${a.id}`));
  state.assets = state.assets.filter((a) => a.workspaceId !== w.id);
  state.assetShares = state.assetShares.filter(
    (s) => s.toWorkspaceId !== w.id && s.fromWorkspaceId !== w.id && !goneAssets.has(`${s.assetType}:${s.assetId}`),
  );
  state.content = state.content.filter((c) => c.workspaceId !== w.id);
  removeWorkspaceRecord(idx, w);
  return true;
}

/** The full allocation of a parent-billed sub-workspace; never below its use, always within the parent's pool. */
export function setAllocation(state: AccountState, id: string, quota: Quota): WorkspaceState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, id);
  if (w.billing !== "parent" || w.parentId === null)
    fail("validation_error", `${label(idx, w)} is billed on its own; only parent-billed sub-workspaces have an allocation`, "allocation");
  const next = fullQuota(quota, "allocation");
  const parent = parentOf(idx, w)!;
  const saved = w.allocation;
  return guarded(
    idx,
    [w, parent],
    () => {
      w.allocation = next;
      return w;
    },
    () => (w.allocation = saved),
  );
}

// ---------------------------------------------------------------- members

function seatOvershootIfAdded(idx: AccountIndex, w: WorkspaceState): Overshoot | null {
  return isBillingRoot(w) ? rootOvershoot(idx, w, "seats", 1) : allocationOvershoot(idx, w, "seats", 1);
}

export function inviteMember(state: AccountState, workspaceId: string, email: string, role: Role, ctx: OpContext): MemberState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const e = normalizeEmail(email);
  checkRole(role);
  const existing = membersOf(idx, w.id).get(e);
  if (existing) {
    if (existing.role === role) return existing;
    fail("conflict", `${e} is already ${existing.status === "active" ? "a member" : "invited"} in ${label(idx, w)} as ${existing.role}; change the role instead`, "email");
  }
  const o = seatOvershootIfAdded(idx, w);
  if (o) fail(o.code, `cannot invite ${e}: ${o.message}`, "email");
  const m: MemberState = { workspaceId: w.id, email: e, role, status: "invited", invitedAt: ctx.now, expiresAt: expiresAt(ctx.now) };
  addMemberRecord(idx, m);
  // Content may still list them with edit (shared before, or kept after a removal).
  if (role === "viewer") downgradeViewerEdits(state, w.id, e);
  // An invitation answers any pending request from the same person.
  if (state.joinRequests.some((r) => r.workspaceId === w.id && r.email === e))
    state.joinRequests = state.joinRequests.filter((r) => !(r.workspaceId === w.id && r.email === e));
  return m;
}

function getMember(idx: AccountIndex, w: WorkspaceState, email: string): MemberState {
  const e = normalizeEmail(email);
  const m = membersOf(idx, w.id).get(e);
  if (!m) fail("not_found", `${e} is not a member of ${label(idx, w)} and has no invitation there`, "email");
  return m;
}

export function changeMemberRole(state: AccountState, workspaceId: string, email: string, role: Role): MemberState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  checkRole(role);
  const m = getMember(idx, w, email);
  if (m.role === role) return m;
  m.role = role;
  if (role === "viewer") downgradeViewerEdits(state, w.id, m.email);
  return m;
}

/** Removes an active member or revokes an invitation. Gone already: false. */
export function removeMember(state: AccountState, workspaceId: string, email: string): boolean {
  const idx = indexOf(state);
  const w = idx.ws.get(workspaceId);
  if (!w) return false;
  const m = membersOf(idx, w.id).get(normalizeEmail(email));
  if (!m) return false;
  removeMemberRecord(idx, m);
  // Someone who left keeps no access to the workspace's content.
  for (const c of state.content) {
    if (c.workspaceId === w.id && c.users.some((u) => u.email === m.email)) c.users = c.users.filter((u) => u.email !== m.email);
  }
  return true;
}

/** Re-sends a pending (usually expired) invitation: a new 7-day window, optionally a new role. */
export function resendInvitation(state: AccountState, workspaceId: string, email: string, ctx: OpContext, role?: Role): MemberState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const m = getMember(idx, w, email);
  if (role !== undefined) changeMemberRole(state, workspaceId, m.email, checkRole(role));
  if (m.status === "active") return m;
  m.invitedAt = ctx.now;
  m.expiresAt = expiresAt(ctx.now);
  return m;
}

/** The other side of the world: the invited person accepts. */
export function acceptInvitation(state: AccountState, workspaceId: string, email: string, ctx: Pick<OpContext, "now">): MemberState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const m = getMember(idx, w, email);
  if (m.status === "active") return m;
  if (isExpired(m, ctx.now))
    fail("conflict", `the invitation of ${m.email} to ${label(idx, w)} expired at ${m.expiresAt}; it must be re-sent first`, "email");
  m.status = "active";
  m.expiresAt = null;
  return m;
}

/** Test helper for the sandbox: make a pending invitation expired (sent 8 days ago). */
export function expireInvitation(state: AccountState, workspaceId: string, email: string, ctx: Pick<OpContext, "now">): MemberState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const m = getMember(idx, w, email);
  if (m.status !== "invited") fail("conflict", `${m.email} has already accepted; only a pending invitation can expire`, "email");
  const now = Date.parse(ctx.now);
  m.invitedAt = new Date(now - INVITATION_TTL_MS - 24 * 3600 * 1000).toISOString();
  m.expiresAt = new Date(now - 24 * 3600 * 1000).toISOString();
  return m;
}

// ---------------------------------------------------------------- join requests

export function addJoinRequest(state: AccountState, workspaceId: string, email: string, ctx: OpContext): JoinRequestState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const e = normalizeEmail(email);
  const member = membersOf(idx, w.id).get(e);
  if (member) fail("conflict", `${e} is already ${member.status === "active" ? "a member" : "invited"} in ${label(idx, w)}`, "email");
  const existing = state.joinRequests.find((r) => r.workspaceId === w.id && r.email === e);
  if (existing) return existing;
  const r: JoinRequestState = { id: ctx.newId("jr"), workspaceId: w.id, email: e, requestedAt: ctx.now };
  state.joinRequests.push(r);
  return r;
}

export interface JoinRequestRef {
  requestId?: string | null;
  workspaceId: string;
  email?: string;
}

function findRequest(state: AccountState, ref: JoinRequestRef): JoinRequestState | undefined {
  const e = ref.email?.toLowerCase();
  return (
    (ref.requestId ? state.joinRequests.find((r) => r.id === ref.requestId) : undefined) ??
    (e !== undefined ? state.joinRequests.find((r) => r.workspaceId === ref.workspaceId && r.email === e) : undefined)
  );
}

/** The person becomes an active member with `role`. Already approved (they are a member): a no-op. */
export function approveJoinRequest(state: AccountState, ref: JoinRequestRef, role: Role): MemberState {
  const idx = indexOf(state);
  checkRole(role);
  const r = findRequest(state, ref);
  if (!r) {
    const w = idx.ws.get(ref.workspaceId);
    const m = w && ref.email ? membersOf(idx, w.id).get(ref.email.toLowerCase()) : undefined;
    if (m) return m;
    fail("not_found", `join request ${ref.requestId ?? ""} ${ref.email ?? ""} does not exist`.replace(/\s+/g, " "), "request_id");
  }
  const w = getWorkspace(idx, r.workspaceId);
  const existing = membersOf(idx, w.id).get(r.email);
  if (existing) {
    state.joinRequests = state.joinRequests.filter((x) => x !== r);
    return existing;
  }
  const o = seatOvershootIfAdded(idx, w);
  if (o) fail(o.code, `cannot approve ${r.email}: ${o.message}`, "request_id");
  const m: MemberState = { workspaceId: w.id, email: r.email, role, status: "active", invitedAt: null, expiresAt: null };
  addMemberRecord(idx, m);
  if (role === "viewer") downgradeViewerEdits(state, w.id, r.email);
  state.joinRequests = state.joinRequests.filter((x) => x !== r);
  return m;
}

/** Gone already: false. */
export function denyJoinRequest(state: AccountState, ref: JoinRequestRef): boolean {
  const r = findRequest(state, ref);
  if (!r) return false;
  state.joinRequests = state.joinRequests.filter((x) => x !== r);
  return true;
}

// ---------------------------------------------------------------- API keys

export interface IssuedKey {
  key: ApiKeyState;
  /** The key itself, shown once; null when a key existed already (nothing new to show). */
  secret: string | null;
}

export interface KeyOptions {
  /** Hold the key as undelivered until confirmApiKey: the caller will say once it is stored. */
  awaitDelivery?: boolean;
}

function mint(state: AccountState, w: WorkspaceState, ctx: OpContext, opts: KeyOptions): IssuedKey {
  const k = (ctx.newApiKey ?? mintApiKey)();
  const key: ApiKeyState = {
    workspaceId: w.id,
    keyId: k.keyId,
    last4: k.last4,
    createdAt: ctx.now,
    secretHash: k.hash,
    ...(opts.awaitDelivery ? { delivered: false as const } : {}),
  };
  state.apiKeys = state.apiKeys.filter((x) => x.workspaceId !== w.id);
  state.apiKeys.push(key);
  return { key, secret: k.value };
}

function needApiAccess(idx: AccountIndex, w: WorkspaceState): void {
  if (!w.apiAccess) fail("forbidden", `${label(idx, w)} has no API access; turn apiAccess on before it can have a key`, "api_access");
}

export function createApiKey(state: AccountState, workspaceId: string, ctx: OpContext, opts: KeyOptions = {}): IssuedKey {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  needApiAccess(idx, w);
  const existing = state.apiKeys.find((k) => k.workspaceId === w.id);
  if (existing) return { key: existing, secret: null };
  return mint(state, w, ctx, opts);
}

export function rotateApiKey(state: AccountState, workspaceId: string, ctx: OpContext, opts: KeyOptions = {}): IssuedKey {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  needApiAccess(idx, w);
  return mint(state, w, ctx, opts);
}

/**
 * The caller has stored the key `keyId`: it counts as delivered. Again: a no-op. A key that
 * was replaced since is a conflict (the one stored no longer works).
 */
export function confirmApiKey(state: AccountState, workspaceId: string, keyId: string): ApiKeyState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const key = state.apiKeys.find((k) => k.workspaceId === w.id);
  if (!key) fail("not_found", `${label(idx, w)} has no API key`, "workspace_id");
  if (key.keyId !== keyId) fail("conflict", `${label(idx, w)}'s API key is ${key.keyId} now, not ${keyId}: it was replaced`, "key_id");
  delete key.delivered;
  return key;
}

/** Gone already: false. */
export function revokeApiKey(state: AccountState, workspaceId: string): boolean {
  const before = state.apiKeys.length;
  if (!state.apiKeys.some((k) => k.workspaceId === workspaceId)) return false;
  state.apiKeys = state.apiKeys.filter((k) => k.workspaceId !== workspaceId);
  return state.apiKeys.length < before;
}

// ---------------------------------------------------------------- sharing

export interface AssetShareRef {
  assetType: AssetType;
  assetId: string;
  fromWorkspaceId: string;
  toWorkspaceId: string;
}

export function shareAsset(state: AccountState, ref: AssetShareRef): void {
  const idx = indexOf(state);
  const asset = state.assets.find((a) => a.type === ref.assetType && a.id === ref.assetId);
  if (!asset) fail("not_found", `${ref.assetType} ${ref.assetId} does not exist`, "asset_id");
  const from = getWorkspace(idx, ref.fromWorkspaceId, "from_workspace_id");
  const to = getWorkspace(idx, ref.toWorkspaceId, "to_workspace_id");
  if (asset.workspaceId !== from.id)
    fail("validation_error", `${ref.assetType} ${ref.assetId} is not in the library of ${label(idx, from)}`, "from_workspace_id");
  if (to.id === from.id) fail("validation_error", `cannot share ${ref.assetType} ${ref.assetId} with the workspace that holds it`, "to_workspace_id");
  if (state.assetShares.some((s) => sameShare(s, ref))) return;
  state.assetShares.push({ ...ref });
}

function sameShare(a: AssetShareRef, b: AssetShareRef): boolean {
  return a.assetType === b.assetType && a.assetId === b.assetId && a.toWorkspaceId === b.toWorkspaceId;
}

/** Gone already: false. */
export function unshareAsset(state: AccountState, ref: Omit<AssetShareRef, "fromWorkspaceId"> & { fromWorkspaceId?: string }): boolean {
  const n = state.assetShares.length;
  state.assetShares = state.assetShares.filter((s) => !sameShare(s, { ...ref, fromWorkspaceId: "" }));
  return state.assetShares.length < n;
}

export interface ContentSharingPatch {
  generalAccess?: GeneralAccess;
  users?: { email: string; access: ContentAccess }[];
  sharePage?: {
    /** undefined: leave; null: remove; a string: set (stored only as a salted digest) */
    password?: string | null;
    publicPublishing?: boolean;
    captions?: boolean;
  };
}

export function updateContentSharing(
  state: AccountState,
  ref: { type: ContentType; id: string },
  patch: ContentSharingPatch,
  ctx: Pick<OpContext, "digestPassword">,
): ContentState {
  const idx = indexOf(state);
  const c = state.content.find((x) => x.type === ref.type && x.id === ref.id);
  if (!c) fail("not_found", `${ref.type} ${ref.id} does not exist`, "content_id");
  if (patch.generalAccess !== undefined && !GENERAL_ACCESS.includes(patch.generalAccess))
    fail("validation_error", `general access must be one of ${GENERAL_ACCESS.join(", ")}`, "general_access");
  let users = c.users;
  if (patch.users !== undefined) {
    const seen = new Map<string, ContentAccess>();
    const members = membersOf(idx, c.workspaceId);
    for (const u of patch.users) {
      const e = normalizeEmail(u.email);
      if (u.access !== "view" && u.access !== "edit") fail("validation_error", `access for ${e} must be view or edit`, "users");
      if (u.access === "edit" && members.get(e)?.role === "viewer")
        fail("validation_error", `cannot give ${e} edit access to ${c.type} ${c.id}: they are a viewer, and viewers are always view-only`, "users");
      seen.set(e, u.access);
    }
    users = [...seen].map(([email, access]) => ({ email, access }));
  }
  const page = { ...c.sharePage };
  const sp = patch.sharePage;
  if (sp) {
    if (sp.password === null) {
      if (page.passwordSet) page.passwordVersion = passwordVersionOf(page) + 1;
      page.passwordSet = false;
      page.passwordDigest = null;
    } else if (typeof sp.password === "string") {
      if (sp.password === "") fail("validation_error", "a share-page password must not be empty", "share_page.password");
      const digest = (ctx.digestPassword ?? digestOrKeep)(sp.password, page.passwordDigest);
      // The same password keeps its digest, so a re-apply is no change (and a journal replay,
      // which has the digest but not the password, counts the same).
      if (!page.passwordSet || digest !== page.passwordDigest) page.passwordVersion = passwordVersionOf(page) + 1;
      page.passwordDigest = digest;
      page.passwordSet = true;
    }
    if (sp.publicPublishing !== undefined) page.publicPublishing = sp.publicPublishing;
    if (sp.captions !== undefined) page.captions = sp.captions;
  }
  if (patch.generalAccess !== undefined) c.generalAccess = patch.generalAccess;
  c.users = users;
  c.sharePage = page;
  return c;
}

// ---------------------------------------------------------------- the other side of the world

export function digestOrKeep(password: string, previous: string | null): string {
  return previous !== null && passwordMatches(password, previous) ? previous : defaultDigest(password);
}

export type Consumption = Partial<Record<Exclude<QuotaKey, "seats">, number>>;

/** Credits spent / avatar slots taken in a workspace, within its allocation or subscription. */
export function consumeCredits(state: AccountState, workspaceId: string, amounts: Consumption): WorkspaceState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  checkQuota(amounts, "usage");
  if ("seats" in amounts) fail("validation_error", "seats are used by members, not consumed", "usage.seats");
  const saved = { ...w.usage };
  const parent = parentOf(idx, w);
  return guarded(
    idx,
    parent ? [w, parent] : [w],
    () => {
      for (const [k, v] of Object.entries(amounts) as [Exclude<QuotaKey, "seats">, number][]) w.usage[k] += v;
      return w;
    },
    () => (w.usage = saved),
  );
}

export interface NewAsset {
  workspaceId: string;
  type: AssetType;
  id: string;
  name: string;
}

/** A library item appears (an avatar takes one avatar slot). Same one again: a no-op. */
export function addAsset(state: AccountState, input: NewAsset): AssetState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, input.workspaceId);
  if (!ASSET_TYPES.includes(input.type)) fail("validation_error", `asset type must be one of ${ASSET_TYPES.join(", ")}`, "type");
  if (!input.id) fail("validation_error", "an asset needs an id", "id");
  const existing = state.assets.find((a) => a.type === input.type && a.id === input.id);
  if (existing) {
    if (existing.workspaceId === w.id && existing.name === input.name) return existing;
    fail("conflict", `${input.type} ${input.id} already exists ("${existing.name}" in workspace ${existing.workspaceId})`, "id");
  }
  if (input.type === "avatar") consumeCredits(state, w.id, { avatarSlots: 1 });
  const a: AssetState = { id: input.id, type: input.type, name: input.name, workspaceId: w.id };
  state.assets.push(a);
  return a;
}

export interface NewContent {
  workspaceId: string;
  type: ContentType;
  id: string;
  name: string;
}

/** A project, folder or video appears, with the workspace's default sharing. Same one again: a no-op. */
export function addContent(state: AccountState, input: NewContent): ContentState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, input.workspaceId);
  if (!CONTENT_TYPES.includes(input.type)) fail("validation_error", `content type must be one of ${CONTENT_TYPES.join(", ")}`, "type");
  if (!input.id) fail("validation_error", "content needs an id", "id");
  const existing = state.content.find((c) => c.type === input.type && c.id === input.id);
  if (existing) {
    if (existing.workspaceId === w.id && existing.name === input.name) return existing;
    fail("conflict", `${input.type} ${input.id} already exists ("${existing.name}" in workspace ${existing.workspaceId})`, "id");
  }
  const c: ContentState = {
    id: input.id,
    type: input.type,
    name: input.name,
    workspaceId: w.id,
    generalAccess: w.settings.defaultSharing,
    users: [],
    sharePage: { passwordSet: false, passwordDigest: null, publicPublishing: false, captions: false },
  };
  state.content.push(c);
  return c;
}
