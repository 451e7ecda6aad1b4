// Stored answers to POSTs, by caller and Idempotency-Key, kept 24 hours. The same key with
// the same request replays the answer; the same key with a different request is refused.

import { sha256 } from "../model/fingerprint.js";
import { HttpError } from "../contract/errors.js";

interface Stored {
  fingerprint: string;
  status: number;
  body: unknown;
  at: number;
}

const TTL_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 200_000;

export class IdempotencyStore {
  private entries = new Map<string, Stored>();
  /** Requests under way, so a retry that overtakes its original waits for it instead of repeating it. */
  private pending = new Map<string, Promise<void>>();

  /** Runs `fn` as the only request with this key; a concurrent twin waits until it is done. */
  async exclusive<T>(scope: string, key: string, fn: () => Promise<T>): Promise<T> {
    const k = `${scope}\u0000${key}`;
    for (let p = this.pending.get(k); p; p = this.pending.get(k)) await p.catch(() => {});
    let done!: () => void;
    this.pending.set(k, new Promise<void>((r) => (done = r)));
    try {
      return await fn();
    } finally {
      this.pending.delete(k);
      done();
    }
  }

  static fingerprint(method: string, path: string, body: unknown): string {
    return sha256(`${method} ${path.split("?")[0]} ${JSON.stringify(body ?? null)}`);
  }

  /** The stored answer for this key, or null when the request is new. */
  lookup(scope: string, key: string, fingerprint: string): { status: number; body: unknown } | null {
    const e = this.entries.get(`${scope}\u0000${key}`);
    if (!e || Date.now() - e.at > TTL_MS) return null;
    if (e.fingerprint !== fingerprint) {
      throw new HttpError(
        422,
        "validation_error",
        "this Idempotency-Key was used with a different request",
        "Idempotency-Key",
      );
    }
    return { status: e.status, body: e.body };
  }

  remember(scope: string, key: string, fingerprint: string, status: number, body: unknown): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(`${scope}\u0000${key}`, { fingerprint, status, body, at: Date.now() });
  }
}
