// The library through HeyGen's public v2 lists (`GET /v2/avatars`, `/v2/voices`,
// `/v2/templates`, in HeyGen's response shapes), with the provider's key and client (its
// rate, retries and breaker). Brand kits have no v2 list: they come from the contract's
// `/v3/assets`. Each list is read once per provider.

import { redactUrl } from "../../model/world-errors.js";
import { LibraryUnavailableError, type Library, type LibraryItem } from "../../model/library.js";
import type { AssetType } from "../../model/plan.gen.js";
import type { WireAsset, WireAvatarListV2, WireTemplateListV2, WireVoiceListV2 } from "../../contract/wire.js";
import { ApiError, type HttpClient } from "./client.js";
import { listAll } from "./read.js";

const PATHS: Record<AssetType, string> = {
  avatar: "/v2/avatars",
  voice: "/v2/voices",
  template: "/v2/templates",
  brand_kit: "/v3/assets",
};

/** Statuses that mean "this server has no such list", as opposed to a failure. */
const ABSENT = new Set([404, 405, 501]);

function malformed(client: HttpClient, path: string, what: string): ApiError {
  return new ApiError({
    method: "GET",
    path,
    url: redactUrl(`${client.baseUrl}${path}`),
    status: 200,
    code: "bad_response",
    message: `the answer has no ${what} list`,
    param: null,
    requestId: null,
  });
}

async function fetchType(client: HttpClient, type: AssetType): Promise<LibraryItem[]> {
  const path = PATHS[type];
  try {
    switch (type) {
      case "avatar": {
        const { body } = await client.request<WireAvatarListV2>("GET", path);
        if (!Array.isArray(body?.data?.avatars)) throw malformed(client, path, "data.avatars");
        // Talking photos are photo avatars: named in the spec as avatars too.
        return [
          ...body.data.avatars.map((a) => ({ id: a.avatar_id, name: a.avatar_name })),
          ...(body.data.talking_photos ?? []).map((t) => ({ id: t.talking_photo_id, name: t.talking_photo_name })),
        ];
      }
      case "voice": {
        const { body } = await client.request<WireVoiceListV2>("GET", path);
        if (!Array.isArray(body?.data?.voices)) throw malformed(client, path, "data.voices");
        return body.data.voices.map((v) => ({ id: v.voice_id, name: v.name }));
      }
      case "template": {
        const { body } = await client.request<WireTemplateListV2>("GET", path);
        if (!Array.isArray(body?.data?.templates)) throw malformed(client, path, "data.templates");
        return body.data.templates.map((t) => ({ id: t.template_id, name: t.name }));
      }
      case "brand_kit":
        return (await listAll<WireAsset>(client, path)).filter((a) => a.type === "brand_kit").map((a) => ({ id: a.id, name: a.name }));
    }
  } catch (e) {
    if (e instanceof ApiError && e.status !== null && ABSENT.has(e.status)) {
      throw new LibraryUnavailableError(type, `GET ${redactUrl(`${client.baseUrl}${path}`)}`, e.status);
    }
    throw e;
  }
}

/** `Provider.library` for the HTTP provider: each type's list read at most once, the types at once. */
export function httpLibrary(client: HttpClient): (types: readonly AssetType[]) => Promise<Library> {
  const lists = new Map<AssetType, Promise<LibraryItem[]>>();
  return async (types) => {
    const read = types.map((t) => {
      let p = lists.get(t);
      if (!p) {
        p = fetchType(client, t);
        lists.set(t, p);
      }
      return p;
    });
    const items = await Promise.all(read);
    return Object.fromEntries(types.map((t, i) => [t, items[i]!])) as Library;
  };
}
