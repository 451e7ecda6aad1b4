// Who is calling: the API keys the emulator accepts, stored only as sha256 digests in a file
// beside the state (`<state>.keys.json`). The super admin key comes from HEYGEN_API_KEY or
// is generated at start; developer keys are minted by `hgw emulator keys` (before the
// server starts). A sub-workspace's key is minted by the API itself (create/rotate) and is
// recognised by the hash the account keeps of it, so revoke, rotate or deleting the
// workspace ends it at once.

import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../util/atomic-write.js";
import { sha256 } from "../model/fingerprint.js";
import type { AccountState } from "../model/state.js";
import { hashSecret } from "../domain/secrets.js";

export type KeyRole = "super_admin" | "developer" | "workspace";

export interface StoredKey {
  id: string;
  role: KeyRole;
  /** The sub-workspace a `workspace` key belongs to. */
  workspaceId: string | null;
  digest: string;
}

export interface Principal {
  keyId: string;
  role: KeyRole;
  workspaceId: string | null;
}

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString("base64url")}`;
}

export function keysFileFor(stateFile: string): string {
  return `${stateFile}.keys.json`;
}

export async function loadKeys(file: string | null): Promise<StoredKey[]> {
  if (!file) return [];
  try {
    return (JSON.parse(await readFile(file, "utf8")) as { keys: StoredKey[] }).keys;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
}

export async function saveKeys(file: string | null, keys: StoredKey[]): Promise<void> {
  if (!file) return;
  await writeFileAtomic(file, `${JSON.stringify({ keys }, null, 2)}\n`, 0o600);
}

export class KeyRing {
  private byDigest = new Map<string, StoredKey>();
  constructor(keys: StoredKey[]) {
    for (const k of keys) this.byDigest.set(k.digest, k);
  }

  identify(secret: string | undefined, state: AccountState): Principal | null {
    if (!secret) return null;
    const k = this.byDigest.get(sha256(secret));
    if (k) return { keyId: k.id, role: k.role, workspaceId: k.workspaceId };
    const hash = hashSecret(secret);
    const ws = state.apiKeys.find((x) => x.secretHash === hash);
    if (ws) return { keyId: ws.keyId, role: "workspace", workspaceId: ws.workspaceId };
    // A rotated key works until it is revoked, so that its holder can move to the new one.
    const old = state.apiKeys.find((x) => x.previous?.secretHash === hash);
    return old?.previous ? { keyId: old.previous.keyId, role: "workspace", workspaceId: old.workspaceId } : null;
  }

  /** Adds a key held only in memory (the super admin key is never written down). */
  addEphemeral(secret: string, role: KeyRole, id: string): void {
    this.byDigest.set(sha256(secret), { id, role, workspaceId: null, digest: sha256(secret) });
  }
}

/** `hgw emulator keys`: a developer key written (as a digest) beside the state file. */
export async function mintDeveloperKey(stateFile: string): Promise<{ id: string; secret: string }> {
  const file = keysFileFor(stateFile);
  const keys = await loadKeys(file);
  const secret = newSecret("hgw_dev");
  const id = `key_dev_${randomBytes(6).toString("hex")}`;
  keys.push({ id, role: "developer", workspaceId: null, digest: sha256(secret) });
  await saveKeys(file, keys);
  return { id, secret };
}
