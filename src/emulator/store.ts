// The emulator's account: held in memory (every request sees one consistent account, and
// the domain operations run synchronously, so no two writes interleave) and saved to the
// state file after each write, before the answer goes out.

import type { AccountState } from "../model/state.js";
import { defaultAccountState, loadAccountFile, saveAccountFile } from "./ops.js";

export interface AccountStore {
  state: AccountState;
  /** Resolves once the state as it is now is on disk. */
  save(): Promise<void>;
  flush(): Promise<void>;
}

export async function openAccountStore(file: string | null, initial?: AccountState): Promise<AccountStore> {
  const loaded = file ? await loadAccountFile(file) : null;
  const state = loaded ?? structuredClone(initial ?? defaultAccountState());
  if (file && !loaded) await saveAccountFile(file, state);

  // Saves are coalesced: while one is running, later callers share the next one.
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const store: AccountStore = {
    state,
    save() {
      if (!file) return Promise.resolve();
      if (next) return next;
      const start = (): Promise<void> => {
        next = null;
        running = saveAccountFile(file, store.state).finally(() => {
          running = null;
        });
        return running;
      };
      if (!running) return start();
      next = running.catch(() => {}).then(start);
      return next;
    },
    async flush() {
      await running;
      await next;
    },
  };
  return store;
}
