// What the fine resources (SubWorkspace, Member, Allocation, AssetShare) do on the host. Each
// is one resource address; its create/update/delete is one planner-shaped Change carried out
// by the same provider `hgw apply` uses, so the account enforces every domain rule.

import { address, normalizeWorkspaceRef, parentPathOf, pathIn } from "../model/address.js";
import { UserError } from "../model/diagnostics.js";
import type { AccountState, Quota, WorkspaceState } from "../model/state.js";
import { QUOTA_KEYS, zeroQuota } from "../model/state.js";
import { indexOf } from "../domain/account-index.js";
import { useOf } from "../domain/accounting.js";
import type { JsonObject } from "../plan/types.js";
import { ASSET_TYPES, ROLES, type AllocationPayload, type ApiKeyPayload, type AssetSharePayload, type MemberPayload, type SubWorkspacePayload } from "../model/plan.gen.js";
import { subWorkspacePayloadOf } from "../kinds/index.js";
import type { Provider } from "../model/provider.js";
import type { AssetType, Role, Settings } from "../spec/types.gen.js";
import {
  describe,
  executeOne,
  fail,
  hasUnknowns,
  accountRelation,
  plain,
  providerFromEnv,
  secretValue,
  settingsOf,
  settingsOut,
  unwrapSecret,
  withAccount,
} from "./common.js";

type Props = Record<string, unknown>;

export interface Diff {
  changes: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
}

function cwd(): string {
  return process.cwd();
}

const json = (v: unknown): JsonObject => plain(v) as JsonObject;

function wrap<A extends unknown[], R>(fn: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a: A) => {
    try {
      return await fn(...a);
    } catch (e) {
      if (e instanceof UserError) throw new Error(describe(e.diagnostics) || e.message);
      throw e;
    }
  };
}

