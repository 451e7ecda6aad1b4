// One REST call at a time, made safe: a shared, adaptive request rate and a concurrency cap, a
// timeout per attempt, retries with exponential backoff and full jitter on 429, 5xx and
// network errors (honouring Retry-After), and a circuit breaker that stops everything when the
// API is gone. A POST is retried only when it carries an Idempotency-Key; PUT, PATCH, DELETE
// and GET are idempotent by contract. Errors name the request id and the API's error code and
// never the key; URLs in them carry no credentials or query.

import { setMaxListeners } from "node:events";
import { WorldError, redactUrl, type WorldErrorKind } from "../../model/world-errors.js";
import { fetchTransport, nodeTransport, type Answer, type Attempt, type FetchLike, type Transport } from "./transport.js";
import type { Call, Method } from "../../contract/port.js";
import type { WireError } from "../../contract/wire.js";

export type { FetchLike } from "./transport.js";

export type { Method } from "../../contract/port.js";
/** What a request carries besides its method and path. */
export type RequestOptions = Call;

export interface ApiResponse<T> {
  status: number;
  body: T;
  requestId: string | null;
  etag: string | null;
}

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  /**
   * The most requests per second, and where the client starts (default 1000). On a 429 it
   * slows down for every request at once and then speeds up again slowly.
   */
  rateLimit?: number;
  /** The client never slows below this many requests per second; default 1. */
  minRate?: number;
  /** Requests in flight at once; default 16. */
  concurrency?: number;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Attempts per request, the first included; default 8. */
  maxAttempts?: number;
  /** Backoff base and cap; defaults 200 ms and 10 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Failed attempts in a row, across all requests (network errors, timeouts, 5xx), that open the breaker; default 6. */
  breakerThreshold?: number;
  /** How long an open breaker fails every request before it lets one through again; default 30 s. */
  breakerCooldownMs?: number;
  /** Send attempts through this instead of Node's http (tests record or script exchanges). */
  fetch?: FetchLike;
  /** Random source for jitter (tests pass a seeded one). */
  random?: () => number;
  userAgent?: string;
}

/** The kinds of failure an answer from the API, or no answer, can be. */
type ApiErrorKind = Exclude<WorldErrorKind, "sandbox-locked" | "disk">;

const HINT: Record<ApiErrorKind, string> = {
  auth: "set HEYGEN_API_KEY to a key of this account (`hgw emulator` prints its admin key when it starts); keys are never printed",
  permission: "this key may not do that: plan with any key of the account, apply with a super admin key",
  network: "check the API URL (--api-url or HEYGEN_API_URL), the network, and that the server is running",
  timeout: "the server is slow or hung; run the same command again later (HEYGEN_API_TIMEOUT sets the seconds to wait for an answer)",
  server: "the API is failing on its side; run the same command again later, quoting the request id if it goes on",
  "rate-limit": "another client may be using the account's request budget; wait a minute and run the same command again (HEYGEN_API_RATE_LIMIT caps this client's rate)",
  "api-response": "check that the API URL (--api-url or HEYGEN_API_URL) is the workspace administration API's base URL",
};

const LEAD: Record<ApiErrorKind, string> = {
  auth: "the API refused the key",
  permission: "the API refused this key the right to do that",
  network: "cannot reach the API",
  timeout: "the API did not answer in time",
  server: "the API failed",
  "rate-limit": "the API kept refusing requests for going too fast",
  "api-response": "the API refused a request",
};

function kindOf(status: number | null, code: string, param: string | null): ApiErrorKind {
  if (status === null) return code === "timeout" ? "timeout" : "network";
  if (status === 401) return "auth";
  // A 403 naming no parameter is the key's role; one that names a parameter is the account's
  // rules refusing that one change (deletion protection, a workspace without API access).
  if (status === 403 && param === null) return "permission";
  if (status === 429) return "rate-limit";
  if (status >= 500) return "server";
  return "api-response";
}

