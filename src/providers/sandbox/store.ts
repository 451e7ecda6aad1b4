// The sandbox account on disk: `<dir>/account.json` (a snapshot), `<dir>/journal.ndjson`
// (changes applied since the snapshot, see journal.ts) and `<dir>/lock`.
//
// Outside an apply every mutation is a short transaction: lock, load, mutate, write the
// snapshot atomically, unlock. During an apply (`beginSession`) the account stays in memory
// under the lock; each change is journaled and fsynced before it counts as done, the
// snapshot is rewritten every `compactEvery` changes and when the session ends. A crash
// loses no completed change (the journal is replayed on the next load) and never leaves a
// half-written account.json.

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { address } from "../../model/address.js";
import { UserError } from "../../model/diagnostics.js";
import type { AccountState } from "../../model/state.js";
import type { Change } from "../../plan/types.js";
import type { ExecuteContext, ExecuteResult, SharePasswordCheck } from "../../model/provider.js";
import { applyChange, guard, type ApplyChangeContext } from "./execute.js";
import { defaultAccount } from "../../domain/default-account.js";
import { digestOrKeep } from "../../domain/secrets.js";
import { mintApiKey, passwordMatches, publicAccount } from "../../domain/secrets.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { type JournalEntry, JournalWriter, type Recorded, readJournal } from "./journal.js";
import { acquireLock, type LockOptions } from "./lock.js";
import { readIndentedObject } from "./snapshot-read.js";

export const SNAPSHOT_FILE = "account.json";
export const JOURNAL_FILE = "journal.ndjson";
export const LOCK_FILE = "lock";
const META_KEY = "$sandbox";

interface SnapshotMeta {
  format: 1;
  /** The last journal entry this snapshot contains. */
  journalSeq: number;
}

export interface SandboxStoreOptions {
  /** Default: HGW_SANDBOX_DIR, else `.hgw` under `cwd`. */
  dir?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Default: wait up to HGW_LOCK_TIMEOUT_MS, else 10 s, for another holder. */
  lock?: LockOptions;
  /** Rewrite the snapshot every N journaled changes during an apply; default 2000. */
  compactEvery?: number;
  /** ISO "now"; default the clock. */
  now?: () => string;
  /** Ids for created records; default random. */
  newId?: (prefix: string) => string;
}

export function resolveSandboxDir(opts: Pick<SandboxStoreOptions, "dir" | "cwd" | "env"> = {}): string {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  return resolve(cwd, opts.dir ?? env.HGW_SANDBOX_DIR ?? ".hgw");
}

const randomId = (prefix: string): string => `${prefix}_${randomBytes(6).toString("hex")}`;

interface Session {
  state: AccountState;
  seq: number;
  sinceCompact: number;
  journal: JournalWriter;
  release: () => Promise<void>;
  compacting: Promise<void> | null;
  broken: unknown;
}

export class SandboxStore {
  readonly dir: string;
  private readonly opts: SandboxStoreOptions;
  private session: Session | null = null;

  constructor(opts: SandboxStoreOptions = {}) {
    this.opts = opts;
    this.dir = resolveSandboxDir(opts);
  }

  get snapshotPath(): string {
    return join(this.dir, SNAPSHOT_FILE);
  }
  get journalPath(): string {
    return join(this.dir, JOURNAL_FILE);
  }
  get lockPath(): string {
    return join(this.dir, LOCK_FILE);
  }
  private now(): string {
    return this.opts.now?.() ?? new Date().toISOString();
  }
  private newId(prefix: string): string {
    return (this.opts.newId ?? randomId)(prefix);
  }

  /**
   * The account as it is now (a copy), as anyone outside the store sees it: no password
   * digest. Creates the default account on first use.
   */
  async read(): Promise<AccountState> {
    if (this.session) return publicAccount(structuredClone(this.session.state));
    const loaded = await this.load();
    if (loaded) return publicAccount(loaded.state);
    // A fresh checkout: create the default account (under the lock, in case of a race).
    return publicAccount(await this.transaction("hgw (first use)", (s) => s));
  }

  /** Whether each password matches the one its share page holds now (false when none is set). */
  async sharePasswordsMatch(checks: readonly SharePasswordCheck[]): Promise<boolean[]> {
    const state = this.session ? this.session.state : ((await this.load())?.state ?? null);
    return checks.map((c) => {
      const page = state?.content.find((x) => x.type === c.type && x.id === c.id)?.sharePage;
      return !!page?.passwordDigest && passwordMatches(c.password, page.passwordDigest);
    });
  }

