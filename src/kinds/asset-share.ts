// kind `asset_share`: an avatar, voice, brand kit or template from one workspace's library,
// shared with another workspace. The spec's `to` list is the whole list for each item it
// names; items it does not name are left alone.

import { address, displayPath } from "../model/address.js";
import type { DesiredAssetShare } from "../model/desired.js";
import { toJson } from "../model/plan.js";
import type { AssetSharePayload, AssetType, WorkspaceRef } from "../model/plan.gen.js";
import type { AccountState } from "../model/state.js";
import { pathOf, resolveWorkspace } from "../domain/account-index.js";
import { shareAsset, unshareAsset } from "../domain/sharing.js";
import { DomainError } from "../domain/errors.js";
import type { WireAssetShare } from "../contract/wire.js";
import { PHASE, errorAt, type DiffContext, type DiffOutput } from "./context.js";
import type { KindHandler } from "./handler.js";
import { either, enc, need, unsupported } from "./shared.js";

/** The spec is authoritative for each item it lists: its `to` list is the whole list. */
function plan(ctx: DiffContext, out: DiffOutput): void {
  const { matching: m, desired, state } = ctx;
  const assets = new Map(state.assets.map((a) => [`${a.type}:${a.id}`, a]));
  const existing = new Map<string, AccountState["assetShares"]>();
  for (const s of state.assetShares) {
    const k = `${s.assetType}:${s.assetId}`;
    const list = existing.get(k);
    if (list) list.push(s);
    else existing.set(k, [s]);
  }
  const groups = new Map<string, DesiredAssetShare[]>();
  for (const d of desired.assetShares) {
    const k = `${d.type}:${d.id}`;
    const list = groups.get(k);
    if (list) list.push(d);
    else groups.set(k, [d]);
  }
  for (const [k, shares] of groups) {
    const first = shares[0]!;
    const asset = assets.get(k);
    if (!asset) {
      out.diagnostics.push(
        errorAt("unknown-asset", `${first.type} ${first.id} does not exist in the account`, first.source, {
          hint: "asset ids are shown by `hgw export`; in the sandbox, `hgw sandbox add-asset` creates one",
        }),
      );
      continue;
    }
    const from = m.byPath.get(first.fromPath);
    if (!from?.state || from.state.id !== asset.workspaceId) {
      const owner = m.idx.ws.get(asset.workspaceId);
      out.diagnostics.push(
        errorAt(
          "asset-not-in-library",
          `${first.type} ${first.id} ("${asset.name}") is in the library of "${owner ? displayPath(pathOf(m.idx, owner)) : asset.workspaceId}", not of "${displayPath(first.fromPath)}"`,
          first.source,
          { hint: owner ? `set from: ${displayPath(pathOf(m.idx, owner))}` : undefined },
        ),
      );
      continue;
    }
    const have = existing.get(k) ?? [];
    const haveTo = new Set(have.map((s) => s.toWorkspaceId));
    const wantTo = new Set<string>();
    for (const d of shares) {
      const to = m.byPath.get(d.toPath);
      if (!to) continue;
      if (to.state) wantTo.add(to.state.id);
      if (to.state && haveTo.has(to.state.id)) continue;
      const p = assetSharePayload(d.type, d.id, { workspacePath: d.fromPath, workspaceId: from.state.id }, { workspacePath: d.toPath, workspaceId: to.state?.id ?? null });
      out.changes.push({
        address: address.assetShare(d.type, d.id, displayPath(d.toPath)),
        kind: "asset_share",
        action: "create",
        before: null,
        after: toJson(p),
        reason: `share ${d.type} "${asset.name}" with "${displayPath(d.toPath)}"`,
        source: d.source,
        phase: PHASE.share,
        rank: to.rank,
        effects: [],
        needs: to.state ? [] : [address.subworkspace(d.toPath)],
      });
    }
    for (const s of have) {
      if (wantTo.has(s.toWorkspaceId)) continue;
      // Shares into workspaces the spec does not manage are theirs, not ours.
      const to = m.byStateId.get(s.toWorkspaceId);
      if (!to) continue;
      const p = assetSharePayload(
        s.assetType,
        s.assetId,
        { workspacePath: first.fromPath, workspaceId: s.fromWorkspaceId },
        { workspacePath: to.desired.path, workspaceId: s.toWorkspaceId },
      );
      out.changes.push({
        address: address.assetShare(s.assetType, s.assetId, displayPath(to.desired.path)),
        kind: "asset_share",
        action: "delete",
        before: toJson(p),
        after: null,
        reason: `${s.assetType} "${asset.name}" is listed in the spec without "${displayPath(to.desired.path)}" among its \`to\``,
        source: first.source,
        phase: PHASE.release,
        rank: to.rank,
        effects: [],
        needs: [],
      });
    }
  }
}

/** An asset share's payload, from its two ends: also what the Pulumi AssetShare resource sends. */
export function assetSharePayload(type: AssetType, id: string, from: WorkspaceRef, to: WorkspaceRef): AssetSharePayload {
  return { assetType: type, assetId: id, fromPath: from.workspacePath, fromWorkspaceId: from.workspaceId, toPath: to.workspacePath, toWorkspaceId: to.workspaceId };
}

export const assetShareKind: KindHandler<"asset_share"> = {
  kind: "asset_share",
  order: 6,
  // Identity only: sharing what is shared, or unsharing what is not, is done.
  checked: false,
  blastRadius: { limit: "maxShareRevocations", count: (c) => (c.action === "delete" ? 1 : 0) },

  diff: plan,

  *addresses(ctx) {
    for (const s of ctx.desired.assetShares) yield address.assetShare(s.type, s.id, displayPath(s.toPath));
    for (const s of ctx.state.assetShares) {
      const p = ctx.pathOf(s.toWorkspaceId);
      if (p !== undefined) yield address.assetShare(s.assetType, s.assetId, displayPath(p));
    }
  },

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