/** An answer from the API that is an error, or a request that never got an answer. */
export class ApiError extends WorldError {
  declare readonly kind: ApiErrorKind;
  readonly status: number | null;
  /** The API's error code (`conflict`, `not_found`, …), or `network_error` / `timeout` / `bad_response`. */
  readonly code: string;
  readonly param: string | null;
  readonly requestId: string | null;
  constructor(opts: {
    method: Method;
    path: string;
    /** Where the request went, as it may be printed (no credentials, no query). */
    url: string;
    status: number | null;
    code: string;
    message: string;
    param: string | null;
    requestId: string | null;
    attempts?: number;
  }) {
    const status = opts.status === null ? "no response" : `HTTP ${opts.status}`;
    const param = opts.param ? ` (param ${opts.param})` : "";
    const rid = opts.requestId ? ` [request ${opts.requestId}]` : "";
    const detail = `${status} ${opts.code}: ${opts.message}${param}${rid}`;
    const tries = opts.attempts && opts.attempts > 1 ? ` after ${opts.attempts} attempts` : "";
    const kind = kindOf(opts.status, opts.code, opts.param);
    super(
      kind,
      { message: `${LEAD[kind]}: ${opts.method} ${opts.url}: ${detail}${tries}`, hint: HINT[kind] },
      { message: `${opts.method} ${opts.path}: ${detail}`, haltsApply: kind === "auth" || kind === "permission" },
    );
    this.name = "ApiError";
    this.status = opts.status;
    this.code = opts.code;
    this.param = opts.param;
    this.requestId = opts.requestId;
  }
}

/** The API is gone: the breaker opened, and every request fails with this until it closes. */
export class ApiUnavailableError extends WorldError {
  readonly code = "api_unavailable";
  constructor(baseUrl: string, failures: number, last: ApiError) {
    const message = `the API at ${redactUrl(baseUrl)} is unavailable: ${failures} attempts in a row failed, the last ${last.message}`;
    super(last.kind, { message, hint: HINT[last.kind] }, { haltsApply: true, message });
    this.name = "ApiUnavailableError";
  }
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * The request rate all of a client's requests share, adapted to the server (AIMD, as TCP
 * does with its window). It starts at the ceiling. A 429 marks the rate actually sent just
 * before it as too much: the rate drops to 70% of that and, with Retry-After, every request
 * waits until then; answers to requests sent before the cut do not cut again. Each success
 * then grows the rate by 10% up to 85% of the rate that met the 429, and by a fiftieth of a
 * request per second above it (2% a second), probing slowly for the limit: each overshoot
 * costs everyone the server's Retry-After.
 */
export class AdaptiveRate {
  rate: number;
  /** Below this the rate grows fast; above it, slowly. */
  private threshold = Infinity;
  private nextAt = 0;
  private pausedUntil = 0;
  private lastCut = 0;
  /** When sending last (re)started: the first send, or the end of a Retry-After pause. */
  private activeSince: number | null = null;
  private readonly sent: number[] = [];
  private readonly queue: { resolve: (sentAt: number) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** 429s seen, and cuts made (tests and benchmarks). */
  throttled = 0;
  cuts = 0;

  constructor(
    private readonly max: number,
    private readonly min: number,
    private readonly now: () => number = Date.now,
  ) {
    this.rate = max;
  }

  /** Resolves with the time the request may go. */
  take(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.drain();
    });
  }

  throttle(sentAt: number, retryAfterMs: number | null): void {
    const now = this.now();
    this.throttled++;
    if (sentAt >= this.lastCut) {
      const sending = Math.min(this.rate, this.sentRate(now));
      this.threshold = Math.max(this.min, sending * 0.85);
      this.rate = Math.max(this.min, sending * 0.7);
      this.lastCut = now;
      this.cuts++;
    }
    if (retryAfterMs !== null && now + retryAfterMs > this.pausedUntil) {
      this.pausedUntil = now + retryAfterMs;
      this.activeSince = this.pausedUntil;
    }
    this.drain();
  }

  succeed(): void {
    if (this.rate >= this.max) return;
    this.rate = this.rate < this.threshold ? Math.min(this.threshold, this.rate * 1.1) : Math.min(this.max, this.rate + 0.02);
  }

  /** Fails every waiting request with `e` (the breaker opened, or the client closed). */
  failWaiting(e: unknown): void {
    for (const w of this.queue.splice(0)) w.reject(e);
  }

  /**
   * Requests per second sent over the last second, or over the time since sending (re)started
   * when that is shorter (at least a quarter second, so a first burst does not read as a flood).
   */
  private sentRate(now: number): number {
    while (this.sent.length > 0 && this.sent[0]! < now - 1000) this.sent.shift();
    const span = Math.min(1000, Math.max(250, now - (this.activeSince ?? now)));
    const recent = this.sent.filter((t) => t >= now - span).length;
    return (recent * 1000) / span;
  }

  private drain(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const now = this.now();
    while (this.queue.length > 0) {
      const at = Math.max(this.nextAt, this.pausedUntil);
      if (at > now) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.drain();
        }, Math.max(1, Math.ceil(at - now)));
        return;
      }
      // A little credit for lateness (timer jitter), as a token bucket's small burst would give:
      // without it every late timer is throughput lost for good.
      const interval = 1000 / this.rate;
      this.nextAt = Math.max(now - interval * Math.max(1, Math.min(this.rate / 20, 10)), this.nextAt) + interval;
      this.activeSince ??= now;
      this.sent.push(now);
      if (this.sent.length > 4 * this.max) this.sent.shift();
      this.queue.shift()!.resolve(now);
    }
  }
}