  /** Snapshot + journal replay; null when no account exists yet. */
  private async load(): Promise<{ state: AccountState; seq: number; replayed: number } | null> {
    let parsed: AccountState & { [META_KEY]?: SnapshotMeta };
    try {
      // In pieces when the file is laid out as writeSnapshot writes it (snapshot-read.ts);
      // otherwise whole, so that a damaged file gets JSON.parse's own message.
      parsed = (readIndentedObject(this.snapshotPath) ?? this.parseWhole()) as AccountState & { [META_KEY]?: SnapshotMeta };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    const meta = parsed[META_KEY];
    delete parsed[META_KEY];
    const state: AccountState = parsed;
    let seq = meta?.journalSeq ?? 0;
    let replayed = 0;
    for (const entry of await readJournal(this.journalPath)) {
      if (entry.seq <= seq) continue;
      replay(state, entry);
      seq = entry.seq;
      replayed++;
    }
    return { state, seq, replayed };
  }

  private parseWhole(): unknown {
    const text = readFileSync(this.snapshotPath).toString("utf8");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw this.corrupt(`is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw this.corrupt("does not hold an account (a JSON object)");
    return value;
  }

  private corrupt(what: string): UserError {
    return new UserError({
      severity: "error",
      code: "sandbox-corrupt",
      message: `${this.snapshotPath} ${what}`,
      hint: "`hgw sandbox reset` starts over with the default account",
    });
  }

  private async writeSnapshot(state: AccountState, seq: number): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const meta: SnapshotMeta = { format: 1, journalSeq: seq };
    // Meta first so a human reading the file sees it; the account follows unchanged.
    const body = JSON.stringify({ [META_KEY]: meta, ...state }, null, 1);
    // The account holds password digests and key hashes: for its owner only.
    await writeFileAtomic(this.snapshotPath, `${body}\n`, 0o600);
  }

  /** Takes the lock: the holder is named to anyone who has to wait. */
  private async acquire(holder: string): Promise<() => Promise<void>> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const env = this.opts.env ?? process.env;
    const fromEnv = Number(env.HGW_LOCK_TIMEOUT_MS);
    const lock: LockOptions = { ...(Number.isFinite(fromEnv) && fromEnv >= 0 && env.HGW_LOCK_TIMEOUT_MS ? { timeoutMs: fromEnv } : {}), ...this.opts.lock };
    return acquireLock(this.lockPath, holder, lock);
  }

  /**
   * Lock, load (or create the default account), run `fn` on the account, save, unlock.
   * `fn` may replace the account by returning a different one.
   */
  async transaction(holder: string, fn: (state: AccountState) => AccountState | void): Promise<AccountState> {
    if (this.session) {
      const s = this.session.state;
      this.session.state = fn(s) ?? s;
      await this.compact(this.session);
      return structuredClone(this.session.state);
    }
    const release = await this.acquire(holder);
    try {
      const loaded = await this.load();
      const state = loaded?.state ?? defaultAccount(this.now());
      const next = fn(state) ?? state;
      await this.writeSnapshot(next, loaded?.seq ?? 0);
      await rm(this.journalPath, { force: true });
      return next;
    } finally {
      await release();
    }
  }

  /** Replaces the whole account (init, reset). */
  async replace(holder: string, state: AccountState): Promise<void> {
    await this.transaction(holder, () => state);
  }

  /** Starts an apply: holds the lock and the account in memory until the release. */
  async beginSession(holder: string): Promise<() => Promise<void>> {
    if (this.session) throw new Error("the sandbox store already has an apply in progress in this process");
    const release = await this.acquire(holder);
    try {
      const loaded = await this.load();
      const state = loaded?.state ?? defaultAccount(this.now());
      const seq = loaded?.seq ?? 0;
      // Fold a crashed apply's journal into the snapshot, so this session's journal starts empty.
      if (!loaded || loaded.replayed > 0) await this.writeSnapshot(state, seq);
      const journal = await JournalWriter.open(this.journalPath);
      await journal.truncate();
      this.session = { state, seq, sinceCompact: 0, journal, release, compacting: null, broken: null };
    } catch (e) {
      await release();
      throw e;
    }
    const session = this.session;
    return async () => {
      if (this.session !== session) return;
      try {
        if (!session.broken) await this.compact(session);
      } finally {
        this.session = null;
        await session.journal.close();
        await session.release();
      }
    };
  }

  private async compact(s: Session): Promise<void> {
    await s.journal.drain();
    await this.writeSnapshot(s.state, s.seq);
    await s.journal.truncate();
    s.sinceCompact = 0;
  }

  /** Carries out one change (in the session when there is one, else as its own transaction). */
  async execute(change: Change, ctx: ExecuteContext): Promise<ExecuteResult> {
    const s = this.session;
    if (!s) {
      let result: ExecuteResult = {};
      await this.transaction(`hgw execute ${change.address}`, (state) => {
        const at = this.now();
        result = guard(state, change, ctx, at) ?? applyChange(state, change, this.opContext(ctx, at, null));
      });
      return result;
    }
    if (s.broken) throw s.broken;
    while (s.compacting) await s.compacting;
    const at = this.now();
    // Checked on the account in memory, in the same step as the write: nothing can come between.
    const done = guard(s.state, change, ctx, at);
    if (done) return done;
    const rec: Recorded = { ids: [], keys: [], digests: [] };
    // Throws before mutating on any rule; then nothing is journaled.
    const result = applyChange(s.state, change, this.opContext(ctx, at, rec));
    const entry: JournalEntry = { seq: ++s.seq, at, change, rec };
    try {
      await s.journal.append(entry);
    } catch (e) {
      // The account in memory is ahead of the disk; stop rather than diverge further.
      s.broken = e;
      throw e;
    }
    if (++s.sinceCompact >= (this.opts.compactEvery ?? 2000) && !s.compacting) {
      s.compacting = this.compact(s).finally(() => (s.compacting = null));
      await s.compacting;
    }
    return result;
  }

  private opContext(ctx: ExecuteContext, now: string, rec: Recorded | null): ApplyChangeContext {
    return {
      ...ctx,
      now,
      newId: (prefix) => {
        const id = this.newId(prefix);
        rec?.ids.push(id);
        return id;
      },
      newApiKey: () => {
        const k = mintApiKey();
        rec?.keys.push({ keyId: k.keyId, last4: k.last4, hash: k.hash, ...(ctx.awaitKeyDelivery ? { awaitDelivery: true as const } : {}) });
        return k;
      },
      digestPassword: (password, previous) => {
        const d = digestOrKeep(password, previous);
        rec?.digests.push(d);
        return d;
      },
    };
  }

  /** The caller stored the new key: journaled like a change, so a crash cannot undo it. */
  async confirmApiKey(key: { workspacePath: string; workspaceId: string; keyId: string }): Promise<void> {
    const change: Change = {
      seq: 0,
      address: address.apikey(key.workspacePath),
      kind: "apikey",
      action: "update",
      before: null,
      after: { workspacePath: key.workspacePath, workspaceId: key.workspaceId, keyId: key.keyId, last4: null },
      reason: "the new key was stored",
      source: null,
      dependsOn: [],
    };
    await this.execute(change, { workspaceIds: new Map(), resolveSecret: () => "" });
  }

  /** Removes the account (and any journal); the next read creates the default one. */
  async reset(holder: string): Promise<void> {
    const release = await this.acquire(holder);
    try {
      await rm(this.journalPath, { force: true });
      await rm(this.snapshotPath, { force: true });
    } finally {
      await release();
    }
  }
}

/** Re-runs a journaled change with what was random the first time taken from its record. */
function replay(state: AccountState, entry: JournalEntry): void {
  const ids = [...entry.rec.ids];
  const keys = [...entry.rec.keys];
  const digests = [...entry.rec.digests];
  const take = <T>(xs: T[], what: string): T => {
    const x = xs.shift();
    if (x === undefined) throw new Error(`sandbox journal entry ${entry.seq} (${entry.change.address}) has no recorded ${what}`);
    return x;
  };
  try {
    applyChange(state, entry.change, {
      now: entry.at,
      workspaceIds: new Map(),
      awaitKeyDelivery: entry.rec.keys.some((k) => k.awaitDelivery),
      resolveSecret: () => "\u0000replayed",
      newId: () => take(ids, "id"),
      newApiKey: () => ({ value: "", ...take(keys, "key") }),
      digestPassword: () => take(digests, "password digest"),
    });
  } catch (e) {
    throw new UserError({
      severity: "error",
      code: "sandbox-journal",
      message: `could not replay the sandbox journal at entry ${entry.seq} (${entry.change.address}): ${(e as Error).message}`,
      hint: "`hgw sandbox reset` starts over with the default account",
    });
  }
}
