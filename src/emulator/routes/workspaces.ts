// /v3/workspaces: list, create, read, update and delete workspaces, and set an allocation.

import type { WorkspaceState } from "../../model/state.js";
import { createWorkspace, deleteWorkspace, setAllocation, updateWorkspace } from "../../domain/index.js";
import { quotaFromWire, settingsPatchFromWire, workspaceToWire, type WireQuota, type WireSettings } from "../../contract/wire.js";
import { HttpError } from "../../contract/errors.js";
import { opContext } from "../ops.js";
import { paginate } from "../pages.js";
import { deleted, routeKit, type Outcome, type Req, type RoutePlugin, visibleWorkspaceIds, workspaceEtag, workspaceOr404 } from "./kit.js";

export const workspaceRoutes: RoutePlugin = async (app, { ctx }) => {
  const { st, read, write } = routeKit(ctx);
  const wsOut = (w: WorkspaceState, status = 200): Outcome => ({
    status,
    body: { data: workspaceToWire(w) },
    etag: workspaceEtag(w),
  });
  app.get(
    "/v3/workspaces",
    read((req) => {
      const visible = visibleWorkspaceIds(req);
      const parent = req.query.parent_id;
      const list = st().workspaces.filter(
        (w) => (!visible || visible.has(w.id)) && (parent === undefined || w.parentId === parent),
      );
      const page = paginate(list, req.query, { splittable: true });
      return { status: 200, body: { ...page, data: page.data.map(workspaceToWire) } };
    }),
  );
  app.post(
    "/v3/workspaces",
    write((req) => {
      const b = req.body as {
        name: string;
        parent_id: string;
        billing: "parent" | "own";
        api_access?: boolean;
        image?: string | null;
        settings?: Partial<WireSettings>;
        deletion_protection?: boolean;
        subscription?: WireQuota | null;
      };
      const w = createWorkspace(
        st(),
        {
          name: b.name,
          parentId: b.parent_id,
          billing: b.billing,
          apiAccess: b.api_access ?? false,
          image: b.image ?? null,
          settings: settingsPatchFromWire(b.settings ?? {}),
          deletionProtection: b.deletion_protection ?? false,
          subscription: b.subscription ? quotaFromWire(b.subscription) : null,
        },
        opContext(ctx.now()),
      );
      return wsOut(w, 201);
    }),
  );
  app.get(
    "/v3/workspaces/:workspace_id",
    read((req) => wsOut(workspaceOr404(st(), req, req.params.workspace_id!))),
  );
  const wsEtag = (req: Req): string => workspaceEtag(workspaceOr404(st(), req, req.params.workspace_id!));
  app.patch(
    "/v3/workspaces/:workspace_id",
    write(
      (req) => {
        const b = req.body as {
          name?: string;
          billing?: "parent" | "own";
          api_access?: boolean;
          image?: string | null;
          settings?: Partial<WireSettings>;
          deletion_protection?: boolean;
          subscription?: WireQuota | null;
        };
        const w = updateWorkspace(st(), req.params.workspace_id!, {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.billing !== undefined ? { billing: b.billing } : {}),
          ...(b.api_access !== undefined ? { apiAccess: b.api_access } : {}),
          ...(b.image !== undefined ? { image: b.image } : {}),
          ...(b.settings !== undefined ? { settings: settingsPatchFromWire(b.settings) } : {}),
          ...(b.deletion_protection !== undefined ? { deletionProtection: b.deletion_protection } : {}),
          ...(b.subscription !== undefined
            ? { subscription: b.subscription ? quotaFromWire(b.subscription) : null }
            : {}),
        });
        return wsOut(w);
      },
      { etagOfCurrent: wsEtag },
    ),
  );
  app.delete(
    "/v3/workspaces/:workspace_id",
    write(
      (req) => {
        const id = req.params.workspace_id!;
        if (!deleteWorkspace(st(), id)) throw new HttpError(404, "not_found", `no workspace ${id}`, "workspace_id");
        return deleted(id);
      },
      { etagOfCurrent: wsEtag },
    ),
  );
  app.put(
    "/v3/workspaces/:workspace_id/allocation",
    write(
      (req) => wsOut(setAllocation(st(), req.params.workspace_id!, quotaFromWire(req.body as WireQuota))),
      { etagOfCurrent: wsEtag },
    ),
  );
};
