// Export: the account as a spec that loads back with no errors and normalizes to exactly what
// the account holds. The planner round trip is in round-trip-plan.test.ts.

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { exportSpec, exportSpecObject } from "../../src/export/to-spec.js";
import { defaultAccount } from "../../src/domain/index.js";
import { displayPath } from "../../src/model/address.js";
import type { DesiredAccount } from "../../src/model/desired.js";
import type { Diagnostic } from "../../src/model/diagnostics.js";
import type { AccountState, WorkspaceState } from "../../src/model/state.js";
import { loadSpec, loadSpecObject } from "../../src/spec/index.js";
import { tempDir } from "../helpers/cli.js";
import {
  NOW,
  SHARE_PASSWORD,
  expiredInvitationAccount,
  removedContentUserAccount,
  richAccount,
} from "./accounts.js";

const errors = (d: Diagnostic[]): Diagnostic[] => d.filter((x) => x.severity === "error");

/** Loads the exported text from a real file, as `hgw validate` would. */
async function loadText(text: string): Promise<{ desired: DesiredAccount | null; diagnostics: Diagnostic[] }> {
  const t = await tempDir("hgw-export-");
  try {
    await writeFile(join(t.dir, "spec.yaml"), text);
    return await loadSpec(["spec.yaml"], { cwd: t.dir });
  } finally {
    await t.cleanup();
  }
}

/** The comment lines right above the first line matching `line`, unwrapped into one string. */
function commentAbove(text: string, line: RegExp): string {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => line.test(l));
  expect(at, `no line matches ${line}`).toBeGreaterThan(-1);
  const out: string[] = [];
  for (let i = at - 1; i >= 0 && /^\s*#/.test(lines[i]!); i--) out.unshift(lines[i]!.replace(/^\s*# ?/, ""));
  return out.join(" ");
}

