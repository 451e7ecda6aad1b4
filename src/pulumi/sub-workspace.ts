// The SubWorkspace resource on the host: a sub-workspace, and its API key when apiAccess is on.

import { address, joinPath, normalizeWorkspaceRef, parentPathOf } from "../model/address.js";
import type { Quota, WorkspaceState } from "../model/state.js";
import { zeroQuota } from "../model/state.js";
import type { ApiKeyPayload, SubWorkspacePayload } from "../model/plan.gen.js";
import type { Provider } from "../model/provider.js";
import { subWorkspacePayloadOf } from "../kinds/index.js";
import { mergeSettings, quotaOver } from "../kinds/shared.js";
import type { Settings } from "../spec/types.gen.js";
import { executeOne, fail, hasUnknowns, plain, secretValue, settingsOf, settingsOut, unwrapSecret } from "./common.js";
import { Paths, acrossAccounts, cwd, forRead, inputsOf, json, onAccount, wrap, type Diff, type Props } from "./fine-common.js";

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
  // Read as the planner reads a spec: the settings given over the account's, the quota
  // keys given over the subscription's.
  const settings = mergeSettings(base.settings, (news.settings ?? {}) as Partial<WorkspaceState["settings"]>);
  const sub = news.subscription ?? null;
  return {
    workspacePath: joinPath(parentPath, news.name),
    workspaceId: current?.id ?? null,
    name: news.name,
    parentPath,
    parentId: base.id === current?.id ? current.parentId : base.id,
    billing,
    apiAccess: news.apiAccess ?? false,
    image: news.image ?? null,
    settings,
    deletionProtection: news.deletionProtection ?? false,
    subscription: billing === "own" && sub ? quotaOver(sub, current?.subscription ?? zeroQuota()) : null,
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
