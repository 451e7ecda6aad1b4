// Members of a workspace: list (one workspace, or all for the bulk read), invite, read,
// change a role, remove, resend an invitation.

import type { Role } from "../../model/plan.gen.js";
import { changeMemberRole, inviteMember, removeMember, resendInvitation } from "../../domain/index.js";
import { memberToWire } from "../../contract/wire.js";
import { HttpError } from "../../contract/errors.js";
import { opContext } from "../ops.js";
import { paginate } from "../pages.js";
import { deleted, etagOf, routeKit, type Req, type RoutePlugin, visibleWorkspaceIds, workspaceOr404 } from "./kit.js";

export const memberRoutes: RoutePlugin = async (app, { ctx }) => {
  const { st, read, write } = routeKit(ctx);
  const memberPage = (req: Req, workspaceId: string | null) => {
    const visible = visibleWorkspaceIds(req);
    const status = req.query.status;
    if (status !== undefined && status !== "active" && status !== "invited") {
      throw new HttpError(400, "validation_error", "status must be active or invited", "status");
    }
    // Unfiltered (the admin's bulk read), the list is paged as it is: no copy of 100k members a page.
    const list =
      workspaceId === null && !visible && status === undefined
        ? st().members
        : st().members.filter(
            (m) =>
              (workspaceId === null || m.workspaceId === workspaceId) &&
              (!visible || visible.has(m.workspaceId)) &&
              (status === undefined || m.status === status),
          );
    const page = paginate(list, req.query, { splittable: workspaceId === null });
    return { status: 200, body: { ...page, data: page.data.map(memberToWire) } };
  };
  app.get("/v3/members", read((req) => memberPage(req, null)));
  app.get(
    "/v3/workspaces/:workspace_id/members",
    read((req) => memberPage(req, workspaceOr404(st(), req, req.params.workspace_id!).id)),
  );
  app.post(
    "/v3/workspaces/:workspace_id/members",
    write((req) => {
      const b = req.body as { email: string; role: Role };
      const m = inviteMember(st(), req.params.workspace_id!, b.email, b.role, opContext(ctx.now()));
      return { status: 201, body: { data: memberToWire(m) } };
    }),
  );
  const memberOr404 = (req: Req) => {
    const email = req.params.email!.toLowerCase();
    const w = workspaceOr404(st(), req, req.params.workspace_id!);
    const m = st().members.find((x) => x.workspaceId === w.id && x.email === email);
    if (!m) throw new HttpError(404, "not_found", `no member ${email}`, "email");
    return m;
  };
  const memberEtag = (req: Req): string => etagOf(memberToWire(memberOr404(req)));
  app.get(
    "/v3/workspaces/:workspace_id/members/:email",
    read((req) => {
      const m = memberOr404(req);
      return { status: 200, body: { data: memberToWire(m) }, etag: etagOf(memberToWire(m)) };
    }),
  );
  app.patch(
    "/v3/workspaces/:workspace_id/members/:email",
    write(
      (req) => {
        const b = req.body as { role: Role };
        const m = changeMemberRole(st(), req.params.workspace_id!, req.params.email!, b.role);
        return { status: 200, body: { data: memberToWire(m) }, etag: etagOf(memberToWire(m)) };
      },
      { etagOfCurrent: memberEtag },
    ),
  );
  app.delete(
    "/v3/workspaces/:workspace_id/members/:email",
    write(
      (req) => {
        if (!removeMember(st(), req.params.workspace_id!, req.params.email!)) {
          throw new HttpError(404, "not_found", `no member ${req.params.email!.toLowerCase()}`, "email");
        }
        return deleted(req.params.email!.toLowerCase());
      },
      { etagOfCurrent: memberEtag },
    ),
  );
  app.post(
    "/v3/workspaces/:workspace_id/members/:email/resend",
    write(
      (req) => {
        const m = resendInvitation(st(), req.params.workspace_id!, req.params.email!, opContext(ctx.now()));
        return { status: 200, body: { data: memberToWire(m) } };
      },
      { etagOfCurrent: memberEtag },
    ),
  );
};