class Paths {
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
function movedTo(paths: Paths, input: unknown, wsId: string, oldPath: unknown): boolean {
  const path = normalizeWorkspaceRef(String(input));
  const now = paths.byPath(path);
  if (now) return now.id !== wsId;
  return path !== oldPath && paths.get(wsId) !== undefined && paths.pathOf(wsId) !== path;
}

/**
 * What a read works from: the stored outputs, or, for a resource imported by id (nothing
 * stored yet), the provider the environment names.
 */
function forRead(stored: Props): Props {
  return stored.provider === undefined ? { ...stored, provider: providerFromEnv() } : stored;
}

/**
 * The inputs that give a resource as the account holds it: from a read, so that an import
 * has inputs (the engine requires them) and a refresh diffs against the account.
 */
function inputsOf(outs: Props, keys: readonly string[]): Props {
  return plain({ ...Object.fromEntries(keys.filter((k) => outs[k] !== undefined).map((k) => [k, outs[k]])), provider: outs.provider });
}

async function onAccount<T>(props: Props, fn: (p: Provider, paths: Paths) => Promise<T>): Promise<T> {
  return withAccount(settingsOf(props.provider, cwd()), cwd(), async (p) => fn(p, new Paths(await p.read())));
}

/**
 * Another account replaces the resource; the same account named otherwise (a URL with a
 * trailing slash, another key) is an update, so that the outputs carry the new settings.
 */
async function acrossAccounts(olds: Props, news: Props, inner: () => Promise<Diff>): Promise<Diff> {
  if (hasUnknowns(news.provider)) return { changes: true };
  const rel = await accountRelation(settingsOf(olds.provider, cwd()), settingsOf(news.provider, cwd()), cwd());
  if (rel === "moved") return { changes: true, replaces: ["provider"] };
  const d = await inner();
  return rel === "respelled" ? { ...d, changes: true } : d;
}

// ---------------------------------------------------------------- SubWorkspace

export interface SubWorkspaceInputs {
  name: string;
  /** Path of the parent; "" or "workspace" for the main workspace. */
  parent?: string;
  billing?: "parent" | "own";
  apiAccess?: boolean;
  image?: string | null;
  settings?: Settings;
  deletionProtection?: boolean;
  subscription?: Partial<Quota> | null;
  provider?: unknown;
}

function subPayload(w: WorkspaceState, paths: Paths): SubWorkspacePayload {
  return subWorkspacePayloadOf(w, paths.pathOf(w.id), parentPathOf(paths.pathOf(w.id)) ?? "");
}

function wantedSub(
  news: SubWorkspaceInputs,
  base: WorkspaceState,
  parentPath: string,
  current: WorkspaceState | null,
): SubWorkspacePayload {
  const billing = news.billing ?? "parent";
  const settings = { ...base.settings, ...(news.settings ?? {}) } as WorkspaceState["settings"];
  settings.joinDomains = [...(news.settings?.joinDomains ?? base.settings.joinDomains)];
  const sub = news.subscription ?? null;
  return {
    workspacePath: parentPath === "" ? news.name : `${parentPath}/${news.name}`,
    workspaceId: current?.id ?? null,
    name: news.name,
    parentPath,
    parentId: base.id === current?.id ? current.parentId : base.id,
    billing,
    apiAccess: news.apiAccess ?? false,
    image: news.image ?? null,
    settings,
    deletionProtection: news.deletionProtection ?? false,
    subscription:
      billing === "own" && sub
        ? { ...zeroQuota(), ...(current?.subscription ?? {}), ...sub }
        : null,
  };
}

function subOutputs(w: WorkspaceState, paths: Paths, props: Props, apiKey: string | null): Props {
  return plain({
    provider: settingsOut(settingsOf(props.provider, cwd())),
    workspaceId: w.id,
    path: paths.pathOf(w.id),
    name: w.name,
    parent: parentPathOf(paths.pathOf(w.id)) ?? "",
    billing: w.billing,
    apiAccess: w.apiAccess,
    image: w.image,
    settings: w.settings,
    deletionProtection: w.deletionProtection,
    subscription: w.subscription,
    allocation: w.allocation,
    apiKey: apiKey === null ? null : secretValue(apiKey),
  });
}

async function ensureKey(p: Provider, paths: Paths, w: WorkspaceState): Promise<string | null> {
  if (!w.apiAccess || paths.state.apiKeys.some((k) => k.workspaceId === w.id)) return null;
  const path = paths.pathOf(w.id);
  const after: ApiKeyPayload = { workspacePath: path, workspaceId: w.id, keyId: null, last4: null };
  const r = await executeOne(p, {
    address: address.apikey(path),
    kind: "apikey",
    action: "create",
    before: null,
    after: json(after),
    reason: "apiAccess",
  });
  return r.apiKey?.value ?? null;
}

const parentOf = (news: SubWorkspaceInputs): string => normalizeWorkspaceRef(news.parent ?? "");

export const subWorkspace = {
  async check(_olds: Props, news: Props) {
    const failures: { property: string; reason: string }[] = [];
    if (typeof news.name !== "string" || news.name === "") failures.push({ property: "name", reason: "a sub-workspace needs a name" });
    return { inputs: news, failures };
  },
  diff: wrap(async (id: string, olds: Props, news: Props): Promise<Diff> =>
    acrossAccounts(olds, news, async () => {
      const n = news as unknown as SubWorkspaceInputs;
      if (!hasUnknowns(n.parent) && parentOf(n) !== olds.parent) return { changes: true, replaces: ["parent"] };
      if (hasUnknowns(news)) return { changes: true };
      return onAccount(news, async (_p, paths) => {
        const w = paths.get(id);
        if (!w) return { changes: true };
        const want = wantedSub(n, w, parentOf(n), w);
        const have = subPayload(w, paths);
        const keys = ["name", "billing", "apiAccess", "image", "settings", "deletionProtection", "subscription"] as const;
        const changed = keys.some((k) =>
          k === "subscription" && want.billing !== "own" ? false : JSON.stringify(want[k]) !== JSON.stringify(have[k]),
        );
        return { changes: changed };
      });
    }),
  ),
  create: wrap(async (news: Props) => {
    const n = news as unknown as SubWorkspaceInputs;
    return onAccount(news, async (p, paths) => {
      const parent = paths.need(parentOf(n), "parent workspace");
      const after = wantedSub(n, parent, parentOf(n), null);
      const r = await executeOne(p, {
        address: address.subworkspace(after.workspacePath),
        kind: "subworkspace",
        action: "create",
        before: null,
        after: json(after),
        reason: "SubWorkspace created",
      });
      const now = new Paths(await p.read());
      const w = (r.workspaceId ? now.get(r.workspaceId) : undefined) ?? now.need(after.workspacePath);
      const key = await ensureKey(p, now, w);
      return { id: w.id, outs: subOutputs(w, now, news, key) };
    });
  }),
  update: wrap(async (id: string, olds: Props, news: Props) => {
    const n = news as unknown as SubWorkspaceInputs;
    return onAccount(news, async (p, paths) => {
      const w = paths.get(id) ?? fail("not-found", `sub-workspace ${id} is gone from the account; run \`pulumi refresh\``);
      const before = subPayload(w, paths);
      const after = wantedSub(n, w, parentOf(n), w);
      await executeOne(p, {
        address: address.subworkspace(before.workspacePath),
        kind: "subworkspace",
        action: "update",
        before: json(before),
        after: json(after),
        reason: "SubWorkspace updated",
      });
      const now = new Paths(await p.read());
      const nw = now.get(id)!;
      const key = (await ensureKey(p, now, nw)) ?? (nw.apiAccess ? (unwrapSecret(olds.apiKey) as string | null) : null);
      return { outs: subOutputs(nw, now, news, key) };
    });
  }),
  read: wrap(async (id: string, stored: Props) =>
    onAccount(forRead(stored), async (_p, paths) => {
      const w = paths.get(id);
      if (!w || w.parentId === null) return { id: "", props: {} };
      const held = paths.state.apiKeys.some((k) => k.workspaceId === id);
      const outs = subOutputs(w, paths, forRead(stored), held ? ((unwrapSecret(stored.apiKey) as string | null) ?? null) : null);
      return { id, props: outs, inputs: inputsOf(outs, ["name", "parent", "billing", "apiAccess", "image", "settings", "deletionProtection", ...(w.billing === "own" ? ["subscription"] : [])]) };
    }),
  ),
  delete: wrap(async (id: string, props: Props) =>
    onAccount(props, async (p, paths) => {
      const w = paths.get(id);
      if (!w) return;
      if (w.deletionProtection) {
        fail(
          "deletion-protected",
          `${address.subworkspace(paths.pathOf(id))} has deletion protection; set deletionProtection: false first`,
        );
      }
      const before = subPayload(w, paths);
      await executeOne(p, {
        address: address.subworkspace(before.workspacePath),
        kind: "subworkspace",
        action: "delete",
        before: json(before),
        after: null,
        reason: "SubWorkspace deleted",
      });
    }),
  ),
};

// ---------------------------------------------------------------- Member

export interface MemberInputs {
  workspace: string;
  email: string;
  role: Role;
  provider?: unknown;
}

function memberOutputs(paths: Paths, wsId: string, email: string, props: Props): Props | null {
  const m = paths.state.members.find((x) => x.workspaceId === wsId && x.email === email);
  if (!m) return null;
  return plain({
    provider: settingsOut(settingsOf(props.provider, cwd())),
    workspace: paths.pathOf(wsId),
    workspaceId: wsId,
    email: m.email,
    role: m.role,
    status: m.status,
    expiresAt: m.expiresAt,
  });
}

function memberId(id: string): { wsId: string; email: string } {
  const i = id.indexOf("/");
  if (i < 0) fail("bad-id", `a Member id is "<workspaceId>/<email>", got "${id}"`);
  return { wsId: id.slice(0, i), email: id.slice(i + 1).toLowerCase() };
}

export const member = {
  async check(_olds: Props, news: Props) {
    const failures: { property: string; reason: string }[] = [];
    if (typeof news.email === "string") news = { ...news, email: news.email.toLowerCase() };
    else failures.push({ property: "email", reason: "a member needs an email" });
    if (!(ROLES as readonly unknown[]).includes(news.role)) {
      failures.push({ property: "role", reason: `role is one of ${ROLES.join(", ")}` });
    }
    return { inputs: news, failures };
  },
  diff: wrap(async (id: string, olds: Props, news: Props): Promise<Diff> =>
    acrossAccounts(olds, news, async () => {
      const { wsId, email } = memberId(id);
      if (!hasUnknowns(news.email) && String(news.email).toLowerCase() !== email) return { changes: true, replaces: ["email"] };
      if (hasUnknowns(news)) return { changes: true };
      return onAccount(news, async (_p, paths) => {
        if (movedTo(paths, news.workspace, wsId, olds.workspace)) return { changes: true, replaces: ["workspace"] };
        const m = paths.state.members.find((x) => x.workspaceId === wsId && x.email === email);
        return { changes: !m || m.role !== news.role };
      });
    }),
  ),
  create: wrap(async (news: Props) => {
    const n = news as unknown as MemberInputs;
    return onAccount(news, async (p, paths) => {
      const w = paths.need(normalizeWorkspaceRef(n.workspace));
      const path = paths.pathOf(w.id);
      const after: MemberPayload = {
        workspacePath: path,
        workspaceId: w.id,
        email: n.email.toLowerCase(),
        role: n.role,
        status: "invited",
      };
      await executeOne(p, {
        address: address.member(path, after.email),
        kind: "member",
        action: "create",
        before: null,
        after: json(after),
        reason: "Member invited",
      });
      const outs = memberOutputs(new Paths(await p.read()), w.id, after.email, news);
      if (!outs) fail("not-found", `${address.member(path, after.email)} was not created`);
      return { id: `${w.id}/${after.email}`, outs };
    });
  }),
  update: wrap(async (id: string, _olds: Props, news: Props) => {
    const { wsId, email } = memberId(id);
    return onAccount(news, async (p, paths) => {
      const m = paths.state.members.find((x) => x.workspaceId === wsId && x.email === email);
      const path = paths.pathOf(wsId);
      const after: MemberPayload = {
        workspacePath: path,
        workspaceId: wsId,
        email,
        role: news.role as Role,
        status: m?.status ?? "invited",
      };
      const before: MemberPayload | null = m ? { ...after, role: m.role, status: m.status } : null;
      await executeOne(p, {
        address: address.member(path, email),
        kind: "member",
        action: m ? "update" : "create",
        before: before && json(before),
        after: json(after),
        reason: "Member role",
      });
      return {
        outs: memberOutputs(new Paths(await p.read()), wsId, email, news) ?? fail("not-found", `${address.member(path, email)} is gone`),
      };
    });
  }),
  read: wrap(async (id: string, stored: Props) => {
    const { wsId, email } = memberId(id);
    return onAccount(forRead(stored), async (_p, paths) => {
      const outs = memberOutputs(paths, wsId, email, forRead(stored));
      return outs ? { id, props: outs, inputs: inputsOf(outs, ["workspace", "email", "role"]) } : { id: "", props: {} };
    });
  }),
  delete: wrap(async (id: string, props: Props) => {
    const { wsId, email } = memberId(id);
    await onAccount(props, async (p, paths) => {
      const m = paths.state.members.find((x) => x.workspaceId === wsId && x.email === email);
      if (!m) return;
      const path = paths.pathOf(wsId);
      const before: MemberPayload = { workspacePath: path, workspaceId: wsId, email, role: m.role, status: m.status };
      await executeOne(p, {
        address: address.member(path, email),
        kind: "member",
        action: "delete",
        before: json(before),
        after: null,
        reason: "Member removed",
      });
    });
  }),
};

// ---------------------------------------------------------------- Allocation

export interface AllocationInputs extends Partial<Quota> {
  workspace: string;
  provider?: unknown;
}

function allocationOutputs(paths: Paths, w: WorkspaceState, props: Props): Props {
  return plain({
    provider: settingsOut(settingsOf(props.provider, cwd())),
    workspace: paths.pathOf(w.id),
    workspaceId: w.id,
    ...(w.allocation ?? zeroQuota()),
    usage: useOf(indexOf(paths.state), w),
  });
}

async function setAllocation(p: Provider, paths: Paths, w: WorkspaceState, quota: Quota, reason: string): Promise<void> {
  const path = paths.pathOf(w.id);
  const current = w.allocation ?? zeroQuota();
  const after: AllocationPayload = { workspacePath: path, workspaceId: w.id, ...quota };
  const before: AllocationPayload = { workspacePath: path, workspaceId: w.id, ...current };
  await executeOne(p, {
    address: address.allocation(path),
    kind: "allocation",
    action: "update",
    before: json(before),
    after: json(after),
    reason,
  });
}

function wantedQuota(w: WorkspaceState, props: Props): Quota {
  const base = w.allocation ?? zeroQuota();
  const q = { ...base };
  for (const k of QUOTA_KEYS) if (typeof props[k] === "number") q[k] = props[k] as number;
  return q;
}

export const allocation = {
  async check(_olds: Props, news: Props) {
    const failures = QUOTA_KEYS.filter(
      (k) => news[k] !== undefined && !hasUnknowns(news[k]) && !(Number.isInteger(news[k]) && (news[k] as number) >= 0),
    ).map((k) => ({ property: k, reason: `${k} must be a whole number >= 0` }));
    return { inputs: news, failures };
  },
  diff: wrap(async (id: string, olds: Props, news: Props): Promise<Diff> =>
    acrossAccounts(olds, news, async () => {
      if (hasUnknowns(news)) return { changes: true };
      return onAccount(news, async (_p, paths) => {
        // Another workspace now: release this one, set that one.
        if (movedTo(paths, news.workspace, id, olds.workspace)) return { changes: true, replaces: ["workspace"] };
        const w = paths.get(id);
        if (!w) return { changes: true };
        const want = wantedQuota(w, news);
        return { changes: QUOTA_KEYS.some((k) => want[k] !== (w.allocation?.[k] ?? 0)) };
      });
    }),
  ),
  create: wrap(async (news: Props) =>
    onAccount(news, async (p, paths) => {
      const w = paths.need(normalizeWorkspaceRef(String(news.workspace)));
      if (w.billing !== "parent")
        fail("not-parent-billed", `${address.allocation(paths.pathOf(w.id))}: only a parent-billed sub-workspace has an allocation`);
      await setAllocation(p, paths, w, wantedQuota(w, news), "Allocation set");
      const now = new Paths(await p.read());
      return { id: w.id, outs: allocationOutputs(now, now.get(w.id)!, news) };
    }),
  ),
  update: wrap(async (id: string, _olds: Props, news: Props) =>
    onAccount(news, async (p, paths) => {
      const w = paths.get(id) ?? fail("not-found", `workspace ${id} is gone from the account; run \`pulumi refresh\``);
      await setAllocation(p, paths, w, wantedQuota(w, news), "Allocation changed");
      const now = new Paths(await p.read());
      return { outs: allocationOutputs(now, now.get(id)!, news) };
    }),
  ),
  read: wrap(async (id: string, stored: Props) =>
    onAccount(forRead(stored), async (_p, paths) => {
      const w = paths.get(id);
      if (!w) return { id: "", props: {} };
      const outs = allocationOutputs(paths, w, forRead(stored));
      return { id, props: outs, inputs: inputsOf(outs, ["workspace", ...QUOTA_KEYS]) };
    }),
  ),
  /**
   * Gives back to the parent's pools all it can: down to what the sub-workspace uses (an
   * allocation can never go below use), so a delete never fails on members still inside.
   */
  delete: wrap(async (id: string, props: Props) =>
    onAccount(props, async (p, paths) => {
      const w = paths.get(id);
      if (!w || w.billing !== "parent") return;
      const seats = paths.state.members.filter((m) => m.workspaceId === id).length;
      await setAllocation(p, paths, w, { ...w.usage, seats }, "Allocation released");
    }),
  ),
};

// ---------------------------------------------------------------- AssetShare

export interface AssetShareInputs {
  assetType: AssetType;
  assetId: string;
  /** Workspace whose library holds the item; default the main workspace. */
  from?: string;
  to: string;
  provider?: unknown;
}

function shareId(id: string): { assetType: AssetType; assetId: string; toId: string } {
  const m = /^([a-z_]+):(.+)->(.+)$/.exec(id);
  if (!m) fail("bad-id", `an AssetShare id is "<type>:<assetId>-><toWorkspaceId>", got "${id}"`);
  return { assetType: m[1] as AssetType, assetId: m[2]!, toId: m[3]! };
}

function shareOutputs(paths: Paths, id: string, props: Props): Props | null {
  const { assetType, assetId, toId } = shareId(id);
  const s = paths.state.assetShares.find((x) => x.assetType === assetType && x.assetId === assetId && x.toWorkspaceId === toId);
  if (!s) return null;
  return plain({
    provider: settingsOut(settingsOf(props.provider, cwd())),
    assetType,
    assetId,
    from: paths.pathOf(s.fromWorkspaceId),
    fromWorkspaceId: s.fromWorkspaceId,
    to: paths.pathOf(toId),
    toWorkspaceId: toId,
  });
}

async function createShare(p: Provider, paths: Paths, news: Props): Promise<{ id: string; outs: Props }> {
  const n = news as unknown as AssetShareInputs;
  const from = paths.need(normalizeWorkspaceRef(n.from ?? ""), "source workspace");
  const to = paths.need(normalizeWorkspaceRef(n.to), "target workspace");
  const after: AssetSharePayload = {
    assetType: n.assetType,
    assetId: n.assetId,
    fromPath: paths.pathOf(from.id),
    fromWorkspaceId: from.id,
    toPath: paths.pathOf(to.id),
    toWorkspaceId: to.id,
  };
  await executeOne(p, {
    address: address.assetShare(n.assetType, n.assetId, after.toPath),
    kind: "asset_share",
    action: "create",
    before: null,
    after: json(after),
    reason: "AssetShare created",
  });
  const id = `${n.assetType}:${n.assetId}->${to.id}`;
  const outs =
    shareOutputs(new Paths(await p.read()), id, news) ??
    fail("not-found", `${address.assetShare(n.assetType, n.assetId, after.toPath)} was not created`);
  return { id, outs };
}

export const assetShare = {
  async check(_olds: Props, news: Props) {
    const failures: { property: string; reason: string }[] = [];
    if (!(ASSET_TYPES as readonly unknown[]).includes(news.assetType)) {
      failures.push({ property: "assetType", reason: `assetType is one of ${ASSET_TYPES.join(", ")}` });
    }
    return { inputs: news, failures };
  },
  diff: wrap(async (id: string, olds: Props, news: Props): Promise<Diff> =>
    acrossAccounts(olds, news, async () => {
      // A share is its two ends and the item: any change is a new share.
      const ends = (["assetType", "assetId", "from", "to"] as const).filter((k) => {
        const v =
          k === "from" ? normalizeWorkspaceRef(String(news.from ?? "")) : k === "to" ? normalizeWorkspaceRef(String(news.to)) : news[k];
        return !hasUnknowns(news[k]) && v !== olds[k];
      });
      if (ends.length > 0) return { changes: true, replaces: [...ends], deleteBeforeReplace: true };
      if (hasUnknowns(news)) return { changes: true };
      return onAccount(news, async (_p, paths) => ({ changes: shareOutputs(paths, id, news) === null }));
    }),
  ),
  create: wrap(async (news: Props) => onAccount(news, async (p, paths) => createShare(p, paths, news))),
  update: wrap(async (id: string, _olds: Props, news: Props) =>
    // Only a share gone out of band reaches here (any change of its ends is a replacement).
    onAccount(news, async (p, paths) => {
      if (!shareOutputs(paths, id, news)) await createShare(p, paths, news);
      return { outs: shareOutputs(new Paths(await p.read()), id, news) ?? {} };
    }),
  ),
  read: wrap(async (id: string, stored: Props) =>
    onAccount(forRead(stored), async (_p, paths) => {
      const outs = shareOutputs(paths, id, forRead(stored));
      return outs ? { id, props: outs, inputs: inputsOf(outs, ["assetType", "assetId", "from", "to"]) } : { id: "", props: {} };
    }),
  ),
  delete: wrap(async (id: string, props: Props) =>
    onAccount(props, async (p, paths) => {
      const { assetType, assetId, toId } = shareId(id);
      const s = paths.state.assetShares.find((x) => x.assetType === assetType && x.assetId === assetId && x.toWorkspaceId === toId);
      if (!s) return;
      const before: AssetSharePayload = {
        assetType,
        assetId,
        fromPath: paths.pathOf(s.fromWorkspaceId),
        fromWorkspaceId: s.fromWorkspaceId,
        toPath: paths.pathOf(toId),
        toWorkspaceId: toId,
      };
      await executeOne(p, {
        address: address.assetShare(assetType, assetId, before.toPath),
        kind: "asset_share",
        action: "delete",
        before: json(before),
        after: null,
        reason: "AssetShare deleted",
      });
    }),
  ),
};
