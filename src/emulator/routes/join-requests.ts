// /v3/join-requests: list, approve (with a role), deny.

import type { Role } from "../../model/plan.gen.js";
import { approveJoinRequest, denyJoinRequest } from "../../domain/index.js";
import { joinRequestToWire, memberToWire } from "../../contract/wire.js";
import { HttpError } from "../../contract/errors.js";
import { paginate } from "../pages.js";
import { deleted, routeKit, type RoutePlugin, visibleWorkspaceIds } from "./kit.js";

export const joinRequestRoutes: RoutePlugin = async (app, { ctx }) => {
  const { st, read, write } = routeKit(ctx);
  const requestOr404 = (id: string) => {
    const r = st().joinRequests.find((x) => x.id === id);
    if (!r) throw new HttpError(404, "not_found", `no join request ${id}`, "request_id");
    return r;
  };
  app.get(
    "/v3/join-requests",
    read((req) => {
      const visible = visibleWorkspaceIds(req);
      const ws = req.query.workspace_id;
      const list = st().joinRequests.filter(
        (r) => (!visible || visible.has(r.workspaceId)) && (ws === undefined || r.workspaceId === ws),
      );
      const page = paginate(list, req.query);
      return { status: 200, body: { ...page, data: page.data.map(joinRequestToWire) } };
    }),
  );
  app.post(
    "/v3/join-requests/:request_id/approve",
    write((req) => {
      const b = req.body as { role: Role };
      const r = requestOr404(req.params.request_id!);
      const m = approveJoinRequest(st(), { requestId: r.id, workspaceId: r.workspaceId }, b.role);
      return { status: 200, body: { data: memberToWire(m) } };
    }),
  );
  app.post(
    "/v3/join-requests/:request_id/deny",
    write((req) => {
      const r = requestOr404(req.params.request_id!);
      denyJoinRequest(st(), { requestId: r.id, workspaceId: r.workspaceId });
      return deleted(req.params.request_id!);
    }),
  );
};
