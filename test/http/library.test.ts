// The HTTP provider's library read, against a loopback server answering in HeyGen's own v2
// shapes (more fields than hgw reads, talking photos beside avatars), and the emulator's v2
// lists checked against the contract and filtered by the key's reach.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContract } from "../../src/contract/openapi.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { LibraryUnavailableError } from "../../src/model/library.js";
import { ApiError, createHttpProvider } from "../../src/providers/http/index.js";
import { seededAccount } from "../emulator/fixture.js";
import { createApiKey, shareAsset } from "../../src/domain/index.js";
import { addAsset } from "../../src/domain/world.js";
import { opContext } from "../../src/emulator/ops.js";
import { answer, startTinyServer, type TinyServer } from "../helpers/tiny-server.js";

const KEY = "hgw_sa_library_unit_key_9b2f";

// As HeyGen's reference shows them (docs/library-names.md says where from).
const HEYGEN: Record<string, unknown> = {
  "/v2/avatars": {
    error: null,
    data: {
      avatars: [
        {
          avatar_id: "Abigail_expressive_2024112501",
          avatar_name: "Abigail (Upper Body)",
          gender: "female",
          preview_image_url: "https://files2.heygen.ai/avatar/v3/a/preview_target.webp",
          preview_video_url: "https://files2.heygen.ai/avatar/v3/a/preview_video_target.mp4",
          premium: false,
          type: null,
          tags: null,
          default_voice_id: null,
        },
      ],
      talking_photos: [{ talking_photo_id: "tp_4f1c", talking_photo_name: "Founder photo", preview_image_url: "https://files2.heygen.ai/tp.png" }],
    },
  },
  "/v2/voices": {
    error: null,
    data: {
      voices: [
        {
          voice_id: "1bd001e7e50f421d891986aad5158bc8",
          language: "English",
          gender: "female",
          name: "Sara",
          preview_audio: "https://files.heygen.ai/voice/sara.mp3",
          support_pause: true,
          emotion_support: false,
          support_interactive_avatar: true,
          support_locale: false,
          a_field_added_later: "ignored",
        },
      ],
    },
  },
  "/v2/templates": {
    error: null,
    data: { templates: [{ template_id: "22a48da453ef4c014a6a60d827a02f0b", name: "My Template # 1", thumbnail_image_url: null, aspect_ratio: "landscape" }] },
  },
};

let heygen: TinyServer;
let clientKey: string;
let emu: RunningEmulator;
const contract = loadContract();

beforeAll(async () => {
  heygen = await startTinyServer((req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    if (req.headers["x-api-key"] !== KEY) return answer(res, 401, "unauthorized", "bad key");
    if (path === "/v2/broken") return answer(res, 200, "x", "x");
    const body = HEYGEN[path];
    if (!body) return answer(res, 404, "not_found", `no route GET ${path}`);
    // Checked against the contract as the emulator's answers are: HeyGen's real answers fit it.
    expect(contract.checkResponse("GET", path, 200, body)).toEqual([]);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  // client-a has API access, a key, a host avatar of its own, and Anna shared with it.
  const state = seededAccount();
  state.workspaces.find((w) => w.id === "ws_client_a")!.apiAccess = true;
  addAsset(state, { workspaceId: "ws_client_a", type: "avatar", id: "av_client_a_host", name: "Client A host" });
  shareAsset(state, { assetType: "avatar", assetId: "av_anna", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_client_a" });
  clientKey = createApiKey(state, "ws_client_a", opContext(new Date("2026-01-01T00:00:00.000Z"))).secret!;
  emu = await startEmulator({ initialState: state, adminKey: KEY });
});

afterAll(async () => {
  await heygen.close();
  await emu.close();
});

describe("the HTTP provider's library", () => {
  it("reads HeyGen's shapes: ids and names, talking photos as avatars, each list once", async () => {
    const p = createHttpProvider({ baseUrl: heygen.url, apiKey: KEY });
    try {
      const lib = await p.library!(["avatar", "voice", "template"]);
      expect(lib).toEqual({
        avatar: [
          { id: "Abigail_expressive_2024112501", name: "Abigail (Upper Body)" },
          { id: "tp_4f1c", name: "Founder photo" },
        ],
        voice: [{ id: "1bd001e7e50f421d891986aad5158bc8", name: "Sara" }],
        template: [{ id: "22a48da453ef4c014a6a60d827a02f0b", name: "My Template # 1" }],
      });
      const before = heygen.requests.length;
      await p.library!(["voice", "avatar"]);
      expect(heygen.requests.length).toBe(before);
    } finally {
      await p.close?.();
    }
  });

  it("tells a server without a list apart from a failing one, and never shows the key", async () => {
    const p = createHttpProvider({ baseUrl: heygen.url, apiKey: KEY });
    try {
      // Brand kits come from /v3/assets, which this server lacks.
      const e = await p.library!(["brand_kit"]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LibraryUnavailableError);
      expect((e as LibraryUnavailableError).status).toBe(404);
      expect(String((e as Error).message)).not.toContain(KEY);
    } finally {
      await p.close?.();
    }
    const wrongKey = createHttpProvider({ baseUrl: heygen.url, apiKey: "hgw_sa_not_this_one" });
    try {
      const e = await wrongKey.library!(["voice"]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).kind).toBe("auth");
    } finally {
      await wrongKey.close?.();
    }
  });

  it("is served by the emulator in the contract's shapes, filtered by the key's reach", async () => {
    for (const path of ["/v2/avatars", "/v2/voices", "/v2/templates"]) {
      const res = await fetch(`${emu.url}${path}`, { headers: { "x-api-key": KEY } });
      expect(res.status).toBe(200);
      expect(contract.checkResponse("GET", path, 200, await res.json())).toEqual([]);
    }
    const p = createHttpProvider({ baseUrl: emu.url, apiKey: KEY });
    try {
      const state = await p.read();
      const lib = await p.library!(["avatar", "voice", "template", "brand_kit"]);
      for (const type of ["avatar", "voice", "template", "brand_kit"] as const) {
        const want = state.assets.filter((a) => a.type === type).map((a) => ({ id: a.id, name: a.name }));
        expect(lib[type]).toEqual(want);
      }
    } finally {
      await p.close?.();
    }
    // A sub-workspace's key: its own library and what is shared with it, nothing else.
    const own = await fetch(`${emu.url}/v2/avatars`, { headers: { "x-api-key": clientKey } });
    const body = (await own.json()) as { data: { avatars: { avatar_id: string }[] } };
    expect(body.data.avatars.map((a) => a.avatar_id).sort()).toEqual(["av_anna", "av_client_a_host"]);
  });
});
