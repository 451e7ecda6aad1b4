// Secret references in a plan (`{ env: NAME }`) are resolved only at apply time.

import { UserError } from "../model/diagnostics.js";
import type { Change } from "../plan/types.js";
import type { SecretResolver } from "../providers/provider.js";

export function envSecretResolver(env: Record<string, string | undefined> = process.env): SecretResolver {
  return (ref) => {
    const value = env[ref.env];
    if (value === undefined || value === "") {
      throw new UserError({
        severity: "error",
        code: "secret-unset",
        message: `the environment variable ${ref.env} is not set, and the plan needs its value (a share-page password)`,
        hint: `export ${ref.env}=… before applying`,
      });
    }
    return value;
  };
}

/** Every `{ env }` reference the plan's changes hold, so that a missing one fails before anything runs. */
export function secretRefs(changes: readonly Change[]): { env: string; address: string }[] {
  const out: { env: string; address: string }[] = [];
  const walk = (v: unknown, address: string): void => {
    if (v === null || typeof v !== "object") return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, address));
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === "env" && typeof o.env === "string") {
      out.push({ env: o.env, address });
      return;
    }
    for (const x of Object.values(o)) walk(x, address);
  };
  for (const c of changes) walk(c.after, c.address);
  return out;
}
