// The HTTP provider and the sandbox carry out a change the same way: the same Changes (of
// every kind and action) applied through the domain core directly and through the REST
// contract against the emulator end in the same account.

import { describe, expect, it } from "vitest";
import { applyChange } from "../../src/providers/sandbox/execute.js";
import { addJoinRequest } from "../../src/domain/world.js";
import type { AccountState } from "../../src/model/state.js";
import { address } from "../../src/model/address.js";
import type { JsonObject } from "../../src/plan/types.js";
import { startEmulator } from "../../src/emulator/server.js";
import { createHttpProvider } from "../../src/providers/http/index.js";
import { seededAccount } from "../emulator/fixture.js";
import { PlanBuilder, SETTINGS, comparable, runChanges } from "./helpers.js";

const o = (x: object): JsonObject => x as unknown as JsonObject;
const secrets: Record<string, string> = { HGW_TEST_SHARE_PASSWORD: "pw" };

function start(): AccountState {
  const s = seededAccount();
  let n = 0;
  const ctx = { now: "2026-01-02T00:00:00.000Z", newId: (p: string) => `${p}_fixed${++n}` };
  addJoinRequest(s, "ws_main", "joiner@example.com", ctx);
  addJoinRequest(s, "ws_main", "stranger@example.com", ctx);
  return s;
}

function phases(): PlanBuilder[] {
  const one = new PlanBuilder();
  const x = one.subworkspace("", "client-x", "parent");
  const own = one.subworkspace("", "client-b", "own");
  const emea = one.subworkspace("client-b", "emea", "parent", [own]);
  const alloc = one.allocation("client-x", 5, [x]);
  one.allocation("client-b/emea", 2, [emea]);
  one.member("client-x", "ann@client-x.com", "creator", [alloc]);
  one.member("client-x", "bob@client-x.com", "viewer", [alloc]);
  one.apikey("client-x", [x]);
  one.assetShare("avatar", "av_1", "client-x", [x]);
  one.contentShare("video", "vd_1", [{ email: "ops@acme.example", access: "edit" }], []);

  const two = new PlanBuilder();
  const ref = (path: string) => ({ workspacePath: path, workspaceId: null });
  two.member("client-x", "ann@client-x.com", "developer", [], "update", "creator");
  two.member("client-x", "bob@client-x.com", "viewer", [], "delete");
  two.add({
    address: address.member("client-a", "reviewer@client-a.example"),
    kind: "member",
    action: "replace",
    before: o({ ...ref("client-a"), email: "reviewer@client-a.example", role: "viewer", status: "expired" }),
    after: o({ ...ref("client-a"), email: "reviewer@client-a.example", role: "creator", status: "invited" }),
    dependsOn: [],
  });
  const sub = {
    ...ref("client-x"), name: "client-x", parentPath: "", parentId: null, billing: "parent", apiAccess: true,
    image: null, settings: SETTINGS, deletionProtection: false, subscription: null,
  };
  two.add({
    address: address.subworkspace("client-x"), kind: "subworkspace", action: "update",
    before: o(sub), after: o({ ...sub, name: "client-x2", workspacePath: "client-x2", deletionProtection: true }), dependsOn: [],
  });
  two.add({
    address: address.allocation("client-x2"), kind: "allocation", action: "update",
    before: null, after: o({ ...ref("client-x2"), seats: 7, avatarSlots: 1, generativeCredits: 100, apiCredits: 50 }),
    dependsOn: [address.subworkspace("client-x")],
  });
  two.add({
    address: address.apikey("client-x2"), kind: "apikey", action: "delete",
    before: o({ ...ref("client-x2"), keyId: null, last4: null }), after: null, dependsOn: [address.subworkspace("client-x")],
  });
  two.add({
    address: "asset_share[avatar:av_1 -> client-x2]", kind: "asset_share", action: "delete",
    before: o({ assetType: "avatar", assetId: "av_1", fromPath: "", fromWorkspaceId: null, toPath: "client-x2", toWorkspaceId: null }),
    after: null, dependsOn: [address.subworkspace("client-x")],
  });
  two.add({
    address: address.joinRequest("", "joiner@example.com"), kind: "join_request", action: "approve",
    before: null, after: o({ ...ref(""), requestId: "jr_fixed1", email: "joiner@example.com", role: "creator" }), dependsOn: [],
  });
  two.add({
    address: address.joinRequest("", "stranger@example.com"), kind: "join_request", action: "deny",
    before: o({ ...ref(""), requestId: "jr_fixed2", email: "stranger@example.com", role: null }), after: null, dependsOn: [],
  });
  const emeaSub = { ...sub, ...ref("client-b/emea"), name: "emea", parentPath: "client-b" };
  two.add({
    address: address.subworkspace("client-b/emea"), kind: "subworkspace", action: "delete",
    before: o(emeaSub), after: null, dependsOn: [],
  });
  two.add({
    address: "content_share[video:vd_1]", kind: "content_share", action: "update", before: null,
    after: o({
      ...ref(""), type: "video", id: "vd_1", generalAccess: "workspace", users: [],
      sharePage: { password: null, publicPublishing: true, captions: false },
    }),
    dependsOn: [],
  });
  return [one, two];
}

describe("http provider = sandbox semantics", () => {
  it("ends in the same account as the domain core for every kind and action", async () => {
    const local = start();
    const ctx = {
      now: "2026-01-03T00:00:00.000Z",
      newId: (p: string) => `${p}_${Math.random().toString(16).slice(2)}`,
      workspaceIds: new Map<string, string>(),
      resolveSecret: (r: { env: string }) => secrets[r.env]!,
    };
    for (const phase of phases()) for (const c of phase.changes) applyChange(local, c, ctx);

    const emu = await startEmulator({ initialState: start(), adminKey: "hgw_sa_equiv" });
    try {
      const p = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey, rateLimit: 1000 });
      for (const phase of phases()) await runChanges(p, phase.changes, { secrets, concurrency: 1 });
      const remote = await p.read();
      expect(comparable(remote)).toEqual(comparable(local));
      // The phases did what they say (so equality is not two no-ops agreeing).
      expect(remote.workspaces.map((w) => w.name)).toContain("client-x2");
      expect(remote.workspaces.map((w) => w.name)).not.toContain("emea");
      expect(remote.members.some((m) => m.email === "joiner@example.com" && m.status === "active")).toBe(true);
      expect(remote.joinRequests).toEqual([]);
      expect(remote.apiKeys).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
