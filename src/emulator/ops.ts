// What the emulator needs around the domain core: an operation context per request, the
// default account, and reading/writing the account file.

import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { AccountState } from "../model/state.js";
import type { OpContext } from "../domain/checks.js";
import { defaultAccount } from "../domain/default-account.js";
import { writeFileAtomic } from "../util/atomic-write.js";

export function opContext(now: Date): OpContext {
  return {
    now: now.toISOString(),
    newId: (prefix) => `${prefix}_${randomBytes(8).toString("hex")}`,
  };
}

export function defaultAccountState(): AccountState {
  return defaultAccount();
}

/** The account file: an AccountState as JSON (a sandbox `account.json` snapshot reads as one). */
export async function loadAccountFile(file: string): Promise<AccountState | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  // The sandbox's account.json snapshot has the same shape plus its journal marker, which
  // means nothing here (the emulator keeps no journal).
  const { $sandbox: _meta, ...state } = JSON.parse(text) as AccountState & { $sandbox?: unknown };
  return state;
}

/**
 * Written to a temporary file, fsynced and renamed, so a crash never leaves half an account;
 * mode 0600, as it holds password digests and key hashes.
 */
export async function saveAccountFile(file: string, state: AccountState): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(state), 0o600);
}
