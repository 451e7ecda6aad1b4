// Computes the usage report (model/usage.ts) from an account as read, optionally named as a
// spec names it. Pure: data in, data out; the renderers in plan/render/usage-*.ts only read it.

import { joinPath, MAIN_PATH } from "../model/address.js";
import type { DesiredAccount, DesiredWorkspace } from "../model/desired.js";
import { QUOTA_KEYS, type AccountState, type Billing, type QuotaKey, type WorkspaceState } from "../model/state.js";
import {
  DEFAULT_USAGE_THRESHOLDS,
  USAGE_FORMAT_VERSION,
  type QuotaUsage,
  type UsageFlag,
  type UsageReport,
  type UsageThresholds,
  type WorkspaceUsage,
} from "../model/usage.js";
import { type AccountIndex, childrenOf, indexOf } from "../domain/account-index.js";
import { allocatedToChildren, isBillingRoot, ownUse } from "../domain/accounting.js";
import { matchWorkspaces } from "./match.js";

export interface UsageOptions {
  thresholds?: UsageThresholds;
  /**
   * Names workspaces as the spec does (a renamed one by its new name), and marks those only
   * in the account or only in the spec. Without it, the account's own names.
   */
  spec?: DesiredAccount;
  /** Report only the workspaces at these paths (as named in the report); default all. */
  only?: ReadonlySet<string>;
}

export function thresholdsOf(spec: DesiredAccount | undefined): UsageThresholds {
  if (!spec) return { ...DEFAULT_USAGE_THRESHOLDS };
  return { warningShare: spec.policies.usageWarningShare, alertShare: spec.policies.usageAlertShare };
}

/** One workspace of the tree, from the account, the spec, or both. */
interface Node {
  path: string;
  name: string;
  state: WorkspaceState | null;
  desired: DesiredWorkspace | null;
  parent: Node | null;
  depth: number;
  children: Node[];
}

export function usageReport(state: AccountState, opts: UsageOptions = {}): UsageReport {
  return report(state, opts, null);
}

/** A workspace of the account as a tree of it draws it: by path and name only. */
export interface TreeEntry {
  path: string;
  parentPath: string | null;
  name: string;
}

/**
 * The usage report (of the workspaces `only` names, if given) and every workspace of the
 * account in the report's order, from one walk of its tree.
 */
export function usageReportAndTree(state: AccountState, opts: UsageOptions = {}): { report: UsageReport; tree: TreeEntry[] } {
  const tree: TreeEntry[] = [];
  return { report: report(state, opts, tree), tree };
}

function report(state: AccountState, opts: UsageOptions, entries: TreeEntry[] | null): UsageReport {
  const thresholds = opts.thresholds ?? thresholdsOf(opts.spec);
  const idx = indexOf(state);
  const workspaces: WorkspaceUsage[] = [];
  for (const node of walk(tree(state, idx, opts.spec))) {
    entries?.push({ path: node.path, parentPath: node.parent?.path ?? null, name: node.name });
    if (opts.only && !opts.only.has(node.path)) continue;
    workspaces.push(usageOf(node, idx, thresholds, opts.spec !== undefined));
  }
  return {
    formatVersion: USAGE_FORMAT_VERSION,
    account: { id: state.account.id, name: state.account.name },
    thresholds,
    workspaces,
  };
}