/** The document's leading comment, unwrapped. */
function headerOf(text: string): string {
  const lines = text.split("\n");
  const end = lines.findIndex((l) => l.trim() !== "" && !l.startsWith("#"));
  return lines.slice(0, end).filter((l) => l.startsWith("#")).map((l) => l.replace(/^# ?/, "")).join(" ");
}

function pathOf(s: AccountState, w: WorkspaceState): string {
  const names: string[] = [];
  for (let cur: WorkspaceState | undefined = w; cur && cur.parentId !== null; cur = s.workspaces.find((x) => x.id === cur!.parentId)) {
    names.unshift(cur.name);
  }
  return names.join("/");
}

/** Every managed value in `desired` equals the account's: what "plan shows no changes" rests on. */
function expectMirrors(desired: DesiredAccount, s: AccountState): void {
  expect(desired.workspaces.map((w) => w.path).sort()).toEqual(s.workspaces.map((w) => pathOf(s, w)).sort());
  for (const w of s.workspaces) {
    const d = desired.workspaces.find((x) => x.path === pathOf(s, w))!;
    const where = displayPath(d.path);
    expect(d.name, where).toBe(w.name);
    if (w.parentId !== null) {
      expect(d.id, where).toBe(w.id);
      expect(d.billing, where).toBe(w.billing);
      expect(d.apiAccess, where).toBe(w.apiAccess);
      expect(d.deletionProtection, where).toBe(w.deletionProtection);
      expect(d.image, where).toBe(w.image);
      expect(d.allocation, where).toEqual(w.billing === "parent" ? w.allocation : null);
      expect(d.subscription, where).toEqual(w.billing === "own" ? w.subscription : null);
    }
    for (const [k, v] of Object.entries(d.settings)) expect(v, `${where} settings.${k}`).toEqual(w.settings[k as keyof typeof w.settings]);
    expect(d.memberOwnership).toBe("authoritative");
    expect(d.ignoreMembers).toEqual([]);
    const held = s.members.filter((m) => m.workspaceId === w.id).map((m) => `${m.email} ${m.role}`).sort();
    expect(d.members?.map((m) => `${m.email} ${m.role}`).sort(), where).toEqual(held);
  }
  const shares = (list: string[]): string[] => [...list].sort();
  expect(shares(desired.assetShares.map((a) => `${a.type}:${a.id} ${a.fromPath}->${a.toPath}`))).toEqual(
    shares(
      s.assetShares.map(
        (a) =>
          `${a.assetType}:${a.assetId} ${pathOf(s, s.workspaces.find((w) => w.id === a.fromWorkspaceId)!)}->${pathOf(s, s.workspaces.find((w) => w.id === a.toWorkspaceId)!)}`,
      ),
    ),
  );
  for (const c of desired.contentShares) {
    const held = s.content.find((x) => x.type === c.type && x.id === c.id)!;
    expect(pathOf(s, s.workspaces.find((w) => w.id === held.workspaceId)!)).toBe(c.workspacePath);
    if (c.generalAccess !== null) expect(c.generalAccess).toBe(held.generalAccess);
    if (c.users !== null) expect(c.users.map((u) => ({ email: u.email, access: u.access }))).toEqual(held.users);
    // Export writes no end dates: the account holds none.
    for (const u of c.users ?? []) expect(u.expires).toBeNull();
    if (c.sharePage?.publicPublishing !== undefined) expect(c.sharePage.publicPublishing).toBe(held.sharePage.publicPublishing);
    if (c.sharePage?.captions !== undefined) expect(c.sharePage.captions).toBe(held.sharePage.captions);
    expect(c.sharePage?.password).toBeUndefined();
  }
}

describe("exportSpecObject / exportSpec", () => {
  it("exports the default account so that it loads back and mirrors the account", async () => {
    const s = defaultAccount(NOW);
    const obj = exportSpecObject(s);
    const fromObject = loadSpecObject(obj);
    expect(errors(fromObject.diagnostics)).toEqual([]);
    expectMirrors(fromObject.desired!, s);

    const text = exportSpec(s, { now: NOW });
    expect(parse(text)).toEqual(obj);
    const fromText = await loadText(text);
    expect(errors(fromText.diagnostics)).toEqual([]);
    expectMirrors(fromText.desired!, s);
    // Every content item is written with its sharing, as new content is shared or not, so that
    // a later change to it shows as drift; the pending invitation is a member.
    expect(obj.contentShares?.map((c) => `${c.type}:${c.id} ${c.generalAccess}`)).toEqual(
      s.content.map((c) => `${c.type}:${c.id} ${c.generalAccess}`),
    );
    expect(obj.subWorkspaces?.[0]?.members).toEqual([{ email: "reviewer@client-a.example", role: "viewer" }]);
  });

  it("starts with the editor's schema comment and says what it was exported from", () => {
    const text = exportSpec(defaultAccount(NOW), { now: NOW, schemaRef: "../schema/workspaces.schema.json", from: "sandbox" });
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../schema/workspaces.schema.json");
    expect(text).toMatch(/"Acme Agency" \(acct_acme\)/);
    expect(headerOf(text)).toMatch(/`hgw plan` on this file shows no changes until the account or the file changes\./);
    expect(text).toMatch(/from the sandbox\s+(#\s+)?provider at 2026-11-25T10:00:00.000Z/);
    expect(commentAbove(text, /- email: reviewer@client-a.example/)).toBe("invitation sent 2026-11-24, not yet accepted (expires 2026-12-01)");
  });

  it("exports nested own billing, API access, settings, shares and content sharing exactly", async () => {
    const { state } = richAccount();
    const obj = exportSpecObject(state);
    const { desired, diagnostics } = loadSpecObject(obj);
    expect(errors(diagnostics)).toEqual([]);
    expectMirrors(desired!, state);

    const text = exportSpec(state, { now: NOW });
    const back = await loadText(text);
    expect(errors(back.diagnostics)).toEqual([]);
    expectMirrors(back.desired!, state);

    const partner = obj.subWorkspaces?.find((w) => w.name === "emea-partner");
    expect(partner).toMatchObject({
      id: "ws_partner",
      billing: "own",
      apiAccess: true,
      deletionProtection: true,
      subscription: { seats: 10, avatarSlots: 4, generativeCredits: 5000, apiCredits: 1000 },
      // every setting, defaults too: an absent key is not managed
      settings: {
        joinPolicy: "request",
        joinDomains: [],
        whoCanInvite: "super_admins_and_developers",
        publicInviteLink: false,
        defaultSharing: "workspace",
        unlistedJoinRequests: "ignore",
      },
    });
    expect(partner?.allocation).toBeUndefined();
    expect(partner?.subWorkspaces?.map((w) => [w.name, w.id, w.billing])).toEqual([
      ["emea-north", "ws_north", "parent"],
      ["emea-south", "ws_south", "own"],
    ]);
    expect(partner?.subWorkspaces?.[0]).toMatchObject({ image: "logos/north.png", allocation: { seats: 2, avatarSlots: 1, generativeCredits: 800, apiCredits: 0 } });
    expect(partner?.subWorkspaces?.[1]?.settings).toEqual({
      joinPolicy: "email_domain",
      joinDomains: ["south.example"],
      whoCanInvite: "super_admins",
      publicInviteLink: false,
      defaultSharing: "workspace",
      unlistedJoinRequests: "ignore",
    });
    expect(obj.workspace?.settings).toEqual({
      joinPolicy: "invite_only",
      joinDomains: [],
      whoCanInvite: "super_admins_and_developers",
      publicInviteLink: false,
      defaultSharing: "workspace",
      unlistedJoinRequests: "ignore",
    });
    expect(partner?.members).toEqual([
      { email: "lead@partner.example", role: "super_admin" },
      { email: "dev@partner.example", role: "developer" },
    ]);

    expect(obj.assetShares).toEqual([
      { type: "avatar", id: "av_anna", to: ["client-a", "emea-partner"] },
      { type: "brand_kit", id: "bk_acme", to: ["client-a"] },
      { type: "voice", id: "vc_emea", from: "emea-partner", to: ["emea-partner/emea-north"] },
    ]);
    expect(obj.contentShares).toEqual([
      {
        type: "folder",
        id: "fd_campaigns",
        generalAccess: "selected",
        users: [
          { email: "ops@acme.example", access: "edit" },
          { email: "legacy@acme.example", access: "view" },
        ],
        sharePage: { publicPublishing: false, captions: true },
      },
      { type: "video", id: "vd_launch", generalAccess: "only_me", users: [], sharePage: { publicPublishing: true, captions: false } },
      // left only_me while the workspace now shares new content with everyone
      { type: "project", id: "pj_onboarding", generalAccess: "only_me", users: [], sharePage: { publicPublishing: false, captions: false } },
      { type: "project", id: "pj_emea", workspace: "emea-partner", generalAccess: "only_me", users: [], sharePage: { publicPublishing: false, captions: false } },
    ]);
  });

  it("leaves a share-page password out, says so beside it, and writes no secret", () => {
    const { state, apiKeySecret } = richAccount();
    const text = exportSpec(state, { now: NOW });
    expect(text).not.toMatch(/^\s+password:/m);
    const note = commentAbove(text, /^\s+sharePage:\n?/);
    expect(note).toMatch(/^A password is set on this share page\. .* To manage it, add `password: \{ env: NAME \}`/);
    expect(text).toMatch(/# folder "Campaigns"\n(\s+#.*\n)*\s+- type: folder\n\s+id: fd_campaigns\n(.*\n){6}(\s+#.*\n)+\s+sharePage:\n\s+publicPublishing: false\n\s+captions: true/);
    const digest = state.content.find((c) => c.id === "fd_campaigns")!.sharePage.passwordDigest!;
    const key = state.apiKeys[0]!;
    expect(apiKeySecret).not.toBe("");
    for (const secret of [SHARE_PASSWORD, digest, apiKeySecret, key.secretHash!, key.keyId, "sha256:"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("names items in comments and notes a join request waiting without exporting it", () => {
    const text = exportSpec(richAccount().state, { now: NOW });
    expect(text).toMatch(/# avatar "Anna"\n\s+- type: avatar\n\s+id: av_anna/);
    expect(text).toMatch(/# folder "Campaigns"\n\s+- type: folder/);
    expect(commentAbove(text, /- name: client-a/)).toMatch(/^1 join request is waiting \(stranger@elsewhere.example\)\. Requests are not spec/);
    expect(text).not.toMatch(/email: stranger@/);
    expect(commentAbove(text, /^workspace:/)).toMatch(/^The spec has no place for the account's subscription \(seats 50, avatarSlots 20, generativeCredits 100000, apiCredits 50000\)/);
  });

  it("warns where planning will act on join requests because unlisted ones are denied", () => {
    const { state } = richAccount();
    state.workspaces.find((w) => w.id === "ws_client_a")!.settings.unlistedJoinRequests = "deny";
    const text = exportSpec(state, { now: NOW });
    expect(commentAbove(text, /- name: client-a/)).toMatch(/As unlistedJoinRequests is deny, `hgw plan` will deny 1 of them/);
    expect(headerOf(text)).toMatch(/`hgw plan` on this file shows no changes but these, which the comments below explain: deny 1 join request\./);
    expect(exportSpecObject(state).subWorkspaces?.[0]?.settings).toMatchObject({ unlistedJoinRequests: "deny" });
  });

  it("lists an expired invitation, with a comment that planning re-sends it", async () => {
    const s = expiredInvitationAccount();
    const text = exportSpec(s, { now: NOW });
    expect(commentAbove(text, /- email: reviewer@client-a.example/)).toMatch(/^invitation sent 2026-11-17, expired 2026-11-24; it still holds a seat\. `hgw plan` will re-send it/);
    expect(headerOf(text)).toMatch(/shows no changes but these, which the comments below explain: re-send 1 expired invitation\./);
    const back = await loadText(text);
    expect(errors(back.diagnostics)).toEqual([]);
    expectMirrors(back.desired!, s);
  });

  it("leaves content users out, with the reason, where the spec cannot list them", async () => {
    const s = removedContentUserAccount();
    const obj = exportSpecObject(s);
    const entry = obj.contentShares?.find((c) => c.id === "vd_launch");
    expect(entry).toEqual({ type: "video", id: "vd_launch", generalAccess: "selected", sharePage: { publicPublishing: false, captions: false } });
    const text = exportSpec(s, { now: NOW });
    expect(commentAbove(text, /- type: video/)).toMatch(/^video "Launch video"\. Its users are not written, so they are left as they are: legacy@acme.example is not a member/);
    const back = await loadText(text);
    expect(errors(back.diagnostics)).toEqual([]);
    expectMirrors(back.desired!, s);
  });

  it("keeps a name the spec cannot hold, with a comment, so validation points at it", async () => {
    const s = defaultAccount(NOW);
    s.workspaces[1]!.name = "client (a)";
    const text = exportSpec(s, { now: NOW });
    expect(commentAbove(text, /- name: client \(a\)/)).toMatch(/^The account names this workspace "client \(a\)", which a spec cannot/);
    const back = await loadText(text);
    expect(errors(back.diagnostics).map((d) => d.source?.line)).toContain(text.split("\n").findIndex((l) => l.includes("- name: client (a)")) + 1);
  });
});
