// HeyGen's v2 library lists, in HeyGen's own shapes: unpaged, `{ error: null, data: {...} }`.
// An account-wide key sees every workspace's library; a sub-workspace's key its own library
// and what is shared with it.

import type { WireAvatarListV2, WireTemplateListV2, WireVoiceListV2 } from "../../contract/wire.js";
import type { AssetState } from "../../model/state.js";
import { routeKit, visibleWorkspaceIds, type Req, type RoutePlugin } from "./kit.js";

export const libraryRoutes: RoutePlugin = async (app, { ctx }) => {
  const { st, read } = routeKit(ctx);
  const libraryOf = (req: Req, type: AssetState["type"]): AssetState[] => {
    const visible = visibleWorkspaceIds(req);
    if (!visible) return st().assets.filter((a) => a.type === type);
    const sharedIn = new Set(st().assetShares.filter((x) => x.assetType === type && visible.has(x.toWorkspaceId)).map((x) => x.assetId));
    return st().assets.filter((a) => a.type === type && (visible.has(a.workspaceId) || sharedIn.has(a.id)));
  };
  app.get(
    "/v2/avatars",
    read((req) => {
      const data: WireAvatarListV2["data"] = {
        avatars: libraryOf(req, "avatar").map((a) => ({
          avatar_id: a.id,
          avatar_name: a.name,
          gender: null,
          preview_image_url: null,
          preview_video_url: null,
          premium: false,
          type: "avatar",
          tags: [],
          default_voice_id: null,
        })),
        talking_photos: [],
      };
      return { status: 200, body: { error: null, data } };
    }),
  );
  app.get(
    "/v2/voices",
    read((req) => {
      const data: WireVoiceListV2["data"] = {
        voices: libraryOf(req, "voice").map((v) => ({
          voice_id: v.id,
          language: null,
          gender: null,
          name: v.name,
          preview_audio: null,
          support_pause: false,
          emotion_support: false,
          support_interactive_avatar: false,
          support_locale: false,
        })),
      };
      return { status: 200, body: { error: null, data } };
    }),
  );
  app.get(
    "/v2/templates",
    read((req) => {
      const data: WireTemplateListV2["data"] = {
        templates: libraryOf(req, "template").map((t) => ({ template_id: t.id, name: t.name, thumbnail_image_url: null, aspect_ratio: null })),
      };
      return { status: 200, body: { error: null, data } };
    }),
  );
};