/**
 * Counts failed attempts in a row across every request of the client. At the threshold it
 * opens: requests in flight are aborted, those waiting fail, and every new one fails at once
 * with the same error, until the cooldown lets one through to try again.
 */
class Breaker {
  private failures = 0;
  private openUntil = 0;
  private error: ApiUnavailableError | null = null;
  private controller = Breaker.controller();

  /** Every attempt in flight and every retry waiting listens to it. */
  private static controller(): AbortController {
    const c = new AbortController();
    setMaxListeners(1000, c.signal);
    return c;
  }

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly onOpen: (e: ApiUnavailableError) => void,
  ) {}

  /** Aborted when the breaker opens; pass it to everything that waits. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  check(): void {
    if (this.error === null) return;
    if (Date.now() < this.openUntil) throw this.error;
    // Half open: one more failure opens it again.
    this.error = null;
    this.failures = this.threshold - 1;
    this.controller = Breaker.controller();
  }

  succeed(): void {
    this.failures = 0;
  }

  /** Returns the breaker's error when this failure opened it (or it was open already). */
  fail(e: ApiError, baseUrl: string): ApiUnavailableError | null {
    if (this.error) return this.error;
    this.failures++;
    if (this.failures < this.threshold) return null;
    this.error = new ApiUnavailableError(baseUrl, this.failures, e);
    this.openUntil = Date.now() + this.cooldownMs;
    this.controller.abort(this.error);
    this.onOpen(this.error);
    return this.error;
  }
}

