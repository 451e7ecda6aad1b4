// Minting API keys and digesting share-page passwords: the only places secrets are touched.
// The account keeps a key's id, last four characters and hash, and a password's salted
// digest; the values themselves leave through the return value once and are never stored.

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

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

/** `salted-sha256:<salt>:<hex>` */
export function digestPassword(password: string, salt = randomBytes(12).toString("hex")): string {
  const hex = createHash("sha256").update(`${salt}\u0000${password}`).digest("hex");
  return `salted-sha256:${salt}:${hex}`;
}

export function passwordMatches(password: string, digest: string): boolean {
  const [scheme, salt, hex] = digest.split(":");
  if (scheme !== "salted-sha256" || salt === undefined || hex === undefined) return false;
  const again = digestPassword(password, salt).split(":")[2]!;
  return again.length === hex.length && timingSafeEqual(Buffer.from(again), Buffer.from(hex));
}