/** The account's tree, named as the spec names it; spec-only workspaces under their spec parent. */
function tree(state: AccountState, idx: AccountIndex, spec: DesiredAccount | undefined): Node | null {
  const main = state.workspaces.find((w) => w.parentId === null);
  const matching = spec ? matchWorkspaces(spec, state) : null;
  const rankOf = (w: WorkspaceState): number => matching?.byStateId.get(w.id)?.rank ?? Number.MAX_SAFE_INTEGER;
  const byPath = new Map<string, Node>();
  const build = (w: WorkspaceState, parent: Node | null): Node => {
    const match = matching?.byStateId.get(w.id);
    const path = match ? match.desired.path : parent ? joinPath(parent.path, w.name) : MAIN_PATH;
    const node: Node = {
      path,
      name: match?.desired.name ?? w.name,
      state: w,
      desired: match?.desired ?? null,
      parent,
      depth: parent ? parent.depth + 1 : 0,
      children: [],
    };
    byPath.set(path, node);
    // The spec's order first, then what only the account has, in the account's order.
    const kids = [...childrenOf(idx, w.id)].map((c, i) => ({ c, i, rank: rankOf(c) }));
    kids.sort((a, b) => a.rank - b.rank || a.i - b.i);
    for (const { c } of kids) node.children.push(build(c, node));
    return node;
  };
  const root = main ? build(main, null) : null;
  if (root && spec) {
    for (const d of spec.workspaces) {
      if (byPath.has(d.path) || d.parentPath === null) continue;
      const parent = byPath.get(d.parentPath);
      if (!parent) continue;
      const node: Node = { path: d.path, name: d.name, state: null, desired: d, parent, depth: parent.depth + 1, children: [] };
      byPath.set(d.path, node);
      parent.children.push(node);
    }
  }
  return root;
}

/** Parents before children, without recursion: a tree may be deep. */
function* walk(root: Node | null): Generator<Node> {
  if (!root) return;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    yield n;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
}

function billingOf(n: Node): Billing {
  if (n.state) return n.parent === null ? "own" : n.state.billing;
  return n.desired?.billing ?? "parent";
}

const isRoot = (n: Node): boolean => n.parent === null || billingOf(n) === "own";

/** What a workspace may take of `key`: its pool (own billing) or its allocation. */
function limitOf(n: Node, key: QuotaKey): number {
  if (n.state) return (isBillingRoot(n.state) ? n.state.subscription?.[key] : n.state.allocation?.[key]) ?? 0;
  const q = isRoot(n) ? n.desired?.subscription : n.desired?.allocation;
  return q?.[key] ?? 0;
}

function givenOutOf(n: Node, idx: AccountIndex, key: QuotaKey): number {
  if (!isRoot(n)) return 0;
  if (n.state) return allocatedToChildren(idx, n.state, key);
  // Not in the account yet: what the spec would give its parent-billed children.
  let sum = 0;
  for (const c of n.children) if (!isRoot(c)) sum += limitOf(c, key);
  return sum;
}

function usageOf(n: Node, idx: AccountIndex, t: UsageThresholds, withSpec: boolean): WorkspaceUsage {
  const quotas = {} as Record<QuotaKey, QuotaUsage>;
  let worst: UsageFlag = "ok";
  for (const key of QUOTA_KEYS) {
    const limit = limitOf(n, key);
    const used = n.state ? ownUse(idx, n.state, key) : 0;
    const givenOut = givenOutOf(n, idx, key);
    const taken = used + givenOut;
    const share = limit > 0 ? taken / limit : null;
    const flag: UsageFlag = flagFor(taken, share, t);
    let shareOfParent: number | null = null;
    if (!isRoot(n) && n.parent) {
      const pool = limitOf(n.parent, key);
      shareOfParent = pool > 0 ? limit / pool : null;
    }
    quotas[key] = { limit, used, givenOut, share, shareOfParent, flag };
    if (rank(flag) > rank(worst)) worst = flag;
  }
  return {
    path: n.path,
    name: n.name,
    id: n.state?.id ?? null,
    parentPath: n.parent?.path ?? null,
    depth: n.depth,
    billing: billingOf(n),
    inAccount: n.state !== null,
    inSpec: withSpec ? n.desired !== null : null,
    quotas,
    flag: worst,
  };
}

function flagFor(taken: number, share: number | null, t: UsageThresholds): UsageFlag {
  // Nothing to take and nothing taken is no cause for alarm; something taken of nothing is.
  if (share === null) return taken > 0 ? "alert" : "ok";
  if (share >= t.alertShare) return "alert";
  if (share >= t.warningShare) return "warning";
  return "ok";
}

const rank = (f: UsageFlag): number => (f === "alert" ? 2 : f === "warning" ? 1 : 0);
