// Writing the edited files, all or none: each new text goes to a temporary file beside its
// target (fsynced) first; only when every one is written are they renamed over their
// targets. If a rename fails, the files already replaced get their old text back. A file
// that changed on disk since it was read is never overwritten, and neither is a read-only
// one (a rename would replace it all the same, so its mode is checked first).

import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UserError } from "../model/diagnostics.js";
import { diskError } from "../model/world-errors.js";
import { fsyncDir, writeFileAtomic } from "../util/atomic-write.js";

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
  const modes = new Map<FileWrite, number>();
  for (const w of todo) {
    let now: string;
    try {
      now = await readFile(w.abs, "utf8");
      modes.set(w, (await stat(w.abs)).mode & 0o777);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw changed(`${w.file} was removed while hgw was editing it; nothing was written`);
      throw notWritten(e, w.file);
    }
    if (now !== w.before) throw changed(`${w.file} changed while hgw was editing it; nothing was written`);
    await checkWritable(w, modes.get(w)!);
  }
  const temps: { w: FileWrite; tmp: string; mode: number }[] = [];
  let current: FileWrite | undefined;
  try {
    for (const w of todo) {
      current = w;
      const mode = modes.get(w)!;
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
    throw notWritten(e, current?.file);
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
    throw notWritten(e, temps[done]?.w.file);
  }
  for (const dir of new Set(todo.map((w) => dirname(w.abs)))) await fsyncDir(dir);
}

function changed(message: string): UserError {
  return new UserError({ severity: "error", code: "spec-changed", message, hint: "Run the same command again: it edits the file as it is now." });
}

/** A file hgw may not replace: read-only (even for root, who could), or in a folder it cannot write in. */
async function checkWritable(w: FileWrite, mode: number): Promise<void> {
  const refuse = (message: string, hint: string): never => {
    throw new UserError({ severity: "error", code: "not-writable", message: `${message}; nothing was written`, hint });
  };
  if ((mode & 0o222) === 0 || !(await can(w.abs, constants.W_OK))) {
    refuse(`${w.file} is read-only`, `Make it writable (chmod u+w ${w.file}) if it is meant to be edited.`);
  }
  if (!(await can(dirname(w.abs), constants.W_OK | constants.X_OK))) {
    refuse(`cannot write ${w.file}: its folder is not writable`, "hgw writes the new text beside the file, then renames it over the file; it needs to write in the folder.");
  }
}

async function can(path: string, mode: number): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** A failure of the disk, named by the spec file (not the temporary one), saying that nothing changed. */
function notWritten(e: unknown, file: string | undefined): unknown {
  if (file && e instanceof Error && (e as NodeJS.ErrnoException).path !== undefined) (e as NodeJS.ErrnoException).path = file;
  const d = diskError(e, file);
  if (!d) return e;
  return new UserError({ ...d.diagnostic, message: `${d.diagnostic.message}; nothing was written` });
}
