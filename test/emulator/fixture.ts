// The account the emulator tests start from: the domain's default account with room to grow,
// plus one avatar (av_1) and one video (vd_1) in the main workspace to share.

import { defaultAccount } from "../../src/domain/default-account.js";
import { addAsset, addContent } from "../../src/domain/world.js";
import type { AccountState } from "../../src/model/state.js";

export function seededAccount(): AccountState {
  const s = defaultAccount("2026-01-01T00:00:00.000Z");
  const main = s.workspaces.find((w) => w.parentId === null)!;
  main.subscription = { seats: 500, avatarSlots: 50, generativeCredits: 100000, apiCredits: 50000 };
  addAsset(s, { workspaceId: main.id, type: "avatar", id: "av_1", name: "Test avatar" });
  addContent(s, { workspaceId: main.id, type: "video", id: "vd_1", name: "Test video" });
  return s;
}
