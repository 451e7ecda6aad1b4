// kind `asset_share`: an avatar, voice, brand kit or template from one workspace's library,
// shared with another workspace. The spec's `to` list is the whole list for each item it
// names; items it does not name are left alone.

import { resolveWorkspace } from "../domain/account-index.js";
import { shareAsset, unshareAsset } from "../domain/sharing.js";
import type { WireAssetShare } from "../contract/wire.js";
import type { KindHandler } from "./handler.js";
import { either, enc, need, unsupported } from "./shared.js";
import { DomainError } from "../domain/errors.js";

export const assetShareKind: KindHandler<"asset_share"> = {
  kind: "asset_share",
  // Identity only: sharing what is shared, or unsharing what is not, is done.
  checked: false,

  view(state, change, ctx) {
    const p = either("asset_share", change);
    const to = resolveWorkspace(state, { workspacePath: p.toPath, workspaceId: p.toWorkspaceId }, ctx.workspaceIds);
    const shared = !!to && state.assetShares.some((s) => s.assetType === p.assetType && s.assetId === p.assetId && s.toWorkspaceId === to.id);
    return { view: shared ? { shared: true } : null };
  },

  sandbox(state, change, ctx) {
    const p = either("asset_share", change);
    const to = resolveWorkspace(state, { workspacePath: p.toPath, workspaceId: p.toWorkspaceId }, ctx.workspaceIds);
    if (change.action === "delete") {
      if (to) unshareAsset(state, { assetType: p.assetType, assetId: p.assetId, toWorkspaceId: to.id });
      return {};
    }
    if (change.action !== "create") return unsupported(change);
    const from = need(state, { workspacePath: p.fromPath, workspaceId: p.fromWorkspaceId }, ctx.workspaceIds, "from");
    if (!to) throw new DomainError("not_found", `workspace "${p.toPath}" does not exist`, "to");
    shareAsset(state, { assetType: p.assetType, assetId: p.assetId, fromWorkspaceId: from.id, toWorkspaceId: to.id });
    return {};
  },

  async http(api) {
    const change = api.change;
    const p = either("asset_share", change);
    const toRef = { workspacePath: p.toPath, workspaceId: p.toWorkspaceId };
    if (change.action === "delete") {
      const to = await api.workspaceIdIfAny(toRef);
      if (to !== null) await api.unlessGone(api.request("DELETE", `/v3/asset-shares/${enc(p.assetType)}/${enc(p.assetId)}/${enc(to)}`));
      return {};
    }
    const to = await api.workspaceId(toRef);
    const from = await api.workspaceId({ workspacePath: p.fromPath, workspaceId: p.fromWorkspaceId });
    const body: WireAssetShare = { asset_type: p.assetType, asset_id: p.assetId, from_workspace_id: from, to_workspace_id: to };
    try {
      await api.request("POST", "/v3/asset-shares", { body, idempotencyKey: api.idempotencyKey("share") });
    } catch (e) {
      if (api.statusOf(e) !== 409) throw e; // shared already
    }
    return {};
  },
};
