// A workspace's API key: list, read, create or rotate (the secret is in this answer only),
// confirm it was stored, revoke.

import { confirmApiKey, createApiKey, revokeApiKey, rotateApiKey } from "../../domain/index.js";
import { apiKeyToWire } from "../../contract/wire.js";
import { HttpError } from "../../contract/errors.js";
import { opContext } from "../ops.js";
import { deleted, etagOf, listed, routeKit, type Req, type RoutePlugin, workspaceOr404 } from "./kit.js";

export const apiKeyRoutes: RoutePlugin = async (app, { ctx }) => {
  const { st, read, write } = routeKit(ctx);
  app.get(
    "/v3/api-keys",
    read((req) => listed(req, st().apiKeys, (k) => [k.workspaceId], apiKeyToWire)),
  );
  const apiKeyOr404 = (req: Req) => {
    const w = workspaceOr404(st(), req, req.params.workspace_id!);
    const k = st().apiKeys.find((x) => x.workspaceId === w.id);
    if (!k) throw new HttpError(404, "not_found", `workspace ${w.id} has no key`, "workspace_id");
    return k;
  };
  app.get(
    "/v3/workspaces/:workspace_id/api-key",
    read((req) => {
      const k = apiKeyToWire(apiKeyOr404(req));
      return { status: 200, body: { data: k }, etag: etagOf(k) };
    }),
  );
  app.post(
    "/v3/workspaces/:workspace_id/api-key",
    write((req) => {
      const b = (req.body ?? {}) as { rotate?: boolean; await_delivery?: boolean };
      const id = req.params.workspace_id!;
      const opts = { awaitDelivery: b.await_delivery === true };
      const k = b.rotate ? rotateApiKey(st(), id, opContext(ctx.now()), opts) : createApiKey(st(), id, opContext(ctx.now()), opts);
      if (k.secret === null) {
        throw new HttpError(409, "conflict", "the workspace has a key already; rotate it to get a new secret", "rotate");
      }
      return { status: 201, body: { data: { ...apiKeyToWire(k.key), key: k.secret } } };
    }),
  );
  app.post(
    "/v3/workspaces/:workspace_id/api-key/confirm",
    write((req) => {
      const k = confirmApiKey(st(), req.params.workspace_id!, (req.body as { key_id: string }).key_id);
      return { status: 200, body: { data: apiKeyToWire(k) } };
    }),
  );
  app.delete(
    "/v3/workspaces/:workspace_id/api-key",
    write(
      (req) => {
        const id = req.params.workspace_id!;
        if (!revokeApiKey(st(), id)) throw new HttpError(404, "not_found", `workspace ${id} has no key`, "workspace_id");
        return deleted(id);
      },
      { etagOfCurrent: (req) => etagOf(apiKeyToWire(apiKeyOr404(req))) },
    ),
  );
};
