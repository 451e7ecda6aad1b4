// The AssetShare resource on the host: a library item shared from one workspace to another.

import { address, normalizeWorkspaceRef } from "../model/address.js";
import { ASSET_TYPES } from "../model/plan.gen.js";
import { assetSharePayload } from "../kinds/index.js";
import type { Provider } from "../model/provider.js";
import type { AssetType } from "../spec/types.gen.js";
import { executeOne, fail, hasUnknowns, plain, settingsOf, settingsOut } from "./common.js";
import { Paths, acrossAccounts, cwd, forRead, inputsOf, json, onAccount, wrap, type Diff, type Props } from "./fine-common.js";

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
  const after = assetSharePayload(
    n.assetType,
    n.assetId,
    { workspacePath: paths.pathOf(from.id), workspaceId: from.id },
    { workspacePath: paths.pathOf(to.id), workspaceId: to.id },
  );
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
      const before = assetSharePayload(
        assetType,
        assetId,
        { workspacePath: paths.pathOf(s.fromWorkspaceId), workspaceId: s.fromWorkspaceId },
        { workspacePath: paths.pathOf(toId), workspaceId: toId },
      );
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