class Semaphore {
  private active = 0;
  private waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

function retryAfterMs(res: Answer): number | null {
  const h = res.header("retry-after");
  if (h === null) return null;
  const secs = Number(h);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

interface NetworkFailure {
  code: "network_error" | "timeout";
  message: string;
  /** A DNS name that does not exist or a certificate that is not trusted will not heal by retrying. */
  retryable: boolean;
}

const NETWORK: Record<string, { text: string; retryable?: false; timeout?: true }> = {
  ECONNREFUSED: { text: "connection refused" },
  ECONNRESET: { text: "connection reset" },
  EPIPE: { text: "connection closed" },
  UND_ERR_SOCKET: { text: "connection closed by the server" },
  UND_ERR_CLOSED: { text: "connection closed" },
  ENOTFOUND: { text: "host not found (DNS)", retryable: false },
  EAI_AGAIN: { text: "DNS lookup failed for now" },
  EHOSTUNREACH: { text: "host unreachable" },
  ENETUNREACH: { text: "network unreachable" },
  ETIMEDOUT: { text: "connection timed out", timeout: true },
  UND_ERR_CONNECT_TIMEOUT: { text: "connection timed out", timeout: true },
  UND_ERR_HEADERS_TIMEOUT: { text: "no answer in time", timeout: true },
  UND_ERR_BODY_TIMEOUT: { text: "the answer stalled", timeout: true },
};

function errorCode(e: unknown): string | undefined {
  // fetch wraps the socket's error in `cause` (an AggregateError when several addresses were tried).
  for (let x: unknown = e, depth = 0; x && depth < 4; depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === "string") return code;
    x = (x as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeNetworkError(e: unknown, timeoutMs: number): NetworkFailure {
  if ((e as { name?: unknown } | null)?.name === "TimeoutError") {
    return { code: "timeout", message: `no answer within ${timeoutMs / 1000} s`, retryable: true };
  }
  const code = errorCode(e);
  const known = code ? NETWORK[code] : undefined;
  if (known) {
    return { code: known.timeout ? "timeout" : "network_error", message: `${known.text} (${code})`, retryable: known.retryable ?? true };
  }
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return { code: "network_error", message: `TLS: the server's certificate is not accepted (${code})`, retryable: false };
  }
  const msg = e instanceof Error ? e.message : String(e);
  return { code: "network_error", message: code ? `${msg} (${code})` : msg, retryable: true };
}

export class HttpClient {
  private readonly pacer: AdaptiveRate;
  private readonly sem: Semaphore;
  private readonly breaker: Breaker;
  private readonly transport: Transport;
  private readonly random: () => number;
  private closed: Error | null = null;
  private readonly closing = new AbortController();
  readonly baseUrl: string;
  /** Count of HTTP attempts made, for benchmarks and tests. */
  attempts = 0;

  constructor(private readonly opts: ClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.pacer = new AdaptiveRate(opts.rateLimit ?? 1000, Math.min(opts.minRate ?? 1, opts.rateLimit ?? 1000));
    this.sem = new Semaphore(opts.concurrency ?? 16);
    // Every attempt in flight and every retry waiting listens to it.
    setMaxListeners(1000, this.closing.signal);
    this.breaker = new Breaker(opts.breakerThreshold ?? 6, opts.breakerCooldownMs ?? 30_000, (e) => this.pacer.failWaiting(e));
    this.transport = opts.fetch ? fetchTransport(opts.fetch) : nodeTransport(opts.concurrency ?? 16);
    this.random = opts.random ?? Math.random;
  }

  /** The shared rate: its current value, and how many 429s and cuts it has seen. */
  get rate(): { current: number; throttled: number; cuts: number } {
    return { current: this.pacer.rate, throttled: this.pacer.throttled, cuts: this.pacer.cuts };
  }

  /** Fails everything waiting or in flight; later requests fail at once. */
  close(): void {
    if (this.closed) return;
    this.closed = new Error("the HTTP client was closed");
    this.closing.abort(this.closed);
    this.pacer.failWaiting(this.closed);
    this.transport.close();
  }

  async request<T>(method: Method, path: string, ro: RequestOptions = {}): Promise<ApiResponse<T>> {
    // Never retry a POST that the server could not recognise as a repeat.
    const retrySafe = method !== "POST" || ro.idempotencyKey !== undefined;
    const maxAttempts = this.opts.maxAttempts ?? 8;
    const base = this.opts.backoffBaseMs ?? 200;
    const cap = this.opts.backoffMaxMs ?? 10_000;
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    const url = this.url(path, ro.query);
    const shown = redactUrl(`${this.baseUrl}${path}`);
    const headers: Record<string, string> = {
      "x-api-key": this.opts.apiKey,
      accept: "application/json",
      "user-agent": this.opts.userAgent ?? "hgw-http-provider",
    };
    if (ro.body !== undefined) headers["content-type"] = "application/json";
    if (ro.idempotencyKey !== undefined) headers["idempotency-key"] = ro.idempotencyKey;
    if (ro.ifMatch !== undefined) headers["if-match"] = ro.ifMatch;
    const payload = ro.body === undefined ? undefined : JSON.stringify(ro.body);
    const error = (o: { status: number | null; code: string; message: string; param?: string | null; requestId?: string | null }, attempts: number): ApiError =>
      new ApiError({ method, path, url: shown, param: null, requestId: null, ...o, attempts });

    /** Waits, unless the breaker opens or the client closes first; then throws why. */
    const pause = (ms: number): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const sources = [this.breaker.signal, this.closing.signal];
        const stop = (): void => {
          clearTimeout(timer);
          for (const s of sources) s.removeEventListener("abort", stop);
          reject(this.closed ?? sources.find((s) => s.aborted)?.reason ?? new Error("aborted"));
        };
        const timer = setTimeout(() => {
          for (const s of sources) s.removeEventListener("abort", stop);
          resolve();
        }, ms);
        for (const s of sources) s.addEventListener("abort", stop, { once: true });
        if (sources.some((s) => s.aborted)) stop();
      });

    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw this.closed;
      this.breaker.check();
      const backoff = (): number => this.random() * Math.min(cap, base * 2 ** (attempt - 1));
      const last = attempt >= maxAttempts || !retrySafe;
      let sentAt = 0;
      let res: Answer;
      try {
        // Paced inside the concurrency slot, so freed slots do not release a burst.
        res = await this.sem.run(async () => {
          this.breaker.check();
          sentAt = await this.pacer.take();
          if (this.closed) throw this.closed;
          this.breaker.check();
          this.attempts++;
          return this.attempt(url, { method, headers, body: payload }, timeoutMs);
        });
      } catch (e) {
        if (e instanceof WorldError || e === this.closed) throw e;
        const n = describeNetworkError(e, timeoutMs);
        const err = error({ status: null, code: n.code, message: n.message }, attempt);
        const open = this.breaker.fail(err, this.baseUrl);
        if (open) throw open;
        if (last || !n.retryable) throw err;
        await pause(backoff());
        continue;
      }
      const requestId = res.header("x-request-id");
      const text = res.text;
      if (res.status >= 200 && res.status < 300) {
        this.breaker.succeed();
        this.pacer.succeed();
        let body: T;
        try {
          body = (text === "" ? null : JSON.parse(text)) as T;
        } catch {
          throw error({ status: res.status, code: "bad_response", message: "the answer is not JSON", requestId }, attempt);
        }
        return { status: res.status, body, requestId, etag: res.header("etag") };
      }
      // Any code a server sends is kept, not only the contract's (a proxy, a newer server).
      let body: { code: string; message: string; param: string | null } = { code: `http_${res.status}`, message: res.statusText, param: null };
      try {
        const parsed = JSON.parse(text) as Partial<WireError>;
        if (parsed.error && typeof parsed.error.code === "string") body = parsed.error;
      } catch {
        // a non-JSON error body (a proxy's page): keep the status line
      }
      const location = res.status >= 300 && res.status < 400 ? res.header("location") : null;
      // Redirects are not followed: the key would travel to wherever they point.
      if (location !== null) body = { ...body, message: `redirected to ${redactUrl(URL.canParse(location, url) ? new URL(location, url) : location)}, which hgw does not follow` };
      const err = error({ status: res.status, code: body.code, message: body.message, param: body.param ?? null, requestId }, attempt);
      if (res.status === 429) {
        const ra = retryAfterMs(res);
        this.pacer.throttle(sentAt, ra);
        if (last) throw err;
        await pause(ra !== null ? ra + this.random() * base : backoff());
        continue;
      }
      if (RETRYABLE_STATUS.has(res.status)) {
        const open = this.breaker.fail(err, this.baseUrl);
        if (open) throw open;
        if (last) throw err;
        const ra = retryAfterMs(res);
        await pause(ra !== null ? ra + this.random() * base : backoff());
        continue;
      }
      // Any other answer means the API is there.
      this.breaker.succeed();
      throw err;
    }
  }

  /**
   * One attempt, aborted by its timeout, by the breaker opening or by close(). The timer and
   * the listeners are held here and released at the end, so nothing outlives the attempt.
   */
  private async attempt(url: string, a: Omit<Attempt, "signal">, timeoutMs: number): Promise<Answer> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
    const sources = [this.breaker.signal, this.closing.signal];
    const forward = (): void => ac.abort(sources.find((s) => s.aborted)?.reason);
    for (const s of sources) {
      if (s.aborted) forward();
      else s.addEventListener("abort", forward, { once: true });
    }
    try {
      return await this.transport.send(url, { ...a, signal: ac.signal });
    } finally {
      clearTimeout(timer);
      for (const s of sources) s.removeEventListener("abort", forward);
    }
  }

  private url(path: string, query?: RequestOptions["query"]): string {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
    const s = qs.toString();
    return `${this.baseUrl}${path}${s ? `?${s}` : ""}`;
  }
}
