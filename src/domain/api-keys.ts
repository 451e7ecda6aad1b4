// A sub-workspace's API key: made where API access is on, shown once, kept by the account as
// its id, last four characters and hash; rotated, confirmed delivered, revoked.

import type { AccountState, ApiKeyState, PreviousApiKeyState, WorkspaceState } from "../model/state.js";
import { type AccountIndex, getWorkspace, indexOf, label } from "./account-index.js";
import { type OpContext, fail } from "./checks.js";
import { mintApiKey } from "./secrets.js";

export interface IssuedKey {
  key: ApiKeyState;
  /** The key itself, shown once; null when a key existed already (nothing new to show). */
  secret: string | null;
}

export interface KeyOptions {
  /** Hold the key as undelivered until confirmApiKey: the caller will say once it is stored. */
  awaitDelivery?: boolean;
  /**
   * Rotating: the key replaced keeps working as `previous` until revokePreviousApiKey, so
   * that it is revoked only once its successor is stored. An undelivered key is never kept
   * (nobody holds it): the `previous` it had stays. An older `previous` is revoked.
   */
  keepPrevious?: boolean;
}

function keptKey(existing: ApiKeyState | undefined): PreviousApiKeyState | undefined {
  if (!existing) return undefined;
  if (existing.delivered === false) return existing.previous;
  return {
    keyId: existing.keyId,
    last4: existing.last4,
    createdAt: existing.createdAt,
    ...(existing.secretHash !== undefined ? { secretHash: existing.secretHash } : {}),
  };
}

function mint(state: AccountState, w: WorkspaceState, ctx: OpContext, opts: KeyOptions): IssuedKey {
  const k = (ctx.newApiKey ?? mintApiKey)();
  const previous = opts.keepPrevious ? keptKey(state.apiKeys.find((x) => x.workspaceId === w.id)) : undefined;
  const key: ApiKeyState = {
    workspaceId: w.id,
    keyId: k.keyId,
    last4: k.last4,
    createdAt: ctx.now,
    secretHash: k.hash,
    ...(opts.awaitDelivery ? { delivered: false as const } : {}),
    ...(previous ? { previous } : {}),
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

/**
 * Revokes the key a rotation kept working (`previous`), once its successor is stored. Gone
 * already: false. Another key there than `keyId` (when given) is a conflict: it is not the
 * one the caller meant to revoke.
 */
export function revokePreviousApiKey(state: AccountState, workspaceId: string, keyId?: string): boolean {
  const idx = indexOf(state);
  const w = getWorkspace(idx, workspaceId);
  const key = state.apiKeys.find((k) => k.workspaceId === w.id);
  if (!key?.previous) return false;
  if (keyId !== undefined && key.previous.keyId !== keyId) {
    fail("conflict", `${label(idx, w)}'s previous API key is ${key.previous.keyId}, not ${keyId}`, "key_id");
  }
  delete key.previous;
  return true;
}

/** Gone already: false. The key and any previous one a rotation kept stop working. */
export function revokeApiKey(state: AccountState, workspaceId: string): boolean {
  const before = state.apiKeys.length;
  if (!state.apiKeys.some((k) => k.workspaceId === workspaceId)) return false;
  state.apiKeys = state.apiKeys.filter((k) => k.workspaceId !== workspaceId);
  return state.apiKeys.length < before;
}
