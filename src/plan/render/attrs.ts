// A payload as people read it: nested keys flattened to dotted paths, lists kept as lists of
// printable items, secrets replaced by what may be said about them. Text and markdown both
// diff these, so they agree on what changed and on what is never shown.

import type { ResourceKind } from "../../model/address.js";
import { handlerOf } from "../../kinds/index.js";
import type { JsonObject, JsonValue } from "../types.js";
import { isEnvRef, isSafeSecretValue, isSensitiveKey, looksLikeSecret } from "./redact.js";

export type AttrValue =
  /** `raw` is the string itself when the value is a string, for diffing long values. */
  | { type: "scalar"; text: string; raw?: string }
  | { type: "list"; items: string[] };

/** path -> value, in path order */
export type Attrs = Map<string, AttrValue>;

export interface AttrOptions {
  kind: ResourceKind;
  /** Ids and key digits that only the account assigns are null until apply; say so. */
  unknownIdsAfterApply?: boolean;
}

const ASSIGNED_BY_ACCOUNT = /Id$|^last4$/;
// Paths that only say where the resource is: its address already says it. The JSON plan keeps them.
const ADDRESS_ONLY = new Set(["workspacePath", "parentPath", "fromPath", "toPath"]);

export const KNOWN_AFTER_APPLY = "(known after apply)";

export function displayAttrs(payload: JsonObject | null, opts: AttrOptions): Attrs {
  const out: Attrs = new Map();
  if (!payload) return out;
  // Some kinds show only some fields (an API key: its id and last four characters).
  const only = handlerOf(opts.kind).shown;
  const shown = only ? Object.fromEntries(Object.entries(payload).filter(([k]) => only.has(k))) : payload;
  walk(shown, "", out, opts);
  const entries = [...out];
  // Usually already in order (payloads are built with sorted keys); sorting is then skipped.
  for (let i = 1; i < entries.length; i++) {
    if (entries[i - 1]![0] > entries[i]![0]) return new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return out;
}

function walk(obj: JsonObject, prefix: string, out: Attrs, opts: AttrOptions): void {
  // A share page's password is one attribute to people, whichever of the two keys holds it.
  const pw = passwordText(obj);
  if (pw !== null) out.set(`${prefix}password`, { type: "scalar", text: pw });
  for (const [k, v] of Object.entries(obj)) {
    if (k === "password" || k === "passwordSet") continue;
    if (prefix === "" && ADDRESS_ONLY.has(k)) continue;
    const path = `${prefix}${k}`;
    if (isSensitiveKey(k) && !(v === null || typeof v === "boolean")) {
      // A digest or hash the account reported is not for people; a reference is said as one.
      if (isEnvRef(v)) out.set(path, { type: "scalar", text: fromEnv(v.env) });
    } else if (Array.isArray(v)) {
      out.set(path, { type: "list", items: v.map(inline) });
    } else if (v !== null && typeof v === "object") {
      if (Object.keys(v).length === 0) out.set(path, { type: "scalar", text: "{}" });
      else walk(v, `${path}.`, out, opts);
    } else if (v === null && opts.unknownIdsAfterApply && ASSIGNED_BY_ACCOUNT.test(k)) {
      out.set(path, { type: "scalar", text: KNOWN_AFTER_APPLY });
    } else {
      out.set(path, scalarOf(v));
    }
  }
}

const fromEnv = (name: string): string => `(sensitive: from env ${name})`;

/** null when the object says nothing about a password. */
function passwordText(obj: JsonObject): string | null {
  if ("password" in obj) {
    const v = obj.password;
    if (isEnvRef(v)) return fromEnv(v.env);
    if (v === null) return "(removed)";
    return "(sensitive)";
  }
  if ("passwordSet" in obj) {
    const v = obj.passwordSet;
    if (v === true) return "(set)";
    if (v === false) return "(none)";
    return "(sensitive)";
  }
  return null;
}

function scalarOf(v: string | number | boolean | null): AttrValue {
  if (typeof v === "string") {
    return looksLikeSecret(v) ? { type: "scalar", text: "(sensitive)" } : { type: "scalar", text: JSON.stringify(v), raw: v };
  }
  return { type: "scalar", text: String(v) };
}

/** One list item on one line; object keys sorted so equal items print equally. */
export function inline(v: JsonValue): string {
  if (typeof v === "string") return looksLikeSecret(v) ? "(sensitive)" : JSON.stringify(v);
  if (v === null || typeof v !== "object") return String(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(", ")}]`;
  const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts = entries
    .filter(([k, x]) => !isSensitiveKey(k) || isSafeSecretValue(x))
    .map(([k, x]) => `${k}: ${isEnvRef(x) && isSensitiveKey(k) ? fromEnv(x.env) : inline(x)}`);
  return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
}

export function attrText(v: AttrValue): string {
  return v.type === "scalar" ? v.text : `[${v.items.join(", ")}]`;
}
