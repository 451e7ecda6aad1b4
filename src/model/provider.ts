// A Provider reads the whole account and carries out one change at a time. Each change is
// idempotent so that a re-run after a crash converges: creating what exists, or deleting
// what is already gone, succeeds. The implementations live in src/providers/.

import type { Change } from "./plan.js";
import type { AssetType, ContentType } from "./plan.gen.js";
import type { Library } from "./library.js";
import type { AccountState } from "./state.js";

export interface ProviderCapabilities {
  /** Applies may run changes concurrently. (A provider that locks says so by having `lock`.) */
  concurrent: boolean;
}

/** Resolves `{ env: NAME }` references at apply time; throws a UserError when unset. */
export type SecretResolver = (ref: { env: string }) => string;

export interface ExecuteContext {
  resolveSecret: SecretResolver;
  /** Ids of workspaces created earlier in the same apply, by path. */
  workspaceIds: Map<string, string>;
  /** Names the plan being applied, so that retried writes reuse their idempotency keys. */
  planId?: string;
  /**
   * New API keys are held as undelivered until confirmApiKey: set when the caller stores
   * each key durably before confirming it, so that a key lost in between is rotated.
   */
  awaitKeyDelivery?: boolean;
}

export interface ExecuteResult {
  /** Id of a created workspace, recorded so that later changes can name it. */
  workspaceId?: string;
  /** A new API key: shown once, written only where the user asked; never logged. */
  apiKey?: NewKey;
}

export interface NewKey {
  workspacePath: string;
  value: string;
  /** Which key it is in the account, for confirmApiKey. */
  workspaceId?: string;
  keyId?: string;
  /**
   * A rotation kept the key it replaced working: revoke it once this key is stored and
   * confirmed (see applyPlan), never before.
   */
  retire?: { keyId: string; last4: string };
}

/** A password from the spec's secret, to compare with the one a share page holds. */
export interface SharePasswordCheck {
  type: ContentType;
  id: string;
  password: string;
}

export interface Provider {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  read(): Promise<AccountState>;
  /** The account's id alone, where it is cheaper than a whole read. */
  accountId?(): Promise<string>;
  execute(change: Change, ctx: ExecuteContext): Promise<ExecuteResult>;
  /**
   * Whether each password matches the one its share page holds (false when none is set).
   * The account compares; nothing that could be guessed from leaves it.
   */
  sharePasswordsMatch?(checks: readonly SharePasswordCheck[]): Promise<boolean[]>;
  /**
   * The library's items of these types (ids and names), to resolve the names a spec gives.
   * Read once per provider (later calls reuse the answer). Throws LibraryUnavailableError
   * when the server has no list for a type.
   */
  library?(types: readonly AssetType[]): Promise<Library>;
  /** The caller has stored this new key (made with awaitKeyDelivery): it is delivered. */
  confirmApiKey?(key: { workspacePath: string; workspaceId: string; keyId: string }): Promise<void>;
  /** Taken for the length of an apply; resolves to a release function. */
  lock?(holder: string): Promise<() => Promise<void>>;
  close?(): Promise<void>;
}
