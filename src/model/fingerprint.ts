import { createHash } from "node:crypto";
import type { AccountState } from "./state.js";

/** JSON with object keys sorted, so equal values always serialize equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Identifies the account state a plan was made from. Members and lists are sorted first so
 * that the order a provider happens to list things in does not count as a change.
 */
export function fingerprintState(state: AccountState): string {
  const byKey = <T>(xs: T[], key: (x: T) => string): T[] =>
    [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const normalized = {
    ...state,
    workspaces: byKey(state.workspaces, (w) => w.id),
    members: byKey(state.members, (m) => `${m.workspaceId}\u0000${m.email}`),
    joinRequests: byKey(state.joinRequests, (r) => r.id),
    assets: byKey(state.assets, (a) => `${a.type}:${a.id}`),
    assetShares: byKey(state.assetShares, (s) => `${s.assetType}:${s.assetId}>${s.toWorkspaceId}`),
    content: byKey(state.content, (c) => `${c.type}:${c.id}`),
    apiKeys: byKey(state.apiKeys, (k) => k.workspaceId),
  };
  return `sha256:${sha256(canonicalJson(normalized))}`;
}
