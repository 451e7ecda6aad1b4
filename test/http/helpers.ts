// Hand-written plans (Changes shaped as schema/plan.schema.json says), a small dependency-aware
// runner, a recording fetch, and an id-free view of an account to compare two runs.

import type { Change, JsonObject } from "../../src/plan/types.js";
import type { ExecuteContext, Provider } from "../../src/model/provider.js";
import type { AccountState, WorkspaceState } from "../../src/model/state.js";
import { address, joinPath } from "../../src/model/address.js";
import { loadContract } from "../../src/contract/openapi.js";

export const SETTINGS: WorkspaceState["settings"] = {
  joinPolicy: "invite_only",
  joinDomains: [],
  whoCanInvite: "super_admins",
  publicInviteLink: false,
  defaultSharing: "workspace",
  unlistedJoinRequests: "ignore",
};

const obj = (x: object): JsonObject => x as unknown as JsonObject;

export class PlanBuilder {
  changes: Change[] = [];
  add(c: Omit<Change, "seq" | "reason" | "source">): string {
    this.changes.push({ ...c, seq: this.changes.length + 1, reason: "test", source: null });
    return c.address;
  }
  subworkspace(parentPath: string, name: string, billing: "parent" | "own", deps: string[] = []): string {
    const path = joinPath(parentPath, name);
    return this.add({
      address: address.subworkspace(path),
      kind: "subworkspace",
      action: "create",
      before: null,
      after: obj({
        workspacePath: path,
        workspaceId: null,
        name,
        parentPath,
        parentId: null,
        billing,
        apiAccess: true,
        image: null,
        settings: SETTINGS,
        deletionProtection: false,
        subscription:
          billing === "own" ? { seats: 40, avatarSlots: 5, generativeCredits: 1000, apiCredits: 1000 } : null,
      }),
      dependsOn: deps,
    });
  }
  allocation(path: string, seats: number, deps: string[]): string {
    return this.add({
      address: address.allocation(path),
      kind: "allocation",
      action: "create",
      before: null,
      after: obj({ workspacePath: path, workspaceId: null, seats, avatarSlots: 1, generativeCredits: 100, apiCredits: 50 }),
      dependsOn: deps,
    });
  }
  /** `fromRole`: the role the account has before an update (a write is conditional on it). */
  member(path: string, email: string, role: string, deps: string[], action: "create" | "update" | "delete" = "create", fromRole = role): string {
    const p = obj({ workspacePath: path, workspaceId: null, email, role, status: "invited" });
    return this.add({
      address: address.member(path, email),
      kind: "member",
      action,
      before: action === "create" ? null : { ...p, role: fromRole },
      after: action === "delete" ? null : p,
      dependsOn: deps,
    });
  }
  apikey(path: string, deps: string[]): string {
    return this.add({
      address: address.apikey(path),
      kind: "apikey",
      action: "create",
      before: null,
      after: obj({ workspacePath: path, workspaceId: null, keyId: null, last4: null }),
      dependsOn: deps,
    });
  }
  assetShare(type: string, id: string, toPath: string, deps: string[]): string {
    return this.add({
      address: `asset_share[${type}:${id} -> ${toPath}]`,
      kind: "asset_share",
      action: "create",
      before: null,
      after: obj({ assetType: type, assetId: id, fromPath: "", fromWorkspaceId: null, toPath, toWorkspaceId: null }),
      dependsOn: deps,
    });
  }
  contentShare(type: string, id: string, users: { email: string; access: string }[], deps: string[]): string {
    return this.add({
      address: `content_share[${type}:${id}]`,
      kind: "content_share",
      action: "update",
      before: null,
      after: obj({
        workspacePath: "",
        workspaceId: null,
        type,
        id,
        generalAccess: "selected",
        users,
        sharePage: { password: { env: "HGW_TEST_SHARE_PASSWORD" }, publicPublishing: false, captions: true },
      }),
      dependsOn: deps,
    });
  }
}

