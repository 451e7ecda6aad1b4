// The write-ahead journal of an apply. Rewriting a 20 MB account file per change would make a
// 1,000-change apply take minutes, so during an apply the account lives in memory and each
// completed change is appended here (one JSON line) and fsynced before it is reported done.
// Concurrent changes share one fsync (group commit). A change is replayed from its entry with
// everything that was random the first time (ids, key hashes, password digests) recorded,
// never a secret itself. The snapshot (account.json) records the last entry it contains, so
// a crash between writing the snapshot and emptying the journal replays nothing twice.

import { type FileHandle, open, readFile } from "node:fs/promises";
import type { Change } from "../../plan/types.js";

export interface Recorded {
  ids: string[];
  /** awaitDelivery: the key was made undelivered (ExecuteContext.awaitKeyDelivery). */
  keys: { keyId: string; last4: string; hash: string; awaitDelivery?: true }[];
  digests: string[];
}

export interface JournalEntry {
  seq: number;
  /** ISO time the change ran at ("now" for replay) */
  at: string;
  change: Change;
  rec: Recorded;
}

export async function readJournal(path: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: JournalEntry[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    try {
      out.push(JSON.parse(line) as JournalEntry);
    } catch {
      // Only the last line can be torn (a crash mid-append); its change never reported done.
      if (lines.slice(i + 1).some((l) => l !== "")) throw new Error(`${path}: line ${i + 1} is not valid JSON`);
    }
  }
  return out;
}

export class JournalWriter {
  private pending: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private failed: unknown = null;

  private constructor(private readonly fh: FileHandle) {}

  static async open(path: string): Promise<JournalWriter> {
    return new JournalWriter(await open(path, "a", 0o600));
  }

  /** Resolves once the entry is on disk. */
  append(entry: JournalEntry): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending.push({ line: `${JSON.stringify(entry)}\n`, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.fh.write(batch.map((b) => b.line).join(""));
        await this.fh.datasync();
        for (const b of batch) b.resolve();
      } catch (e) {
        this.failed = e;
        for (const b of batch) b.reject(e);
      }
    }
    this.flushing = null;
  }

  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.failed) throw this.failed;
  }

  async truncate(): Promise<void> {
    await this.drain();
    await this.fh.truncate(0);
    await this.fh.sync();
  }

  async close(): Promise<void> {
    await this.drain().catch(() => undefined);
    await this.fh.close();
  }
}
