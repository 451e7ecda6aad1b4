// The client's retry rules, with a scripted fetch (a unit test: no server needed to script
// a 503 followed by a 201, or a dropped connection).

import { describe, expect, it } from "vitest";
import { AdaptiveRate, ApiError, ApiUnavailableError, HttpClient } from "../../src/providers/http/client.js";

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

describe("AdaptiveRate (one budget for every request of a client)", () => {
  it("starts at its ceiling, cuts to 70% of what was sent on a 429, regrows fast to 85% of it, then slowly", async () => {
    let now = 0;
    const r = new AdaptiveRate(1000, 1, () => now);
    expect(r.rate).toBe(1000);
    // 40 requests over one second, then a 429 for the last.
    let sentAt = 0;
    for (let i = 0; i < 40; i++) {
      now = i * 25;
      sentAt = await r.take();
    }
    // 40 sent in the 975 ms since sending started (41/s): cut to 70% of that.
    const sending = (40 * 1000) / 975;
    r.throttle(sentAt, null);
    expect(r.rate).toBeCloseTo(sending * 0.7, 6);
    // Answers to requests sent before the cut do not cut again.
    r.throttle(sentAt - 1, null);
    expect(r.rate).toBeCloseTo(sending * 0.7, 6);
    expect(r.cuts).toBe(1);
    // 10% a success up to 85% of it, then a fiftieth of a request per second a success.
    r.succeed();
    r.succeed();
    expect(r.rate).toBeCloseTo(sending * 0.7 * 1.21, 6);
    r.succeed();
    expect(r.rate).toBeCloseTo(sending * 0.85, 6);
    r.succeed();
    expect(r.rate).toBeCloseTo(sending * 0.85 + 0.02, 6);
  });

  it("holds every request until Retry-After has passed", async () => {
    let now = 0;
    const r = new AdaptiveRate(1000, 1, () => now);
    const first = await r.take();
    r.throttle(first, 50);
    const waiting = r.take();
    let released = false;
    void waiting.then(() => (released = true));
    await new Promise((res) => setTimeout(res, 10));
    expect(released).toBe(false);
    now = 60;
    expect(await waiting).toBeGreaterThanOrEqual(50);
  });
});

describe("the circuit breaker", () => {
  it("opens after failures in a row across requests: one error for all, a bounded number of attempts", async () => {
    let calls = 0;
    const refuse = async (): Promise<Response> => {
      calls++;
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    };
    const c = new HttpClient({ baseUrl: "http://127.0.0.1:1", apiKey: KEY, fetch: refuse, backoffBaseMs: 5, backoffMaxMs: 20, breakerThreshold: 4 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => c.request("GET", `/v3/x${i}`).catch((e: unknown) => e)));
    expect(results.every((e) => e instanceof ApiUnavailableError)).toBe(true);
    expect(new Set(results).size).toBe(1);
    expect(calls).toBeLessThanOrEqual(16);
    const err = results[0] as ApiUnavailableError;
    expect(err.kind).toBe("network");
    expect(err.haltsApply).toBe(true);
    expect(err.diagnostics[0]!.message).toMatch(/^the API at http:\/\/127\.0\.0\.1:1 is unavailable: 4 attempts in a row failed/);
    // Open: later requests fail at once, without an attempt.
    const before = calls;
    await expect(c.request("GET", "/v3/later")).rejects.toBe(err);
    expect(calls).toBe(before);
  });

  it("stays closed when failures are scattered among successes", async () => {
    let n = 0;
    const flaky = async (): Promise<Response> =>
      ++n % 3 === 0 ? json(503, err("internal_error"))() : json(200, { data: n })();
    const c = new HttpClient({ baseUrl: "http://127.0.0.1:1", apiKey: KEY, fetch: flaky, backoffBaseMs: 1, backoffMaxMs: 2, breakerThreshold: 3 });
    const results = await Promise.all(Array.from({ length: 30 }, () => c.request("GET", "/v3/x")));
    expect(results.every((r) => r.status === 200)).toBe(true);
  });

  it("does not retry a host name that does not resolve", async () => {
    const f = scripted([() => {
      throw new TypeError("fetch failed", { cause: { code: "ENOTFOUND" } });
    }]);
    const e = (await client(f).request("GET", "/v3/x").catch((x: unknown) => x)) as ApiError;
    expect(f.calls).toHaveLength(1);
    expect(e.kind).toBe("network");
    expect(e.message).toContain("host not found (DNS)");
  });

  it("close() fails what waits, so no retry keeps the process alive", async () => {
    const f = scripted([json(503, err("internal_error"))]);
    const c = new HttpClient({ baseUrl: "http://127.0.0.1:1", apiKey: KEY, fetch: f.fetch, backoffBaseMs: 60_000, backoffMaxMs: 60_000, random: () => 1 });
    const pending = c.request("GET", "/v3/x").catch((e: unknown) => e);
    await new Promise((res) => setTimeout(res, 20));
    c.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(f.calls).toHaveLength(1);
  });
});
