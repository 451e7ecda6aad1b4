// Writing the edited files, all or none: each new text goes to a temporary file beside its
// target (fsynced) first; only when every one is written are they renamed over their
// targets. If a rename fails, the files already replaced get their old text back. A file
// that changed on disk since it was read is never overwritten.

import { randomBytes } from "node:crypto";
import { open, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UserError } from "../model/diagnostics.js";
import { diskError } from "../model/world-errors.js";
import { fsyncDir, writeFileAtomic } from "../providers/sandbox/atomic.js";

export interface FileWrite {
  /** the name shown */
  file: string;
  abs: string;
  /** the text it was read with: it must still hold it */
  before: string;
  after: string;
}

export async function writeAllOrNone(writes: readonly FileWrite[]): Promise<void> {
  const todo = writes.filter((w) => w.before !== w.after);
  for (const w of todo) {
    let now: string;
    try {
      now = await readFile(w.abs, "utf8");
    } catch (e) {
      throw diskError(e, w.file) ?? e;
    }
    if (now !== w.before) {
      throw new UserError({
        severity: "error",
        code: "spec-changed",
        message: `${w.file} changed while hgw was editing it; nothing was written`,
        hint: "Run the same command again: it edits the file as it is now.",
      });
    }
  }
  const temps: { w: FileWrite; tmp: string; mode: number }[] = [];
  try {
    for (const w of todo) {
      const mode = (await stat(w.abs)).mode & 0o777;
      const tmp = join(dirname(w.abs), `.${basename(w.abs)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
      const fh = await open(tmp, "wx", mode);
      temps.push({ w, tmp, mode });
      try {
        await fh.writeFile(w.after, "utf8");
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  } catch (e) {
    await Promise.all(temps.map((t) => unlink(t.tmp).catch(() => undefined)));
    throw diskError(e, temps.at(-1)?.w.file) ?? e;
  }
  let done = 0;
  try {
    for (const { w, tmp } of temps) {
      await rename(tmp, w.abs);
      done++;
    }
  } catch (e) {
    // Put back what was already replaced, so that the spec is as it was.
    for (const t of temps.slice(0, done)) await writeFileAtomic(t.w.abs, t.w.before, t.mode).catch(() => undefined);
    await Promise.all(temps.slice(done).map((t) => unlink(t.tmp).catch(() => undefined)));
    throw diskError(e, temps[done]?.w.file) ?? e;
  }
  for (const dir of new Set(todo.map((w) => dirname(w.abs)))) await fsyncDir(dir);
}