/** Runs changes in plan order, each as soon as what it depends on is done, `concurrency` at once. */
export async function runChanges(
  provider: Provider,
  changes: Change[],
  opts: { concurrency?: number; secrets?: Record<string, string> } = {},
): Promise<{ apiKeys: string[] }> {
  const ctx: ExecuteContext = {
    workspaceIds: new Map(),
    resolveSecret: (ref) => {
      const v = opts.secrets?.[ref.env];
      if (v === undefined) throw new Error(`secret ${ref.env} unset`);
      return v;
    },
  };
  const done = new Map<string, Promise<void>>();
  const apiKeys: string[] = [];
  let active = 0;
  const waiters: (() => void)[] = [];
  const slot = async (): Promise<void> => {
    while (active >= (opts.concurrency ?? 8)) await new Promise<void>((r) => waiters.push(r));
    active++;
  };
  for (const c of changes) {
    const deps = c.dependsOn.map((d) => done.get(d)).filter((p): p is Promise<void> => p !== undefined);
    const p = (async () => {
      await Promise.all(deps);
      await slot();
      try {
        const r = await provider.execute(c, ctx);
        const path = (c.after as { workspacePath?: string } | null)?.workspacePath;
        if (r.workspaceId && path !== undefined) ctx.workspaceIds.set(path, r.workspaceId);
        if (r.apiKey) apiKeys.push(r.apiKey.value);
      } finally {
        active--;
        waiters.shift()?.();
      }
    })();
    done.set(c.address, p);
  }
  await Promise.all(done.values());
  return { apiKeys };
}

/** The account without ids, times and digests: what two equivalent runs must agree on. */
export function comparable(state: AccountState): unknown {
  const byId = new Map(state.workspaces.map((w) => [w.id, w]));
  const pathOf = (id: string): string => {
    const w = byId.get(id);
    if (!w || w.parentId === null) return "";
    return joinPath(pathOf(w.parentId), w.name);
  };
  const sort = <T>(xs: T[]): T[] => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return {
    workspaces: sort(
      state.workspaces.map(({ id, parentId, createdAt: _c, ...w }) => ({ ...w, path: pathOf(id), parent: parentId && pathOf(parentId) })),
    ),
    members: sort(state.members.map((m) => ({ ws: pathOf(m.workspaceId), email: m.email, role: m.role, status: m.status }))),
    joinRequests: sort(state.joinRequests.map((r) => ({ ws: pathOf(r.workspaceId), email: r.email }))),
    assetShares: sort(state.assetShares.map((s) => ({ ...s, fromWorkspaceId: pathOf(s.fromWorkspaceId), toWorkspaceId: pathOf(s.toWorkspaceId) }))),
    content: sort(state.content.map((c) => ({ ...c, workspaceId: pathOf(c.workspaceId), sharePage: { ...c.sharePage, passwordDigest: null } }))),
    apiKeys: sort(state.apiKeys.map((k) => ({ ws: pathOf(k.workspaceId) }))),
  };
}

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

/** A fetch that records every request the provider sends and checks it against the contract. */
export function recordingFetch(log: Recorded[], violations: string[]): (u: string, i: RequestInit) => Promise<Response> {
  const contract = loadContract();
  return async (url, init) => {
    const u = new URL(url);
    const method = init.method ?? "GET";
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const headers = init.headers as Record<string, string>;
    log.push({ method, path: u.pathname, body, headers });
    const op = contract.find(method, u.pathname);
    if (!op) violations.push(`request ${method} ${u.pathname}: not in the contract`);
    else {
      for (const e of contract.checkRequest(method, u.pathname, body)) violations.push(`request ${method} ${u.pathname}: ${e}`);
      if (method === "POST" && !headers["idempotency-key"]) violations.push(`request POST ${u.pathname}: no Idempotency-Key`);
    }
    return fetch(url, init);
  };
}
