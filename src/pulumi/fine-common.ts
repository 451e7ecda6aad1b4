// What the fine resources (SubWorkspace, Member, Allocation, AssetShare; one file each) share
// on the host. Each resource is one address; its create/update/delete is one Change, its
// payload built by the kind's own builder (the planner's), carried out by the same provider
// `hgw apply` uses through the kind's executor: every domain rule is the account's to
// enforce, and none is written twice.

import { normalizeWorkspaceRef, pathIn } from "../model/address.js";
import { UserError } from "../model/diagnostics.js";
import type { AccountState, WorkspaceState } from "../model/state.js";
import type { Provider } from "../model/provider.js";
import type { JsonObject } from "../plan/types.js";
import { accountRelation, describe, fail, hasUnknowns, plain, providerFromEnv, settingsOf, withAccount } from "./common.js";

export type Props = Record<string, unknown>;

export interface Diff {
  changes: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
}

export function cwd(): string {
  return process.cwd();
}

export const json = (v: unknown): JsonObject => plain(v) as JsonObject;

export function wrap<A extends unknown[], R>(fn: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a: A) => {
    try {
      return await fn(...a);
    } catch (e) {
      if (e instanceof UserError) throw new Error(describe(e.diagnostics) || e.message);
      throw e;
    }
  };
}

export class Paths {
  private readonly byId: Map<string, WorkspaceState>;
  private readonly ids = new Map<string, string>();
  constructor(readonly state: AccountState) {
    this.byId = new Map(state.workspaces.map((w) => [w.id, w]));
    for (const w of state.workspaces) this.ids.set(this.pathOf(w.id), w.id);
  }
  pathOf(id: string): string {
    const w = this.byId.get(id);
    return w ? pathIn(this.byId, w) : "";
  }
  byPath(path: string): WorkspaceState | undefined {
    const id = this.ids.get(normalizeWorkspaceRef(path));
    return id === undefined ? undefined : this.byId.get(id);
  }
  need(path: string, what = "workspace"): WorkspaceState {
    return this.byPath(path) ?? fail("not-found", `${what} "${path === "" ? "workspace" : path}" does not exist in the account`);
  }
  get(id: string): WorkspaceState | undefined {
    return this.byId.get(id);
  }
}

/**
 * Whether a workspace input names another workspace than the one the resource lives in. A
 * path is resolved in the account first, so a renamed parent (whose path output changed)
 * is still the same workspace.
 */
export function movedTo(paths: Paths, input: unknown, wsId: string, oldPath: unknown): boolean {
  const path = normalizeWorkspaceRef(String(input));
  const now = paths.byPath(path);
  if (now) return now.id !== wsId;
  return path !== oldPath && paths.get(wsId) !== undefined && paths.pathOf(wsId) !== path;
}

/**
 * What a read works from: the stored outputs, or, for a resource imported by id (nothing
 * stored yet), the provider the environment names.
 */
export function forRead(stored: Props): Props {
  return stored.provider === undefined ? { ...stored, provider: providerFromEnv() } : stored;
}

/**
 * The inputs that give a resource as the account holds it: from a read, so that an import
 * has inputs (the engine requires them) and a refresh diffs against the account.
 */
export function inputsOf(outs: Props, keys: readonly string[]): Props {
  return plain({ ...Object.fromEntries(keys.filter((k) => outs[k] !== undefined).map((k) => [k, outs[k]])), provider: outs.provider });
}

export async function onAccount<T>(props: Props, fn: (p: Provider, paths: Paths) => Promise<T>): Promise<T> {
  return withAccount(settingsOf(props.provider, cwd()), cwd(), async (p) => fn(p, new Paths(await p.read())));
}

/**
 * Another account replaces the resource; the same account named otherwise (a URL with a
 * trailing slash, another key) is an update, so that the outputs carry the new settings.
 */
export async function acrossAccounts(olds: Props, news: Props, inner: () => Promise<Diff>): Promise<Diff> {
  if (hasUnknowns(news.provider)) return { changes: true };
  const rel = await accountRelation(settingsOf(olds.provider, cwd()), settingsOf(news.provider, cwd()), cwd());
  if (rel === "moved") return { changes: true, replaces: ["provider"] };
  const d = await inner();
  return rel === "respelled" ? { ...d, changes: true } : d;
}
