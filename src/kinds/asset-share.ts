// kind `asset_share`: an avatar, voice, brand kit or template from one workspace's library,
// shared with another workspace. The spec's `to` list is the whole list for each item it
// names; items it does not name are left alone.

import { address, displayPath } from "../model/address.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { DesiredAccount, DesiredAssetShare } from "../model/desired.js";
import type { Library, LibraryItem } from "../model/library.js";
import { didYouMean, distance } from "../spec/did-you-mean.js";
import { toJson } from "../model/plan.js";
import type { AssetSharePayload, AssetType, WorkspaceRef } from "../model/plan.gen.js";
import type { AccountState } from "../model/state.js";
import { pathOf, resolveWorkspace } from "../domain/account-index.js";
import { shareAsset, unshareAsset } from "../domain/sharing.js";
import { DomainError } from "../domain/errors.js";
import type { WireAssetShare } from "../contract/wire.js";
import { expiredReason, expiringItem, isPast } from "../model/expiry.js";
import { PHASE, errorAt, type DiffContext, type DiffOutput, type Matching } from "./context.js";
import type { KindHandler } from "./handler.js";
import { either, enc, need, unsupported } from "./shared.js";

const PLURAL: Record<AssetType, string> = { avatar: "avatars", voice: "voices", brand_kit: "brand kits", template: "templates" };

/** The names closest to `name` (case-insensitively), nearest first, at most three. */
function nearestNames(name: string, items: readonly LibraryItem[]): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored = [...new Set(items.map((i) => i.name))]
    .map((n) => ({ n, d: n.toLowerCase() === name.toLowerCase() ? 0 : distance(name, n) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n));
  return scored.slice(0, 3).map((x) => x.n);
}

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(", ");

/**
 * Gives every share that names its item (`name:`) the id the library lists under that name.
 * Names compare exactly. Several items of one name are narrowed to those in the share's `from`
 * library (the account read says which workspace holds each); more than one left is an error
 * listing their ids. A share that cannot be resolved is left out, with its error, once per
 * spec entry. Pure: the library was read before.
 */
