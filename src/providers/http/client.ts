// One REST call at a time, made safe: a client-side rate limit and concurrency cap, a
// timeout per attempt, and retries with exponential backoff and full jitter on 429, 5xx and
// network errors (honouring Retry-After). A POST is retried only when it carries an
// Idempotency-Key; PUT, PATCH, DELETE and GET are idempotent by contract. Errors name the
// request id and the API's error code and never the key.

import type { WireError } from "./wire.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  ifMatch?: string;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  requestId: string | null;
  etag: string | null;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Requests per second (token bucket); default 50. */
  rateLimit?: number;
  /** Requests in flight at once; default 16. */
  concurrency?: number;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Attempts per request, the first included; default 8. */
  maxAttempts?: number;
  /** Backoff base and cap; defaults 200 ms and 10 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  fetch?: FetchLike;
  /** Random source for jitter (tests pass a seeded one). */
  random?: () => number;
  userAgent?: string;
}

/** An answer from the API that is an error, or a request that never got an answer. */
export class ApiError extends Error {
  readonly status: number | null;
  readonly code: string;
  readonly param: string | null;
  readonly requestId: string | null;
  constructor(opts: {
    method: Method;
    path: string;
    status: number | null;
    code: string;
    message: string;
    param: string | null;
    requestId: string | null;
  }) {
    const where = `${opts.method} ${opts.path}`;
    const status = opts.status === null ? "no response" : `HTTP ${opts.status}`;
    const param = opts.param ? ` (param ${opts.param})` : "";
    const rid = opts.requestId ? ` [request ${opts.requestId}]` : "";
    super(`${where}: ${status} ${opts.code}: ${opts.message}${param}${rid}`);
    this.name = "ApiError";
    this.status = opts.status;
    this.code = opts.code;
    this.param = opts.param;
    this.requestId = opts.requestId;
  }
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Spaces requests evenly at `rate` per second with a small burst. */
class TokenBucket {
  private tokens: number;
  private last = Date.now();
  private queue: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    // Start with one token, not a full burst: a server limiting at the same rate then keeps
    // its own burst as slack for network jitter instead of answering 429.
    this.tokens = 1;
  }
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.drain();
    });
  }
  /**
   * After a 429 the refused request waits its Retry-After; the others only lose the burst
   * the bucket had saved, so the client falls back to even spacing instead of stalling.
   */
  dropBurst(): void {
    this.tokens = Math.min(this.tokens, 0);
  }
  private drain(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    while (this.queue.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.queue.shift()!();
    }
    if (this.queue.length > 0 && this.timer === null) {
      const wait = Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
      this.timer = setTimeout(() => {
        this.timer = null;
        this.drain();
      }, wait);
    }
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function retryAfterMs(res: Response): number | null {
  const h = res.headers.get("retry-after");
  if (h === null) return null;
  const secs = Number(h);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function describeNetworkError(e: unknown): string {
  if (!(e instanceof Error)) return "request failed";
  if (e.name === "TimeoutError") return "timed out";
  const cause = (e as Error & { cause?: { code?: string } }).cause;
  return cause?.code ? `${e.message} (${cause.code})` : e.message;
}

export class HttpClient {
  private readonly bucket: TokenBucket;
  private readonly sem: Semaphore;
  private readonly fetchImpl: FetchLike;
  private readonly random: () => number;
  readonly baseUrl: string;
  /** Count of HTTP attempts made, for benchmarks and tests. */
  attempts = 0;

  constructor(private readonly opts: ClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    const rate = opts.rateLimit ?? 50;
    this.bucket = new TokenBucket(rate, Math.max(1, Math.min(Math.floor(rate / 20), 10)));
    this.sem = new Semaphore(opts.concurrency ?? 16);
    this.fetchImpl = opts.fetch ?? ((u, i) => fetch(u, i));
    this.random = opts.random ?? Math.random;
  }

  async request<T>(method: Method, path: string, ro: RequestOptions = {}): Promise<ApiResponse<T>> {
    // Never retry a POST that the server could not recognise as a repeat.
    const retrySafe = method !== "POST" || ro.idempotencyKey !== undefined;
    const maxAttempts = this.opts.maxAttempts ?? 8;
    const base = this.opts.backoffBaseMs ?? 200;
    const cap = this.opts.backoffMaxMs ?? 10_000;
    const url = this.url(path, ro.query);
    const headers: Record<string, string> = {
      "x-api-key": this.opts.apiKey,
      accept: "application/json",
      "user-agent": this.opts.userAgent ?? "hgw-http-provider",
    };
    if (ro.body !== undefined) headers["content-type"] = "application/json";
    if (ro.idempotencyKey !== undefined) headers["idempotency-key"] = ro.idempotencyKey;
    if (ro.ifMatch !== undefined) headers["if-match"] = ro.ifMatch;
    const payload = ro.body === undefined ? undefined : JSON.stringify(ro.body);

    for (let attempt = 1; ; attempt++) {
      const backoff = (): number => this.random() * Math.min(cap, base * 2 ** (attempt - 1));
      const last = attempt >= maxAttempts || !retrySafe;
      let res: Response;
      let text: string;
      try {
        // Paced inside the concurrency slot, so freed slots do not release a burst.
        [res, text] = await this.sem.run(async () => {
          await this.bucket.take();
          this.attempts++;
          const r = await this.fetchImpl(url, {
            method,
            headers,
            body: payload,
            signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
          });
          return [r, await r.text()] as const;
        });
      } catch (e) {
        if (last) {
          throw new ApiError({
            method,
            path,
            status: null,
            code: "network_error",
            message: describeNetworkError(e),
            param: null,
            requestId: null,
          });
        }
        await sleep(backoff());
        continue;
      }
      const requestId = res.headers.get("x-request-id");
      if (res.ok) {
        return {
          status: res.status,
          body: (text === "" ? null : JSON.parse(text)) as T,
          requestId,
          etag: res.headers.get("etag"),
        };
      }
      if (RETRYABLE_STATUS.has(res.status) && !last) {
        const ra = retryAfterMs(res);
        if (res.status === 429) this.bucket.dropBurst();
        await sleep(ra !== null ? ra + this.random() * base : backoff());
        continue;
      }
      let err: WireError["error"] = { code: `http_${res.status}`, message: res.statusText, param: null };
      try {
        const parsed = JSON.parse(text) as Partial<WireError>;
        if (parsed.error && typeof parsed.error.code === "string") err = parsed.error;
      } catch {
        // a non-JSON error body (a proxy's page): keep the status line
      }
      throw new ApiError({
        method,
        path,
        status: res.status,
        code: err.code,
        message: err.message,
        param: err.param ?? null,
        requestId,
      });
    }
  }

  private url(path: string, query?: RequestOptions["query"]): string {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
    const s = qs.toString();
    return `${this.baseUrl}${path}${s ? `?${s}` : ""}`;
  }
}
