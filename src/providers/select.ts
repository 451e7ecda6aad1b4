// Picks the provider a command talks to: the embedded sandbox by default, or the REST
// contract over HTTP. The http provider is loaded only when asked for.

import { UserError } from "../model/diagnostics.js";
import type { Provider } from "../model/provider.js";
import { createSandboxProvider } from "./sandbox/index.js";
import type { LockOptions } from "./sandbox/lock.js";
import { fixedClock } from "../util/clock.js";

export type ProviderName = "sandbox" | "http";

export interface SelectProviderOptions {
  provider?: ProviderName;
  sandboxDir?: string;
  apiUrl?: string;
  apiKey?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** sandbox: how long an apply waits for another one's lock */
  lockTimeoutMs?: number;
}

interface HttpModule {
  createHttpProvider(opts: { baseUrl?: string; apiKey?: string }): Provider;
}

export async function createProvider(opts: SelectProviderOptions = {}): Promise<Provider> {
  const env = opts.env ?? process.env;
  const name = opts.provider ?? (env.HGW_PROVIDER as ProviderName | undefined) ?? "sandbox";
  if (name === "sandbox") {
    const lock: LockOptions = opts.lockTimeoutMs !== undefined ? { timeoutMs: opts.lockTimeoutMs } : {};
    const now = fixedClock(env);
    return createSandboxProvider({
      ...(opts.sandboxDir !== undefined ? { dir: opts.sandboxDir } : {}),
      ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
      env,
      lock,
      ...(now ? { now } : {}),
    });
  }
  if (name === "http") {
    let mod: HttpModule;
    try {
      // A variable specifier keeps tsc from requiring the module at build time.
      const spec = "./http/index.js";
      mod = (await import(spec)) as HttpModule;
    } catch (e) {
      throw new UserError({
        severity: "error",
        code: "provider-unavailable",
        message: `the http provider could not be loaded: ${(e as Error).message}`,
      });
    }
    return mod.createHttpProvider({
      ...(opts.apiUrl !== undefined ? { baseUrl: opts.apiUrl } : {}),
      ...(opts.apiKey !== undefined ? { apiKey: opts.apiKey } : {}),
    });
  }
  throw new UserError({
    severity: "error",
    code: "unknown-provider",
    message: `unknown provider "${String(name)}"`,
    hint: "use --provider sandbox (the default) or --provider http",
  });
}
