// The embedded default provider: a local account under `.hgw/` with every domain rule
// enforced, so that plan and apply work on a fresh machine with no HeyGen account.

import type { AccountState } from "../../model/state.js";
import type { Change } from "../../plan/types.js";
import type { ExecuteContext, ExecuteResult, Provider } from "../../model/provider.js";
import { SandboxStore, type SandboxStoreOptions } from "./store.js";
import { libraryFromAssets } from "../../model/library.js";

export { SandboxStore, resolveSandboxDir, type SandboxStoreOptions } from "./store.js";
export { acquireLock, DEFAULT_LOCK_TIMEOUT_MS, type LockInfo } from "./lock.js";

export interface SandboxProvider extends Provider {
  readonly store: SandboxStore;
  readonly dir: string;
}

export function createSandboxProvider(opts: SandboxStoreOptions = {}): SandboxProvider {
  const store = new SandboxStore(opts);
  // The library is the assets of the account as last read (planning has just read it), or
  // one read of its own; then kept for the provider's life, as a real API's lists are.
  let lastRead: Promise<AccountState> | null = null;
  let library: Promise<AccountState> | null = null;
  return {
    name: "sandbox",
    // Changes run in memory one at a time (JS is single-threaded); "concurrent" lets the
    // apply engine keep several in flight so their journal fsyncs are shared.
    capabilities: { concurrent: true },
    store,
    dir: store.dir,
    read: (): Promise<AccountState> => (lastRead = store.read()),
    execute: (change: Change, ctx: ExecuteContext): Promise<ExecuteResult> => store.execute(change, ctx),
    sharePasswordsMatch: (checks) => store.sharePasswordsMatch(checks),
    // The sandbox account's library is its asset list: every workspace's items.
    library: async (types) => libraryFromAssets((await (library ??= lastRead ?? store.read())).assets, types),
    confirmApiKey: (key) => store.confirmApiKey(key),
    lock: (holder: string) => store.beginSession(holder),
  };
}
