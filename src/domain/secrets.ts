// Minting API keys and digesting share-page passwords: the only places secrets are touched.
// The account keeps a key's id, last four characters and hash, and a password's scrypt
// digest; the values themselves leave through the return value once and are never stored.
// A digest never leaves the account either (see publicAccount): a fast one could be
// guessed offline by anyone who can read it, and even a slow one should not be handed out.

import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { passwordVersionOf, type AccountState, type SharePageState } from "../model/state.js";

export { passwordVersionOf };

export interface MintedKey {
  value: string;
  keyId: string;
  last4: string;
  hash: string;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let s = "";
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return s;
}

export function hashSecret(value: string): string {
  return `sha256:${createHash("sha256").update(value).digest("hex")}`;
}

export function mintApiKey(): MintedKey {
  const value = `hgw_sk_${randomToken(40)}`;
  return { value, keyId: `key_${randomToken(12)}`, last4: value.slice(-4), hash: hashSecret(value) };
}

// scrypt at N=2^14, r=8, p=1: about 16 MiB and tens of milliseconds per guess. The
// parameters are part of the digest, so they can be raised without breaking stored ones.
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/** `scrypt:<N>:<r>:<p>:<salt hex>:<hash hex>` */
export function digestPassword(password: string, salt = randomBytes(16).toString("hex")): string {
  const hash = scryptSync(password, salt, KEY_LENGTH, { ...SCRYPT, maxmem: 64 * 1024 * 1024 });
  return `scrypt:${SCRYPT.N}:${SCRYPT.r}:${SCRYPT.p}:${salt}:${hash.toString("hex")}`;
}

/** Checks a password against a stored digest: scrypt, or the salted sha256 of older accounts. */
export function passwordMatches(password: string, digest: string): boolean {
  const parts = digest.split(":");
  let again: Buffer;
  let stored: Buffer;
  if (parts[0] === "scrypt" && parts.length === 6) {
    const [, n, r, p, salt, hex] = parts as [string, string, string, string, string, string];
    const N = Number(n);
    const R = Number(r);
    const P = Number(p);
    if (![N, R, P].every((x) => Number.isInteger(x) && x > 0)) return false;
    stored = Buffer.from(hex, "hex");
    if (stored.length === 0) return false;
    again = scryptSync(password, salt, stored.length, { N, r: R, p: P, maxmem: 256 * N * R + 16 * 1024 * 1024 });
  } else if (parts[0] === "salted-sha256" && parts.length === 3) {
    const [, salt, hex] = parts as [string, string, string];
    stored = Buffer.from(hex, "hex");
    again = createHash("sha256").update(`${salt}\u0000${password}`).digest();
  } else {
    return false;
  }
  return again.length === stored.length && timingSafeEqual(again, stored);
}

/**
 * The account as it may be shown outside the store (a provider's read, `sandbox show`):
 * every password digest taken out, the password's version in its place.
 */
export function publicAccount(state: AccountState): AccountState {
  if (!state.content.some((c) => c.sharePage.passwordDigest !== null || c.sharePage.passwordSet)) return state;
  return {
    ...state,
    content: state.content.map((c) => ({ ...c, sharePage: publicSharePage(c.sharePage) })),
  };
}

export function publicSharePage(page: SharePageState): SharePageState {
  const version = passwordVersionOf(page);
  const { passwordVersion: _v, ...rest } = page;
  return { ...rest, passwordDigest: null, ...(version > 0 ? { passwordVersion: version } : {}) };
}

/** The digest to keep for a password: the one held when the password matches it (a re-apply is no change), else a new one. */
export function digestOrKeep(password: string, previous: string | null): string {
  return previous !== null && passwordMatches(password, previous) ? previous : digestPassword(password);
}