export function resolveAssetNames(
  desired: DesiredAccount,
  state: AccountState,
  matching: Matching,
  library: Library | undefined,
): { desired: DesiredAccount; diagnostics: Diagnostic[] } {
  if (!desired.assetShares.some((s) => s.id === null)) return { desired, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const owner = new Map(state.assets.map((a) => [`${a.type}:${a.id}`, a.workspaceId]));
  const decided = new Map<DesiredAssetShare["nameSource"], string | null>();
  // By type, then name: a spec with many named shares looks each up without a scan.
  const byName = new Map<AssetType, Map<string, LibraryItem[]>>();
  const named = (type: AssetType, name: string): LibraryItem[] => {
    let index = byName.get(type);
    if (!index) {
      index = new Map();
      for (const i of library?.[type] ?? []) {
        const list = index.get(i.name);
        if (list) list.push(i);
        else index.set(i.name, [i]);
      }
      byName.set(type, index);
    }
    return index.get(name) ?? [];
  };
  const resolve = (d: DesiredAssetShare, name: string): string | null => {
    const where = d.nameSource ?? d.source;
    const items = library?.[d.type];
    if (!items) {
      diagnostics.push(
        errorAt("asset-names-unresolved", `${d.type} "${name}" is named, not given by id, and no library was read to resolve the name`, where, {
          hint: "plan through `hgw plan` (it reads the library when a spec uses names), or give `id:`",
        }),
      );
      return null;
    }
    let found = named(d.type, name);
    if (found.length > 1) {
      const fromId = matching.byPath.get(d.fromPath)?.state?.id;
      const inFrom = found.filter((i) => fromId !== undefined && owner.get(`${d.type}:${i.id}`) === fromId);
      if (inFrom.length > 0) found = inFrom;
    }
    if (found.length === 1) return found[0]!.id;
    if (found.length > 1) {
      diagnostics.push(
        errorAt(
          "ambiguous-asset-name",
          `${found.length} ${PLURAL[d.type]} in the library are named "${name}": ${found.map((i) => i.id).join(", ")}`,
          where,
          { hint: `write the one you mean by its id, e.g. \`id: ${found[0]!.id}\`, instead of \`name:\`` },
        ),
      );
      return null;
    }
    const near = nearestNames(name, items);
    const isId = items.find((i) => i.id === name);
    diagnostics.push(
      errorAt("unknown-asset-name", `no ${d.type} in the library is named "${name}"`, where, {
        hint: isId
          ? `"${name}" is the id of ${d.type} "${isId.name}": write \`id: ${name}\``
          : near.length > 0
            ? `did you mean ${quoted(near)}? Names are compared exactly, capitals included`
            : items.length === 0
              ? `the library lists no ${PLURAL[d.type]}`
              : `the library's ${PLURAL[d.type]} include ${quoted(items.slice(0, 5).map((i) => i.name))}${items.length > 5 ? ` and ${items.length - 5} more` : ""}`,
      }),
    );
    return null;
  };
  const assetShares: DesiredAssetShare[] = [];
  for (const d of desired.assetShares) {
    if (d.id !== null || d.name === null) {
      if (d.id !== null) assetShares.push(d);
      continue;
    }
    // One spec entry has a share per `to`; its name is looked up (and reported) once.
    let id = decided.get(d.nameSource);
    if (id === undefined) {
      id = resolve(d, d.name);
      decided.set(d.nameSource, id);
    }
    if (id !== null) assetShares.push({ ...d, id });
  }
  return { desired: { ...desired, assetShares }, diagnostics };
}

/** The id nearest to an unknown one among the account's items of that type, or the id of an item with that name. */
function unknownIdHint(type: AssetType, id: string, state: AccountState): string {
  const same = state.assets.filter((a) => a.type === type);
  const named = same.find((a) => a.name === id);
  if (named) return `"${id}" is the name of ${type} ${named.id}: write \`name: ${id}\` or \`id: ${named.id}\``;
  const guess = didYouMean(id, same.map((a) => a.id));
  if (guess) {
    const a = same.find((x) => x.id === guess)!;
    return `did you mean ${guess} ("${a.name}")?`;
  }
  return "asset ids are shown by `hgw export`; in the sandbox, `hgw sandbox add-asset` creates one";
}

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
    // Unresolved names were reported by resolveAssetNames, before any kind was asked.
    if (d.id === null) continue;
    const k = `${d.type}:${d.id}`;
    const list = groups.get(k);
    if (list) list.push(d);
    else groups.set(k, [d]);
  }
  for (const [k, shares] of groups) {
    const first = shares[0]!;
    const id = first.id!;
    const asset = assets.get(k);
    if (!asset) {
      // A name resolved from the library to an id the account's own list lacks says so.
      const named = first.name !== null ? ` (the library's id for "${first.name}")` : "";
      out.diagnostics.push(
        errorAt("unknown-asset", `${first.type} ${id}${named} does not exist in the account`, first.nameSource ?? first.source, {
          hint: unknownIdHint(first.type, id, state),
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
          `${first.type} ${id} ("${asset.name}") is in the library of "${owner ? displayPath(pathOf(m.idx, owner)) : asset.workspaceId}", not of "${displayPath(first.fromPath)}"`,
          first.source,
          { hint: owner ? `set from: ${displayPath(pathOf(m.idx, owner))}` : undefined },
        ),
      );
      continue;
    }
    const have = existing.get(k) ?? [];
    const haveTo = new Set(have.map((s) => s.toWorkspaceId));
    const wantTo = new Set<string>();
    /** Shares past their `expires`, by the receiving workspace's id: removed, never made again. */
    const expiredTo = new Map<string, DesiredAssetShare>();
    for (const d of shares) {
      const to = m.byPath.get(d.toPath);
      if (!to) continue;
      if (isPast(d.expires, ctx.options.now)) {
        if (to.state) expiredTo.set(to.state.id, d);
        continue;
      }
      const soon = expiringItem(() => address.assetShare(d.type, id, displayPath(d.toPath)), d.expires, d.source, ctx.options.now, desired.policies.expiryNoticeDays);
      if (soon) out.expiring.push(soon);
      if (to.state) wantTo.add(to.state.id);
      if (ctx.options.onlyExpired) continue;
      if (to.state && haveTo.has(to.state.id)) continue;
      const p: AssetSharePayload = {
        ...assetSharePayload(d.type, id, { workspacePath: d.fromPath, workspaceId: from.state.id }, { workspacePath: d.toPath, workspaceId: to.state?.id ?? null }),
        ...(d.name !== null ? { assetName: d.name } : {}),
      };
      out.changes.push({
        address: address.assetShare(d.type, id, displayPath(d.toPath)),
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
      const expired = expiredTo.get(s.toWorkspaceId);
      if (!expired && ctx.options.onlyExpired) continue;
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
        reason: expired
          ? `${expiredReason(expired.expires!)}: ${s.assetType} "${asset.name}" shared with "${displayPath(to.desired.path)}"`
          : `${s.assetType} "${asset.name}" is listed in the spec without "${displayPath(to.desired.path)}" among its \`to\``,
        source: expired ? expired.source : first.source,
        ...(expired ? { expired: expired.expires! } : {}),
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
    for (const s of ctx.desired.assetShares) if (s.id !== null) yield address.assetShare(s.type, s.id, displayPath(s.toPath));
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
