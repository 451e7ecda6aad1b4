// New API keys leave the apply exactly once: into a file the user named, created with mode
// 0600. An existing non-empty file is never overwritten (it may hold the only copy of an
// earlier key); an existing empty one (e.g. made by `mktemp`) is filled and set to 0600.

import { chmod, open, stat } from "node:fs/promises";
import { UserError } from "../model/diagnostics.js";

export interface NewApiKey {
  workspacePath: string;
  value: string;
}

export function formatApiKeys(keys: readonly NewApiKey[]): string {
  const body = { apiKeys: keys.map((k) => ({ workspace: k.workspacePath === "" ? "workspace" : k.workspacePath, key: k.value })) };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Writes the keys (JSON) to `path`; nothing when there are none. */
export async function writeApiKeys(path: string, keys: readonly NewApiKey[]): Promise<boolean> {
  if (keys.length === 0) return false;
  const text = formatApiKeys(keys);
  let fh;
  try {
    fh = await open(path, "wx", 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const st = await stat(path);
    if (!st.isFile() || st.size > 0) {
      throw new UserError({
        severity: "error",
        code: "api-key-file-exists",
        message: `refusing to overwrite ${path}: it exists and is not empty`,
        hint: "name a new file (or an empty one) for the new API keys; the keys were created and are shown only once, so rotate them with a new apply if they are lost",
      });
    }
    fh = await open(path, "w");
    await chmod(path, 0o600);
  }
  try {
    await fh.writeFile(text, "utf8");
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

/**
 * Checks before an apply that `path` can take new keys (absent, or an empty file), so that
 * keys are never created with nowhere to put them.
 */
export async function checkApiKeysTarget(path: string): Promise<void> {
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
  if (st && (!st.isFile() || st.size > 0)) {
    throw new UserError({
      severity: "error",
      code: "api-key-file-exists",
      message: `refusing to write new API keys to ${path}: it exists and is not empty`,
      hint: "name a new file (or an empty one); nothing was applied",
    });
  }
}
