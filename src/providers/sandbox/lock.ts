// An exclusive lock for the length of an apply: a lock file created with O_EXCL that says
// who holds it. A waiter polls until the timeout, then fails naming the holder. A lock whose
// process is gone (same host, pid not alive) or that was never written out is taken over.

import { open, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { UserError } from "../../model/diagnostics.js";

export interface LockInfo {
  pid: number;
  host: string;
  holder: string;
  since: string;
}

export interface LockOptions {
  /** How long to wait for another holder; default 10 s. */
  timeoutMs?: number;
  pollMs?: number;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readLock(path: string): Promise<{ info: LockInfo | null; raw: string } | null> {
  try {
    const raw = await readFile(path, "utf8");
    try {
      const info = JSON.parse(raw) as LockInfo;
      return { info: typeof info.pid === "number" ? info : null, raw };
    } catch {
      return { info: null, raw };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

async function isStale(path: string, info: LockInfo | null): Promise<boolean> {
  if (info === null) {
    // Created but never written: its writer died between open and write. Give a live
    // writer a moment before calling it stale.
    const st = await stat(path).catch(() => null);
    return st !== null && Date.now() - st.mtimeMs > 2000;
  }
  return info.host === hostname() && !pidAlive(info.pid);
}

export function describeHolder(info: LockInfo): string {
  return `"${info.holder}" (pid ${info.pid} on ${info.host}, since ${info.since})`;
}

/** Takes the lock at `path`; resolves to its release. */
export async function acquireLock(path: string, holder: string, opts: LockOptions = {}): Promise<() => Promise<void>> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const pollMs = opts.pollMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  const mine: LockInfo = { pid: process.pid, host: hostname(), holder, since: new Date().toISOString() };
  const body = JSON.stringify(mine);
  for (;;) {
    try {
      const fh = await open(path, "wx", 0o600);
      try {
        await fh.writeFile(body, "utf8");
        await fh.sync();
      } finally {
        await fh.close();
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        const now = await readLock(path);
        // Only remove it if it is still ours (a takeover after a hang must not be undone).
        if (now && now.raw === body) await unlink(path).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const current = await readLock(path);
    if (current === null) continue;
    if (await isStale(path, current.info)) {
      // Re-read just before removing, so that a lock someone else took over meanwhile stays.
      const again = await readLock(path);
      if (again && again.raw === current.raw) await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = current.info ? describeHolder(current.info) : "a process that is still starting";
      throw new UserError({
        severity: "error",
        code: "sandbox-locked",
        message: `the sandbox account is locked by ${who}; gave up after ${Math.round(timeoutMs / 100) / 10} s`,
        hint: `wait for it to finish and retry; if that process is gone from another machine, remove ${path}`,
      });
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
