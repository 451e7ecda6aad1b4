// The HTTP provider: the REST contract in schema/admin-api.openapi.yaml, spoken to a real
// account's API or to `hgw emulator`. Base URL and key come from the options, else from
// HEYGEN_API_URL / HEYGEN_API_KEY.

import { randomUUID } from "node:crypto";
import { UserError } from "../../model/diagnostics.js";
import { parseApiUrl } from "../../model/world-errors.js";
import type { Provider } from "../../model/provider.js";
import { HttpClient, type ClientOptions } from "./client.js";
import { ChangeExecutor } from "./execute.js";
import { readAccount } from "./read.js";
import { httpLibrary } from "./library.js";

export { ApiError, ApiUnavailableError, HttpClient } from "./client.js";
export type { ClientOptions } from "./client.js";

export interface HttpProviderOptions extends Partial<ClientOptions> {
  /**
   * Scopes idempotency keys. Pass the plan's state fingerprint so a re-run of the same plan
   * replays stored answers; by default each provider instance has its own scope.
   */
  idempotencyScope?: string;
  env?: Record<string, string | undefined>;
}

export interface HttpProvider extends Provider {
  readonly client: HttpClient;
}

export function createHttpProvider(options: HttpProviderOptions = {}): HttpProvider {
  const env = options.env ?? process.env;
  const rawUrl = options.baseUrl ?? env.HEYGEN_API_URL;
  const apiKey = options.apiKey ?? env.HEYGEN_API_KEY;
  const missing = [!rawUrl && "HEYGEN_API_URL", !apiKey && "HEYGEN_API_KEY"].filter(Boolean);
  if (!rawUrl || !apiKey) {
    throw new UserError({
      severity: "error",
      code: "http-provider-config",
      message: `the http provider needs ${missing.join(" and ")}`,
      hint: "set HEYGEN_API_URL (e.g. the URL `hgw emulator` prints) and HEYGEN_API_KEY",
    });
  }
  const rateFromEnv = Number(env.HEYGEN_API_RATE_LIMIT);
  const timeoutFromEnv = Number(env.HEYGEN_API_TIMEOUT);
  const client = new HttpClient({
    ...options,
    baseUrl: parseApiUrl(rawUrl),
    apiKey,
    rateLimit: options.rateLimit ?? (rateFromEnv > 0 ? rateFromEnv : undefined),
    timeoutMs: options.timeoutMs ?? (timeoutFromEnv > 0 ? timeoutFromEnv * 1000 : undefined),
  });
  const executor = new ChangeExecutor(client, options.idempotencyScope ?? randomUUID());
  const library = httpLibrary(client);
  return {
    name: "http",
    capabilities: { concurrent: true },
    client,
    read: () => readAccount(client),
    accountId: async () => (await client.request<{ data: { id: string } }>("GET", "/v3/account")).body.data.id,
    execute: (change, ctx) => executor.execute(change, ctx),
    library,
    sharePasswordsMatch: (checks) =>
      Promise.all(
        checks.map(async (c) => {
          const res = await client.request<{ data: { matches: boolean } }>(
            "POST",
            `/v3/content/${encodeURIComponent(c.type)}/${encodeURIComponent(c.id)}/sharing/password-check`,
            // A key only so that the client may retry it: the check changes nothing.
            { body: { password: c.password }, idempotencyKey: `hgw-check-${randomUUID()}` },
          );
          return res.body.data.matches;
        }),
      ),
    confirmApiKey: async (key) => {
      await client.request("POST", `/v3/workspaces/${encodeURIComponent(key.workspaceId)}/api-key/confirm`, {
        body: { key_id: key.keyId },
        idempotencyKey: `hgw-confirm-${key.keyId}`,
      });
    },
    // Retries still waiting would keep the process alive after its answer is known.
    close: async () => client.close(),
  };
}
