// Secrets never leave through a renderer. A plan only ever holds references (`{ env }`) and
// flags (`passwordSet`), but renderers do not trust that: a key that names a secret may hold
// only a flag, null or a reference, and a string shaped like an API key is never printed.

import type { JsonObject, JsonValue } from "../types.js";

const SENSITIVE_KEY = /pass(word|phrase)|secret|token|digest|hash|^(api_?)?key$|^value$/i;
const KEY_SHAPED = /hgw_sk_[A-Za-z0-9]/;

/** Answers per key name, which repeat on every change of a plan (100,000 of them). */
const sensitive = new Map<string, boolean>();

export function isSensitiveKey(key: string): boolean {
  let v = sensitive.get(key);
  if (v === undefined) {
    v = SENSITIVE_KEY.test(key);
    if (sensitive.size < 1000) sensitive.set(key, v);
  }
  return v;
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
 * A copy with its keys sorted at every level and without secrets: secret-named keys holding
 * anything but a safe value are dropped, key-shaped strings are replaced, and `onDrop`
 * hears each such path (for the JSON renderer to refuse a plan whose `after` would lose an
 * instruction). One copy, not two: a plan of 100,000 changes has 200,000 payloads.
 */
export function stripSecrets(v: JsonValue, onDrop: (path: string) => void = () => undefined, path = ""): JsonValue {
  if (typeof v === "string") {
    if (!looksLikeSecret(v)) return v;
    onDrop(path);
    return "(redacted)";
  }
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x, i) => stripSecrets(x, onDrop, `${path}[${i}]`));
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) {
    const x = v[k]!;
    const at = path ? `${path}.${k}` : k;
    if (isSensitiveKey(k) && !isSafeSecretValue(x)) {
      onDrop(at);
      continue;
    }
    out[k] = stripSecrets(x, onDrop, at);
  }
  return out;
}
