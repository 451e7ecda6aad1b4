// kind `content_share`: how a project, folder or video is shared (general access, users with
// view or edit, its share page). The spec manages each field it gives of each item it names;
// a share-page password is a secret reference (`{ env }`), resolved only at apply.

import type { ContentState } from "../model/state.js";
import type { View } from "../domain/precondition.js";
import { updateContentSharing } from "../domain/sharing.js";
import { contentFromWire, type WireContent, type WireContentSharingUpdate } from "../contract/wire.js";
import type { KindHandler } from "./handler.js";
import { either, enc, required, unsupported } from "./shared.js";

/** Content's sharing as the account holds it, in the payload's shape; the password only as set or not. */
export function contentView(c: ContentState | undefined): View {
  if (!c) return null;
  return {
    generalAccess: c.generalAccess,
    users: c.users.map((u) => ({ email: u.email, access: u.access })),
    sharePage: { passwordSet: c.sharePage.passwordSet, publicPublishing: c.sharePage.publicPublishing, captions: c.sharePage.captions },
  };
}

export const contentShareKind: KindHandler<"content_share"> = {
  kind: "content_share",
  checked: true,

  view(state, change) {
    const p = either("content_share", change);
    return { view: contentView(state.content.find((c) => c.type === p.type && c.id === p.id)) };
  },

  sandbox(state, change, ctx) {
    if (change.action !== "update" && change.action !== "create") return unsupported(change);
    const a = required("content_share", change, "after");
    const pw = a.sharePage.password;
    updateContentSharing(
      state,
      { type: a.type, id: a.id },
      {
        generalAccess: a.generalAccess,
        users: a.users,
        sharePage: {
          ...(pw === undefined ? {} : { password: pw === null ? null : ctx.resolveSecret(pw) }),
          publicPublishing: a.sharePage.publicPublishing,
          captions: a.sharePage.captions,
        },
      },
      ctx,
    );
    return {};
  },

  async http(api, ctx) {
    const a = required("content_share", api.change, "after");
    const sp = a.sharePage;
    const body: WireContentSharingUpdate = {
      general_access: a.generalAccess,
      users: a.users,
      share_page: {
        public_publishing: sp.publicPublishing,
        captions: sp.captions,
        ...(sp.password === null ? { password: null } : sp.password !== undefined ? { password: ctx.resolveSecret(sp.password) } : {}),
      },
    };
    const path = `/v3/content/${enc(a.type)}/${enc(a.id)}`;
    await api.guarded(
      () => api.read<WireContent>(path, (c) => contentView(contentFromWire(c))),
      (ifMatch) => api.request("PATCH", `${path}/sharing`, { body, ifMatch }),
    );
    return {};
  },
};
