import { describe, expect, it } from "vitest";
import { checkAccount, defaultAccount } from "../../src/domain/index.js";
import { NOW } from "./helpers.js";

// checkAccount on states the operations would never produce (hand-edited, or from a provider).
describe("checkAccount", () => {
  it("names each broken invariant with its limit and overshoot", () => {
    const s = defaultAccount(NOW);
    const main = s.workspaces[0]!;
    const a = s.workspaces[1]!;
    main.subscription!.seats = 4; // 2 members + 3 allocated = 5
    a.usage.generativeCredits = 2500; // allocation 2000
    s.workspaces.push({ ...a, id: "ws_nested", name: "nested", parentId: "ws_client_a", allocation: { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 }, usage: { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } });
    s.members.push({ workspaceId: "ws_main", email: "viewer@acme.example", role: "viewer", status: "active", invitedAt: null, expiresAt: null });
    s.content[0]!.users = [{ email: "viewer@acme.example", access: "edit" }];
    s.apiKeys.push({ workspaceId: "ws_client_a", keyId: "key_1", last4: "abcd", createdAt: NOW });
    s.assetShares.push({ assetType: "avatar", assetId: "av_gone", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_client_a" });
    s.assetShares.push({ assetType: "voice", assetId: "vc_narrator", fromWorkspaceId: "ws_main", toWorkspaceId: "ws_gone" });
    const v = checkAccount(s);
    const by = (code: string) => v.filter((x) => x.code === code).map((x) => x.message);
    expect(by("seat_limit")).toEqual([
      'seat limit of workspace "Acme Agency" exceeded by 2: 3 members (active + invited) + 3 allocated to sub-workspaces = 6 > 4 seats in its subscription',
    ]);
    expect(by("insufficient_credit")).toEqual(['generative credit allocation of "client-a" exceeded by 500: 2,500 used > 2,000 generative credits allocated']);
    expect(by("validation_error")).toEqual([
      '"client-a/nested" is nested under "client-a", which is billed by its parent; nesting is only allowed under own billing',
      'folder fd_campaigns gives edit access to viewer@acme.example, a viewer in workspace "Acme Agency"; viewers are always view-only',
    ]);
    expect(by("forbidden")).toEqual(['"client-a" has an API key but no API access']);
    expect(by("not_found")).toEqual([
      "share of avatar av_gone: the avatar does not exist",
      "share of voice vc_narrator: target workspace ws_gone does not exist",
    ]);
  });

  it("counts credits against the root's pool together with children's allocations", () => {
    const s = defaultAccount(NOW);
    s.workspaces[0]!.usage.apiCredits = 50001;
    expect(checkAccount(s)).toEqual([
      {
        code: "insufficient_credit",
        workspaceId: "ws_main",
        message: 'API credit limit of workspace "Acme Agency" exceeded by 1: 50,001 used + 0 allocated to sub-workspaces = 50,001 > 50,000 API credits in its subscription',
      },
    ]);
  });
});
