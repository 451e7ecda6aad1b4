// New API keys leave the apply into a file the user named (mode 0600), each one the moment it
// is created: the file is rewritten whole (a temporary file, fsynced, renamed over it, the
// folder fsynced), so that a process killed at any instant leaves either the file before
// the key or the file with it, and every key in it is on disk before the account is told
// that the key was delivered. A key the account issued but never heard was delivered is
// rotated by the next apply (see the planner), so no key is ever lost without a trace.
//
// The file is checked before anything is applied: its folder must exist and be writable,
// and the file must be absent, empty, or one this writes (a JSON object with an `apiKeys`
// list). Keys already in it stay; a rotated key's entry gives way to its successor once the
// old key is revoked: until then the file holds both, so that whatever moment an apply is
// killed at, the file holds a key that works.

import { access, constants, readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { UserError } from "../model/diagnostics.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import type { DeliveredKey } from "./engine.js";

export interface NewApiKey {
  workspacePath: string;
  value: string;
}

export interface KeyFileEntry {
  workspace: string;
  key: string;
  /** The account's id of the key (absent in files written by older versions). */
  keyId?: string;
  createdAt?: string;
}

const workspaceName = (path: string): string => (path === "" ? "workspace" : path);

/** One key as one JSON line, for `--show-api-keys`. */
export function formatApiKeyLine(k: NewApiKey): string {
  return JSON.stringify({ workspace: workspaceName(k.workspacePath), key: k.value });
}

function refuse(path: string, code: string, why: string, hint: string): never {
  throw new UserError({
    severity: "error",
    code,
    message: `cannot write new API keys to ${path}: ${why}; nothing was applied`,
    hint,
  });
}

function isEntry(x: unknown): x is KeyFileEntry {
  const o = x as Record<string, unknown> | null;
  return typeof o === "object" && o !== null && typeof o.workspace === "string" && typeof o.key === "string";
}

export class KeyFile {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  /** Keys added by this apply. */
  added = 0;

  private constructor(
    readonly path: string,
    private entries: KeyFileEntry[],
  ) {}

  /**
   * Checks `path` before an apply (see the header) and reads the keys it holds. Refuses
   * with a UserError naming what is wrong, never quoting the file.
   */
  static async open(path: string): Promise<KeyFile> {
    const abs = resolve(path);
    const dir = dirname(abs);
    const dirStat = await stat(dir).catch(() => null);
    if (!dirStat) refuse(path, "api-key-file-folder", `its folder ${dir} does not exist`, "create the folder first, or name a file in one that exists");
    if (!dirStat.isDirectory()) refuse(path, "api-key-file-folder", `${dir} is not a folder`, "name a file in a folder");
    // The file is replaced through a temporary file beside it: the folder must take one.
    try {
      await access(dir, constants.W_OK | constants.X_OK);
    } catch {
      refuse(path, "api-key-file-folder", `its folder ${dir} is not writable`, "name a file in a folder you can write to");
    }
    const st = await stat(abs).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : refuse(path, "api-key-file-unreadable", `it cannot be read (${e.code ?? "error"})`, "name a file you can read and write")));
    if (!st) return new KeyFile(abs, []);
    if (!st.isFile()) refuse(path, "api-key-file-exists", "it exists and is not a file", "name a new file (or an empty one, or an earlier key file)");
    let text: string;
    try {
      text = await readFile(abs, "utf8");
    } catch (e) {
      refuse(path, "api-key-file-unreadable", `it cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`, "name a file you can read and write");
    }
    if (text.trim() === "") return new KeyFile(abs, []);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const list = (parsed as { apiKeys?: unknown } | null)?.apiKeys;
    if (!Array.isArray(list) || !list.every(isEntry)) {
      // It may be anything (another tool's file, the only copy of something): never touch it.
      refuse(path, "api-key-file-exists", "it exists and is not an API key file that hgw wrote", "name a new file, an empty one, or an earlier key file of hgw");
    }
    return new KeyFile(abs, list);
  }

  /** The keys the file holds (as of this apply). */
  get keys(): readonly KeyFileEntry[] {
    return this.entries;
  }

  /**
   * Adds a key and resolves once the file on disk holds it. Keys that arrive while a write
   * is running share the next one.
   */
  add(k: DeliveredKey, now = new Date().toISOString()): Promise<void> {
    // The workspace's other keys no longer work (replaced, or lost to a killed apply), but
    // for the one a rotation keeps working until this one is confirmed.
    const workspace = workspaceName(k.workspacePath);
    this.entries = this.entries.filter((e) => (e.workspace !== workspace && e.keyId !== k.replaces) || (k.keeps !== null && e.keyId === k.keeps));
    this.entries.push({ workspace, key: k.value, ...(k.keyId ? { keyId: k.keyId } : {}), createdAt: now });
    this.added++;
    return this.save();
  }

  /**
   * Drops a key that was revoked. A write that fails here is not the apply's failure: the
   * entry left is a key that no longer works, and the next key for its workspace drops it.
   */
  remove(keyId: string): Promise<void> {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.keyId !== keyId);
    return this.entries.length === before ? Promise.resolve() : this.save().catch(() => undefined);
  }

  /** Writes the entries; writes asked for while one runs share the next one. */
  private save(): Promise<void> {
    if (this.next) return this.next;
    const start = (): Promise<void> => {
      this.next = null;
      this.running = this.write().finally(() => {
        this.running = null;
      });
      return this.running;
    };
    if (!this.running) return start();
    this.next = this.running.catch(() => undefined).then(start);
    return this.next;
  }

  private async write(): Promise<void> {
    const text = `${JSON.stringify({ apiKeys: this.entries }, null, 2)}\n`;
    try {
      await writeFileAtomic(this.path, text, 0o600);
    } catch (e) {
      throw new UserError({
        severity: "error",
        code: "api-key-file-write",
        message: `could not write the new API key to ${this.path} (${(e as NodeJS.ErrnoException).code ?? "error"}); the account keeps it marked undelivered, and the next apply rotates it`,
        hint: "make room or fix the file's folder, then run apply again",
      });
    }
  }
}
