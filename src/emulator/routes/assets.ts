// Library items and their shares between workspaces: list items, list, share and unshare.

import { shareAsset, unshareAsset } from "../../domain/index.js";
import { assetShareToWire, assetToWire, type WireAssetShare } from "../../contract/wire.js";
import { HttpError } from "../../contract/errors.js";
import { deleted, listed, routeKit, type RoutePlugin } from "./kit.js";

export const assetRoutes: RoutePlugin = async (app, { ctx }) => {
  const { st, read, write } = routeKit(ctx);
  app.get(
    "/v3/assets",
    read((req) => listed(req, st().assets, (a) => [a.workspaceId], assetToWire)),
  );
  app.get(
    "/v3/asset-shares",
    read((req) => listed(req, st().assetShares, (s) => [s.toWorkspaceId, s.fromWorkspaceId], assetShareToWire)),
  );
  app.post(
    "/v3/asset-shares",
    write((req) => {
      const b = req.body as WireAssetShare;
      const ref = {
        assetType: b.asset_type,
        assetId: b.asset_id,
        fromWorkspaceId: b.from_workspace_id,
        toWorkspaceId: b.to_workspace_id,
      };
      shareAsset(st(), ref);
      return { status: 201, body: { data: assetShareToWire(ref) } };
    }),
  );
  app.delete(
    "/v3/asset-shares/:asset_type/:asset_id/:to_workspace_id",
    write((req) => {
      const { asset_type, asset_id, to_workspace_id } = req.params as Record<string, string>;
      const gone = unshareAsset(st(), {
        assetType: asset_type as WireAssetShare["asset_type"],
        assetId: asset_id!,
        toWorkspaceId: to_workspace_id!,
      });
      if (!gone) throw new HttpError(404, "not_found", "no such share", "asset_id");
      return deleted(`${asset_type}:${asset_id}>${to_workspace_id}`);
    }),
  );
};
