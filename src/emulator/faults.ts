// Injected misbehaviour, drawn from a seeded generator so a failing run can be repeated.
// "after" faults happen once the write has been committed: the client sees an error or a
// dropped connection for work that was done, and only an idempotency key saves it.

export type Fault =
  | { kind: "none" }
  | { kind: "error"; status: 500 | 503; when: "before" | "after" }
  | { kind: "drop"; when: "before" | "after" }
  | { kind: "slow"; ms: number }
  | { kind: "burst429" };

/** mulberry32: small, fast, good enough for fault schedules. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly random: () => number;
  /** Requests still to refuse with 429 in the current burst. */
  burstLeft = 0;

  constructor(
    private readonly rate: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  draw(): Fault {
    if (this.rate <= 0 || this.random() >= this.rate) return { kind: "none" };
    const r = this.random();
    if (r < 0.2) return { kind: "error", status: 500, when: "before" };
    if (r < 0.35) return { kind: "error", status: 503, when: "before" };
    if (r < 0.5) return { kind: "error", status: 500, when: "after" };
    if (r < 0.6) return { kind: "drop", when: "before" };
    if (r < 0.75) return { kind: "drop", when: "after" };
    if (r < 0.87) {
      this.burstLeft = 2 + Math.floor(this.random() * 4);
      return { kind: "burst429" };
    }
    return { kind: "slow", ms: 100 + Math.floor(this.random() * 400) };
  }
}

/** Server-side rate limit: a token bucket refilled at `rate` per second. */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  private readonly burst: number;
  constructor(private readonly rate: number) {
    // A burst of a fifth of a second's worth absorbs arrival jitter from clients that pace
    // themselves at exactly the limit.
    this.burst = Math.max(1, Math.ceil(rate / 5));
    this.tokens = this.burst;
  }
  /** null when allowed, else the seconds to wait. */
  take(): number | null {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rate));
  }
}
