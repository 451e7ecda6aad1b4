// Shape validation with ajv against schema/workspaces.schema.json (compiled ahead of time
// into validate.gen.ts), with ajv's instancePaths mapped back to file:line:col.

import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../model/diagnostics.js";
import { didYouMean } from "./did-you-mean.js";
import type { Locator } from "./positions.js";
// Compiled ahead of time from the schema by scripts/gen-validator.mjs (a test keeps it fresh).
import * as compiled from "./validate.gen.js";

interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const validators = compiled as unknown as { root: CompiledValidator; fragment: CompiledValidator };

/** Friendly form of a JSON pointer: `/subWorkspaces/0/members/1/role` -> `subWorkspaces[0].members[1].role`. */
export function displayPointer(pointer: string): string {
  if (pointer === "") return "(top level)";
  let out = "";
  for (const raw of pointer.slice(1).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`;
  }
  return out;
}

/** Literal secrets are reported before ajv, with a hint; their paths are skipped below. */
function literalSecrets(value: unknown, file: string, loc: Locator, out: Diagnostic[]): string[] {
  const paths: string[] = [];
  const shares = (value as { contentShares?: unknown } | null)?.contentShares;
  if (!Array.isArray(shares)) return paths;
  shares.forEach((share: unknown, i) => {
    const page = (share as { sharePage?: unknown } | null)?.sharePage;
    const pw = (page as { password?: unknown } | null)?.password;
    if (typeof pw === "string" || typeof pw === "number") {
      const path = `/contentShares/${i}/sharePage/password`;
      paths.push(path);
      out.push({
        severity: "error",
        code: "literal-secret",
        message: "a share-page password must not be written in the spec",
        hint: "Name an environment variable instead, read only at apply: `password: { env: REVIEW_PASSWORD }`.",
        source: loc.pointer(value, path) ?? { file, line: 1, col: 1 },
      });
    }
  });
  return paths;
}

export function checkShape(value: unknown, kind: "root" | "fragment", file: string, loc: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const skip = literalSecrets(value, file, loc, out);
  const v = validators[kind];
  if (v(value)) return out;
  const errors = (v.errors ?? []).filter((e) => !skip.some((p) => e.instancePath.startsWith(p)));
  for (const e of prune(errors)) out.push(toDiagnostic(e, value, file, loc, kind));
  return out;
}

/** Drops ajv's summary errors (oneOf/anyOf) when a more precise error exists below them. */
function prune(errors: ErrorObject[]): ErrorObject[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf").map((e) => e.instancePath));
  const kept: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const under = [...oneOfPaths].find((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`));
    if (under !== undefined) {
      const deeper = errors.some((x) => x.instancePath.startsWith(`${under}/`));
      if (deeper && e.instancePath === under) continue;
      if (!deeper && e.keyword !== "oneOf" && e.keyword !== "anyOf") continue;
    }
    // A misspelt required key shows once, as the unknown key with its did-you-mean.
    if (e.keyword === "required") {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const misspelt = errors.some(
        (x) =>
          x.keyword === "additionalProperties" &&
          x.instancePath === e.instancePath &&
          didYouMean(String((x.params as { additionalProperty: string }).additionalProperty), known) === missing,
      );
      if (misspelt) continue;
    }
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(e);
  }
  return kept;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return v.length === 0 ? "an empty list" : "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  return String(v);
}

function typeName(t: unknown): string {
  const names: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    string: "a string",
    integer: "a whole number",
    number: "a number",
    boolean: "true or false",
    null: "null",
  };
  const list = Array.isArray(t) ? t : [t];
  return list.map((x) => names[String(x)] ?? String(x)).join(" or ");
}

function toDiagnostic(e: ErrorObject, root: unknown, file: string, loc: Locator, kind: "root" | "fragment"): Diagnostic {
  const where = displayPointer(e.instancePath);
  const at = (pointer: string, which: "value" | "key" = "value") =>
    loc.pointer(root, pointer, which) ?? { file, line: 1, col: 1 };
  const base = { severity: "error" as const, source: at(e.instancePath) };
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = didYouMean(key, known);
      const rootOnly = kind === "fragment" && ["workspace", "defaults", "policies", "include"].includes(key);
      return {
        ...base,
        code: "unknown-key",
        message: `unknown key "${key}"${e.instancePath ? ` in ${where}` : ""}`,
        hint: rootOnly
          ? `\`${key}\` belongs in the root spec file (the first one given); included files hold only subWorkspaces, assetShares and contentShares.`
          : guess
            ? `Did you mean "${guess}"?`
            : `Known keys here: ${known.join(", ")}.`,
        source: at(`${e.instancePath}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, "key"),
      };
    }
    case "required": {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return {
        ...base,
        code: "missing-key",
        message: `${where} is missing the required key "${key}"`,
        hint: `Add \`${key}:\` to this entry.`,
      };
    }
    case "type":
      return {
        ...base,
        code: "wrong-type",
        message: `${where} must be ${typeName((e.params as { type: unknown }).type)}, not ${describe(e.data)}`,
        hint: typeof e.data === "string" && /^\d+$/.test(e.data) ? "Write the number without quotes." : undefined,
      };
    case "enum": {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const guess = typeof e.data === "string" ? didYouMean(e.data, allowed) : undefined;
      return {
        ...base,
        code: "invalid-value",
        message: `${where} must be one of ${allowed.join(", ")}, not ${describe(e.data)}`,
        hint: guess ? `Did you mean "${guess}"?` : undefined,
      };
    }
    case "const":
      return {
        ...base,
        code: "invalid-value",
        message: `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, not ${describe(e.data)}`,
      };
    case "format":
      return {
        ...base,
        code: "invalid-format",
        message: `${where}: ${describe(e.data)} is not a valid ${(e.params as { format: string }).format}`,
        hint:
          (e.params as { format: string }).format === "email" ? "Write a full address such as alice@client-a.example."
          : (e.params as { format: string }).format === "date" ? "Write a calendar date as YYYY-MM-DD, such as 2026-12-31."
          : undefined,
      };
    case "pattern":
      return {
        ...base,
        code: "invalid-value",
        message: `${where}: ${describe(e.data)} is not allowed here`,
        hint: patternHint(e.instancePath),
      };
    case "oneOf":
      return {
        ...base,
        code: "wrong-type",
        message: `${where} must be ${e.instancePath.endsWith("/password") ? "{ env: NAME } or null" : /\/assetShares\/\d+\/to$/.test(e.instancePath) ? "a list of sub-workspaces or all" : "one of the allowed forms"}, not ${describe(e.data)}`,
        hint:
          e.instancePath.endsWith("/password") ? "Name an environment variable: `password: { env: REVIEW_PASSWORD }`."
          : /\/assetShares\/\d+\/to$/.test(e.instancePath) ? "Write `to: [client-a, client-b]`, or `to: all` for every sub-workspace (with `except: [...]`)."
          : undefined,
      };
    default:
      return { ...base, code: "invalid-value", message: `${where} ${e.message ?? "is invalid"}` };
  }
}

function patternHint(pointer: string): string | undefined {
  if (/\/name$|\/formerNames\/\d+$/.test(pointer)) return "Workspace names may not contain `/`, brackets or parentheses.";
  if (pointer.endsWith("/env")) return "An environment variable name: letters, digits and `_`, not starting with a digit.";
  return undefined;
}
