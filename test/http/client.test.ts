// The client's retry rules, with a scripted fetch (a unit test: no server needed to script
// a 503 followed by a 201, or a dropped connection).

import { describe, expect, it } from "vitest";
import { ApiError, HttpClient } from "../../src/providers/http/client.js";

const KEY = "hgw_sa_secret_key_never_printed";

function scripted(answers: (() => Response)[]): { fetch: (u: string, i: RequestInit) => Promise<Response>; calls: RequestInit[] } {
  const calls: RequestInit[] = [];
  return {
    calls,
    fetch: async (_u, init) => {
      calls.push(init);
      const next = answers.shift();
      if (!next) throw new Error("no more answers");
      return next();
    },
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "x-request-id": `req_${status}`, ...headers } });
const drop = () => {
  throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
};
const err = (code: string) => ({ error: { code, message: code, param: null } });

const client = (f: ReturnType<typeof scripted>) =>
  new HttpClient({ baseUrl: "http://127.0.0.1:1", apiKey: KEY, fetch: f.fetch, backoffBaseMs: 1, backoffMaxMs: 2, rateLimit: 1000 });

describe("HttpClient retries", () => {
  it("retries a POST that carries an Idempotency-Key, with the same key each time", async () => {
    const f = scripted([json(503, err("internal_error")), () => drop(), json(201, { data: { ok: true } })]);
    const res = await client(f).request("POST", "/v3/x", { body: { a: 1 }, idempotencyKey: "k1" });
    expect(res.status).toBe(201);
    expect(f.calls.map((c) => (c.headers as Record<string, string>)["idempotency-key"])).toEqual(["k1", "k1", "k1"]);
  });

  it("never retries a POST without an Idempotency-Key", async () => {
    const f = scripted([json(503, err("internal_error")), json(201, {})]);
    const e = await client(f).request("POST", "/v3/x", { body: {} }).catch((x: unknown) => x as ApiError);
    expect(e).toBeInstanceOf(ApiError);
    expect(f.calls).toHaveLength(1);
  });

  it("honours Retry-After on 429 and retries idempotent methods after network errors", async () => {
    const f = scripted([json(429, err("rate_limit_exceeded"), { "retry-after": "0" }), () => drop(), json(200, { data: 1 })]);
    const res = await client(f).request("GET", "/v3/x");
    expect(res.body).toEqual({ data: 1 });
    expect(f.calls).toHaveLength(3);
  });

  it("does not retry a 4xx, and its error names code and request id but not the key", async () => {
    const f = scripted([json(409, { error: { code: "conflict", message: "exists", param: "name" } })]);
    const e = (await client(f).request("PATCH", "/v3/x", { body: {} }).catch((x: unknown) => x)) as ApiError;
    expect(f.calls).toHaveLength(1);
    expect(e.code).toBe("conflict");
    expect(e.message).toContain("req_409");
    expect(e.message).toContain("param name");
    expect(`${e.message} ${e.stack}`).not.toContain(KEY);
  });

  it("gives up after maxAttempts network failures with a network_error that holds no key", async () => {
    const f = scripted([() => drop(), () => drop(), () => drop()]);
    const c = new HttpClient({ baseUrl: "http://127.0.0.1:1", apiKey: KEY, fetch: f.fetch, backoffBaseMs: 1, maxAttempts: 3 });
    const e = (await c.request("DELETE", "/v3/x").catch((x: unknown) => x)) as ApiError;
    expect(e.code).toBe("network_error");
    expect(e.status).toBeNull();
    expect(e.message).toContain("ECONNRESET");
    expect(e.message).not.toContain(KEY);
  });
});
