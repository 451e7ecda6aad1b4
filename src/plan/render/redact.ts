// Secrets never leave through a renderer. A plan only ever holds references (`{ env }`) and
// flags (`passwordSet`), but renderers do not trust that: a key that names a secret may hold
// only a flag, null or a reference, and a string shaped like an API key is never printed.

import type { JsonObject, JsonValue } from "../types.js";

const SENSITIVE_KEY = /pass(word|phrase)|secret|token|digest|hash|^(api_?)?key$|^value$/i;
const KEY_SHAPED = /hgw_sk_[A-Za-z0-9]/;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

export function looksLikeSecret(s: string): boolean {
  return KEY_SHAPED.test(s);
}

export function isEnvRef(v: JsonValue | undefined): v is { env: string } {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === "env" && typeof v.env === "string";
}

/** What a secret-named key may hold and still be shown or saved: a flag, an absence or a reference. */
export function isSafeSecretValue(v: JsonValue): boolean {
  return v === null || typeof v === "boolean" || isEnvRef(v);
}

/**
 * A copy without secrets: secret-named keys holding anything but a safe value are dropped,
 * key-shaped strings are replaced. `onDrop` hears each dropped or replaced path (for the JSON renderer
 * to refuse a plan whose `after` would lose an instruction).
 */
export function stripSecrets(value: JsonValue, onDrop?: (path: string) => void, path = ""): JsonValue {
  if (typeof value === "string") {
    if (!looksLikeSecret(value)) return value;
    onDrop?.(path);
    return "(redacted)";
  }
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v, i) => stripSecrets(v, onDrop, `${path}[${i}]`));
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    if (isSensitiveKey(k) && !isSafeSecretValue(v)) {
      onDrop?.(at);
      continue;
    }
    out[k] = stripSecrets(v, onDrop, at);
  }
  return out;
}
