// Secret references in a plan (`{ env: NAME }`) are resolved only at apply time.

import { UserError, type Diagnostic } from "../model/diagnostics.js";
import type { Change } from "../plan/types.js";
import type { DesiredAccount } from "../model/desired.js";
import type { AccountState } from "../model/state.js";
import type { Provider, SecretResolver, SharePasswordCheck } from "../model/provider.js";

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

/**
 * A plan-time warning for each `{ env }` reference the changes hold whose variable is unset
 * here, naming the changes that need it. Names only, never a value.
 */
export function unsetSecretWarnings(changes: readonly Change[], env: Record<string, string | undefined> = process.env): Diagnostic[] {
  const byName = new Map<string, string[]>();
  for (const r of secretRefs(changes)) {
    if (env[r.env] !== undefined && env[r.env] !== "") continue;
    const list = byName.get(r.env);
    if (!list) byName.set(r.env, [r.address]);
    else if (!list.includes(r.address)) list.push(r.address);
  }
  return [...byName].map(([name, addresses]) => ({
    severity: "warning",
    code: "secret-unset",
    message: `the environment variable ${name} is not set here, and applying this plan needs it (${addresses.join(", ")})`,
    hint: `set ${name} where \`hgw apply\` runs (in CI, from your secret store); apply refuses to start without it`,
    address: addresses[0]!,
  }));
}

/**
 * For planning: whether each share-page password the spec names (by an `{ env }` set here)
 * is the one the account holds, asked of the account, which alone keeps the digest. Keyed
 * `type:id`; a page left out was not compared (its secret is not set here, or it has no
 * password, which planning sees by itself).
 */
export async function checkSharePasswords(
  desired: DesiredAccount,
  state: AccountState,
  provider: Provider,
  env: Record<string, string | undefined> = process.env,
): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  if (!provider.sharePasswordsMatch) return out;
  const held = new Set(state.content.filter((c) => c.sharePage.passwordSet).map((c) => `${c.type}:${c.id}`));
  const checks: SharePasswordCheck[] = [];
  for (const d of desired.contentShares) {
    const ref = d.sharePage?.password;
    const value = ref ? env[ref.env] : undefined;
    if (value === undefined || value === "" || !held.has(`${d.type}:${d.id}`)) continue;
    checks.push({ type: d.type, id: d.id, password: value });
  }
  if (checks.length === 0) return out;
  const answers = await provider.sharePasswordsMatch(checks);
  checks.forEach((c, i) => out.set(`${c.type}:${c.id}`, answers[i] === true));
  return out;
}
