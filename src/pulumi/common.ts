// Shared by the resource operations: which account a resource talks to, one operation at a
// time per account, secrets in the engine's wire form, and outputs as plain JSON.

import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { UserError, type Diagnostic } from "../model/diagnostics.js";
import { envSecretResolver } from "../apply/secrets.js";
import type { AccountState } from "../model/state.js";
import type { Change } from "../plan/types.js";
import type { ExecuteResult, Provider } from "../model/provider.js";
import { baseEngine } from "./engine.js";

/** The account a resource manages: the embedded sandbox, or an API over HTTP. */
export type ProviderSettings = { kind: "sandbox"; sandboxDir?: string } | { kind: "http"; apiUrl?: string; apiKey?: string };

/** The value the dynamic host and the engine use for "not known yet" during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

export function hasUnknowns(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknowns);
  if (v && typeof v === "object") return Object.values(v).some(hasUnknowns);
  return false;
}

/**
 * Marks a value secret in the engine's own encoding. The dynamic host does not accept
 * secrets, so this is the one way a provider's output reaches the state encrypted even
 * when the program forgot `additionalSecretOutputs`.
 */
export function secretValue<T>(value: T): { [SECRET_SIG]: string; value: T } {
  return { [SECRET_SIG]: SECRET_VALUE, value };
}

export function unwrapSecret<T>(v: T | { value: T }): T {
  if (v && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE) {
    return (v as { value: T }).value;
  }
  return v as T;
}

/** Plain JSON only: `undefined` fails the host's struct encoding and a Date becomes `{}`. */
export function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function settingsOf(raw: unknown, cwd: string): ProviderSettings {
  const s = unwrapSecret(raw ?? { kind: "sandbox" }) as Record<string, unknown>;
  if (s.kind === "http") {
    const apiUrl = unwrapSecret(s.apiUrl) as string | undefined;
    const apiKey = unwrapSecret(s.apiKey) as string | undefined;
    return { kind: "http", ...(apiUrl ? { apiUrl } : {}), ...(apiKey ? { apiKey } : {}) };
  }
  // Relative to the project directory; unset: HGW_SANDBOX_DIR, else `.hgw` there.
  const dir = (s.sandboxDir as string | undefined) ?? process.env.HGW_SANDBOX_DIR ?? ".hgw";
  return { kind: "sandbox", sandboxDir: resolve(cwd, dir) };
}

/**
 * The provider a resource imported by id talks to: nothing is stored for it yet, so the
 * environment decides, as it does for `hgw` (HGW_PROVIDER, HEYGEN_API_URL, HEYGEN_API_KEY).
 */
export function providerFromEnv(env: Record<string, string | undefined> = process.env): Record<string, unknown> {
  return env.HGW_PROVIDER === "http" ? { kind: "http" } : { kind: "sandbox" };
}

/** A base URL as the server sees it: scheme and host case, default port, trailing slashes aside. */
function normalUrl(u: string | undefined): string {
  if (!u) return "";
  try {
    const x = new URL(u);
    return `${x.protocol}//${x.host}${x.pathname.replace(/\/+$/, "")}`;
  } catch {
    return u.replace(/\/+$/, "");
  }
}

function realDir(d: string | undefined): string {
  if (!d) return "";
  try {
    return realpathSync(d);
  } catch {
    return resolve(d);
  }
}

/** The same endpoint however it is spelled: a URL normalized, a sandbox folder by its real path. */
export function sameEndpoint(a: ProviderSettings, b: ProviderSettings): boolean {
  if (a.kind === "http" && b.kind === "http") return normalUrl(a.apiUrl) === normalUrl(b.apiUrl);
  if (a.kind === "sandbox" && b.kind === "sandbox") return realDir(a.sandboxDir) === realDir(b.sandboxDir);
  return false;
}

/** The account's id, as the API returns it (GET /v3/account), or the sandbox's. */
export async function accountIdOf(s: ProviderSettings, cwd: string): Promise<string> {
  return withAccount(s, cwd, async (p) => (p.accountId ? p.accountId() : (await p.read()).account.id));
}

