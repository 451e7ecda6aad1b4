// Projects, folders and videos: list, read, change their sharing, check a share-page password.

import { updateContentSharing } from "../../domain/index.js";
import { passwordMatches } from "../../domain/secrets.js";
import { contentToWire } from "../../contract/wire.js";
import { HttpError } from "../../contract/errors.js";
import { etagOf, listed, routeKit, type Req, type RoutePlugin, visibleWorkspaceIds } from "./kit.js";

export const contentRoutes: RoutePlugin = async (app, { ctx }) => {
  const { st, read, write } = routeKit(ctx);
  app.get(
    "/v3/content",
    read((req) => listed(req, st().content, (c) => [c.workspaceId], contentToWire)),
  );
  const contentOr404 = (req: Req) => {
    const visible = visibleWorkspaceIds(req);
    const c = st().content.find((x) => x.type === req.params.content_type && x.id === req.params.content_id);
    if (!c || (visible && !visible.has(c.workspaceId))) throw new HttpError(404, "not_found", "no such content", "content_id");
    return c;
  };
  app.get(
    "/v3/content/:content_type/:content_id",
    read((req) => {
      const c = contentToWire(contentOr404(req));
      return { status: 200, body: { data: c }, etag: etagOf(c) };
    }),
  );
  // Read-only and admin-only: the digest stays here, only yes or no goes out.
  app.post(
    "/v3/content/:content_type/:content_id/sharing/password-check",
    read((req) => {
      if (req.principal!.role !== "super_admin") {
        throw new HttpError(403, "forbidden", "only a super admin key may check a share-page password");
      }
      const c = contentOr404(req);
      const { password } = req.body as { password: string };
      const digest = c.sharePage.passwordDigest;
      return { status: 200, body: { data: { matches: digest !== null && passwordMatches(password, digest) } } };
    }),
  );
  app.patch(
    "/v3/content/:content_type/:content_id/sharing",
    write(
      (req) => {
        const b = req.body as {
          general_access: "only_me" | "selected" | "workspace";
          users: { email: string; access: "view" | "edit" }[];
          share_page: { password?: string | null; public_publishing: boolean; captions: boolean };
        };
        const c = updateContentSharing(
          st(),
          { type: req.params.content_type as "project" | "folder" | "video", id: req.params.content_id! },
          {
            generalAccess: b.general_access,
            users: b.users,
            sharePage: {
              ...("password" in b.share_page ? { password: b.share_page.password ?? null } : {}),
              publicPublishing: b.share_page.public_publishing,
              captions: b.share_page.captions,
            },
          },
          {},
        );
        return { status: 200, body: { data: contentToWire(c) }, etag: etagOf(contentToWire(c)) };
      },
      { etagOfCurrent: (req) => etagOf(contentToWire(contentOr404(req))) },
    ),
  );
};