/**
 * Whether new settings name the account a resource lives in: "same" (spelled the same),
 * "respelled" (the same account, other settings: an update, never a replacement) or
 * "moved" (another account: a replacement). Over HTTP the account id the API returns
 * decides, never the URL's spelling; `knownId` is the id recorded with the resource, else
 * it is asked of the old endpoint. A sandbox is its folder: two folders are two accounts.
 */
export async function accountRelation(
  was: ProviderSettings,
  now: ProviderSettings,
  cwd: string,
  knownId?: unknown,
): Promise<"same" | "respelled" | "moved"> {
  const spelledSame = JSON.stringify(was) === JSON.stringify(now);
  if (sameEndpoint(was, now)) return spelledSame ? "same" : "respelled";
  if (was.kind !== "http" || now.kind !== "http") return "moved";
  let nowId: string;
  try {
    nowId = await accountIdOf(now, cwd);
  } catch (e) {
    throw new Error(`could not read the account at ${now.apiUrl ?? "HEYGEN_API_URL"} to tell whether it is the one this resource lives in: ${e instanceof Error ? e.message : String(e)}`);
  }
  const wasId = typeof knownId === "string" && knownId !== "" ? knownId : await accountIdOf(was, cwd).catch(() => null);
  return wasId === nowId ? "respelled" : "moved";
}

/** Settings as they are kept in outputs: the key, when given, only in secret form. */
export function settingsOut(s: ProviderSettings): Record<string, unknown> {
  if (s.kind === "sandbox") return { kind: "sandbox", sandboxDir: s.sandboxDir ?? null };
  return { kind: "http", apiUrl: s.apiUrl ?? null, ...(s.apiKey ? { apiKey: secretValue(s.apiKey) } : {}) };
}

// The host serves many resources at once; against one account they run one after another,
// as an apply would, so that reads and writes of a sandbox file never interleave.
const queues = new Map<string, Promise<unknown>>();

export async function withAccount<T>(s: ProviderSettings, cwd: string, fn: (p: Provider) => Promise<T>): Promise<T> {
  const key = s.kind === "http" ? `http:${s.apiUrl ?? ""}` : `sandbox:${s.sandboxDir ?? ""}`;
  const prev = queues.get(key) ?? Promise.resolve();
  const run = prev
    .catch(() => undefined)
    .then(async () => {
      const e = await baseEngine();
      const provider = await e.createProvider(
        s.kind === "http"
          ? { provider: "http", cwd, ...(s.apiUrl ? { apiUrl: s.apiUrl } : {}), ...(s.apiKey ? { apiKey: s.apiKey } : {}) }
          : { provider: "sandbox", cwd, ...(s.sandboxDir ? { sandboxDir: s.sandboxDir } : {}) },
      );
      // No lock here: a single change is its own transaction, and applyPlan locks for a plan.
      try {
        return await fn(provider);
      } finally {
        if (provider.close) await provider.close();
      }
    });
  queues.set(key, run);
  try {
    return await run;
  } finally {
    if (queues.get(key) === run) queues.delete(key);
  }
}

/** Carries out one change, as a plan of one would; domain rules are the provider's to enforce. */
export async function executeOne(provider: Provider, c: Omit<Change, "seq" | "source" | "dependsOn">): Promise<ExecuteResult> {
  return provider.execute(
    { seq: 1, source: null, dependsOn: [], ...c },
    {
      workspaceIds: new Map(),
      resolveSecret: envSecretResolver(),
    },
  );
}

/** Diagnostics as one message the Pulumi CLI prints, with file:line:col where known. */
export function describe(diags: readonly Diagnostic[]): string {
  return diags
    .filter((d) => d.severity === "error")
    .map((d) => `${d.source ? `${d.source.file}:${d.source.line}:${d.source.col}: ` : ""}${d.address ? `${d.address}: ` : ""}${d.message}`)
    .join("\n");
}

export function fail(code: string, message: string): never {
  throw new UserError({ severity: "error", code, message });
}

export type { AccountState };
