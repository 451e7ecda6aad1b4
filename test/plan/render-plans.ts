// Hand-built plans for the renderer tests: realistic payloads (schema/plan.schema.json) and
// addresses (src/model/address.ts), covering every action and every resource kind. Fake
// secrets sit where a careless renderer could leak them from.

import { address } from "../../src/model/address.js";
import type { Diagnostic } from "../../src/model/diagnostics.js";
import { summarize } from "../../src/plan/summary.js";
import { type Change, type JsonObject, PLAN_FORMAT_VERSION, type Plan } from "../../src/plan/types.js";

export const FAKE_SECRET = "FAKE-SECRET-7f3a9c21";
export const FAKE_KEY = "hgw_sk_FAKEkeyValue0000000000000000000000x9Qz";

const SPEC = "workspaces.yaml";
const at = (line: number, col: number) => ({ file: SPEC, line, col });

const settings = (over: JsonObject = {}): JsonObject => ({
  joinPolicy: "invite_only",
  joinDomains: [],
  whoCanInvite: "super_admins",
  publicInviteLink: false,
  defaultSharing: "workspace",
  unlistedJoinRequests: "ignore",
  ...over,
});

const quota = (seats: number, avatarSlots: number, generativeCredits: number, apiCredits: number): JsonObject => ({
  seats,
  avatarSlots,
  generativeCredits,
  apiCredits,
});

const subworkspace = (path: string, id: string | null, over: JsonObject = {}): JsonObject => ({
  workspacePath: path,
  workspaceId: id,
  name: path.split("/").pop()!,
  parentPath: "",
  parentId: "ws_main",
  billing: "parent",
  apiAccess: false,
  image: null,
  settings: settings(),
  deletionProtection: false,
  subscription: null,
  ...over,
});

const member = (path: string, id: string | null, email: string, role: string, status: string): JsonObject => ({
  workspacePath: path,
  workspaceId: id,
  email,
  role,
  status,
});

type Draft = Omit<Change, "seq" | "dependsOn"> & { dependsOn?: string[] };

export function planOf(drafts: Draft[], extra: Partial<Plan> = {}): Plan {
  const changes = drafts.map((d, i) => ({ ...d, seq: i + 1, dependsOn: d.dependsOn ?? [] }));
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    specDigest: "9f2c".padEnd(64, "0"),
    specFiles: [{ path: "workspaces.yaml", digest: "9f2c".padEnd(64, "0") }],
    options: { targets: [], allowDelete: false, maxRemovalShare: null },
    stateFingerprint: `sha256:${"a1b2".padEnd(64, "7")}`,
    provider: "sandbox",
    createdAt: "2026-11-25T10:00:00.000Z",
    changes,
    unmanaged: [],
    warnings: [],
    summary: summarize(changes),
    ...extra,
  };
}

const domains = Array.from({ length: 12 }, (_, i) => `brand-${String(i + 1).padStart(2, "0")}.agency.com`);

export function samplePlan(): Plan {
  const drafts: Draft[] = [
    {
      address: address.workspace(),
      kind: "workspace",
      action: "update",
      before: { workspacePath: "", workspaceId: "ws_main", name: "Acme Agency", settings: settings({ joinDomains: domains }) },
      after: {
        workspacePath: "",
        workspaceId: "ws_main",
        name: "Acme Agency",
        settings: settings({
          joinPolicy: "email_domain",
          joinDomains: [...domains.slice(0, 6), "brand-06b.agency.com", ...domains.slice(7)],
        }),
      },
      reason: "settings differ: joinPolicy, joinDomains",
      source: at(4, 3),
    },
    {
      address: address.subworkspace("client-a"),
      kind: "subworkspace",
      action: "update",
      before: subworkspace("client-a", "ws_a", {
        name: "client-a",
        image: "https://cdn.acme-agency.com/clients/client-a/logo-2024-square.png",
      }),
      after: subworkspace("client-a", "ws_a", {
        name: "client-alpha",
        image: "https://cdn.acme-agency.com/clients/client-a/logo-2025-square.png",
        apiAccess: true,
      }),
      reason: "renamed from client-a (formerNames); image and apiAccess differ",
      source: at(18, 5),
    },
    {
      address: address.subworkspace("client-b"),
      kind: "subworkspace",
      action: "create",
      before: null,
      after: subworkspace("client-b", null, { apiAccess: true, settings: settings({ joinDomains: ["client-b.com"] }) }),
      reason: "in the spec, not in the account",
      source: at(40, 5),
    },
    {
      address: address.allocation("client-a"),
      kind: "allocation",
      action: "update",
      before: { workspacePath: "client-a", workspaceId: "ws_a", ...quota(8, 4, 5000, 1000) },
      after: { workspacePath: "client-a", workspaceId: "ws_a", ...quota(5, 4, 3000, 1000) },
      reason: "allocation decreases (seats 8 → 5, generativeCredits 5000 → 3000)",
      source: at(24, 7),
    },
    {
      address: address.allocation("client-b"),
      kind: "allocation",
      action: "create",
      before: null,
      after: { workspacePath: "client-b", workspaceId: null, ...quota(3, 2, 2000, 500) },
      reason: "allocation for a new sub-workspace",
      source: at(44, 7),
      dependsOn: [address.subworkspace("client-b"), address.allocation("client-a")],
    },
    {
      address: address.apikey("client-b"),
      kind: "apikey",
      action: "create",
      before: null,
      after: { workspacePath: "client-b", workspaceId: null, keyId: null, last4: null },
      reason: "apiAccess is on",
      source: at(42, 7),
      dependsOn: [address.subworkspace("client-b")],
    },
    {
      address: address.apikey("client-a"),
      kind: "apikey",
      action: "replace",
      // A provider that leaked more than it should: none of it may be shown.
      before: { workspacePath: "client-a", workspaceId: "ws_a", keyId: "key_3kd9", last4: "x9Qz", secretHash: FAKE_SECRET, value: FAKE_KEY },
      after: { workspacePath: "client-a", workspaceId: "ws_a", keyId: null, last4: null },
      reason: "rotate: the spec asks for a new key (rotateKey)",
      source: at(21, 7),
    },
    {
      address: address.member("client-b", "dana@client-b.com"),
      kind: "member",
      action: "create",
      before: null,
      after: member("client-b", null, "dana@client-b.com", "creator", "invited"),
      reason: "invite",
      source: at(47, 11),
      dependsOn: [address.subworkspace("client-b")],
    },
    {
      address: address.member("client-a", "bob@client-a.com"),
      kind: "member",
      action: "update",
      before: member("client-a", "ws_a", "bob@client-a.com", "creator", "active"),
      after: member("client-a", "ws_a", "bob@client-a.com", "developer", "active"),
      reason: "role creator → developer",
      source: at(29, 11),
    },
    {
      address: address.member("client-a", "carol@client-a.com"),
      kind: "member",
      action: "replace",
      before: member("client-a", "ws_a", "carol@client-a.com", "viewer", "expired"),
      after: member("client-a", "ws_a", "carol@client-a.com", "viewer", "invited"),
      reason: "the invitation expired on 2026-11-20; re-send it",
      source: at(31, 11),
    },
    {
      address: address.member("client-a", "eve@client-a.com"),
      kind: "member",
      action: "delete",
      before: member("client-a", "ws_a", "eve@client-a.com", "super_admin", "active"),
      after: null,
      reason: "not in the spec (members are authoritative)",
      source: null,
    },
    {
      address: address.joinRequest("client-a", "frank@client-a.com"),
      kind: "join_request",
      action: "approve",
      before: { workspacePath: "client-a", workspaceId: "ws_a", requestId: "jr_41", email: "frank@client-a.com", role: null },
      after: { workspacePath: "client-a", workspaceId: "ws_a", requestId: "jr_41", email: "frank@client-a.com", role: "viewer" },
      reason: "listed in the spec as viewer",
      source: at(33, 11),
    },
    {
      address: address.joinRequest("client-a", "mallory@elsewhere.example"),
      kind: "join_request",
      action: "deny",
      before: { workspacePath: "client-a", workspaceId: "ws_a", requestId: "jr_42", email: "mallory@elsewhere.example", role: null },
      after: null,
      reason: "not listed, and unlistedJoinRequests is deny",
      source: at(20, 9),
    },
    {
      address: address.assetShare("avatar", "av_123", "client-b"),
      kind: "asset_share",
      action: "create",
      before: null,
      after: { assetType: "avatar", assetId: "av_123", fromPath: "", fromWorkspaceId: "ws_main", toPath: "client-b", toWorkspaceId: null },
      reason: "shared in the spec",
      source: at(60, 5),
      dependsOn: [address.subworkspace("client-b")],
    },
    {
      address: address.assetShare("voice", "vo_7", "client-a"),
      kind: "asset_share",
      action: "delete",
      before: { assetType: "voice", assetId: "vo_7", fromPath: "", fromWorkspaceId: "ws_main", toPath: "client-a", toWorkspaceId: "ws_a" },
      after: null,
      reason: "no longer shared in the spec",
      source: null,
    },
    {
      address: address.contentShare("folder", "fd_9"),
      kind: "content_share",
      action: "update",
      before: {
        workspacePath: "client-a",
        workspaceId: "ws_a",
        type: "folder",
        id: "fd_9",
        generalAccess: "only_me",
        users: [{ email: "bob@client-a.com", access: "view" }],
        sharePage: { passwordSet: false, passwordDigest: FAKE_SECRET, publicPublishing: false, captions: true },
      },
      after: {
        workspacePath: "client-a",
        workspaceId: "ws_a",
        type: "folder",
        id: "fd_9",
        generalAccess: "selected",
        users: [
          { email: "bob@client-a.com", access: "edit" },
          { email: "frank@client-a.com", access: "view" },
        ],
        sharePage: { password: { env: "FD9_SHARE_PASSWORD" }, publicPublishing: false, captions: true },
      },
      reason: "sharing differs: generalAccess, users, share-page password",
      source: at(70, 5),
    },
    {
      address: address.contentShare("video", "vd_3"),
      kind: "content_share",
      action: "update",
      before: {
        workspacePath: "",
        workspaceId: "ws_main",
        type: "video",
        id: "vd_3",
        generalAccess: "workspace",
        users: [],
        sharePage: { passwordSet: true, passwordDigest: `salted-sha256:00ff:${FAKE_SECRET}`, publicPublishing: false, captions: false },
      },
      after: {
        workspacePath: "",
        workspaceId: "ws_main",
        type: "video",
        id: "vd_3",
        generalAccess: "workspace",
        users: [],
        sharePage: { password: null, publicPublishing: true, captions: false },
      },
      reason: "share page: password removed, published to the web",
      source: at(80, 5),
    },
    {
      address: address.contentShare("project", "pj_1"),
      kind: "content_share",
      action: "noop",
      before: {
        workspacePath: "",
        workspaceId: "ws_main",
        type: "project",
        id: "pj_1",
        generalAccess: "workspace",
        users: [],
        sharePage: { passwordSet: true, publicPublishing: false, captions: false },
      },
      after: {
        workspacePath: "",
        workspaceId: "ws_main",
        type: "project",
        id: "pj_1",
        generalAccess: "workspace",
        users: [],
        sharePage: { publicPublishing: false, captions: false },
      },
      reason: "matches the spec",
      source: at(90, 5),
    },
    {
      address: address.subworkspace("old-client"),
      kind: "subworkspace",
      action: "delete",
      before: subworkspace("old-client", "ws_old", { billing: "own", parentId: "ws_main", subscription: quota(5, 2, 1000, 0) }),
      after: null,
      reason: "not in the spec; --allow-delete given",
      source: null,
      dependsOn: [address.member("client-a", "eve@client-a.com")],
    },
  ];
  const warnings: Diagnostic[] = [
    {
      severity: "warning",
      code: "invitation-stale",
      message: "the invitation to carol@client-a.com was first sent 40 days ago and is still not accepted",
      hint: "ask them to accept it, or remove them from the spec",
      source: at(31, 11),
      address: address.member("client-a", "carol@client-a.com"),
    },
    { severity: "warning", code: "deprecated-key", message: "`rotateKey: true` is deprecated; use `rotateKey: 2026-11-25`" },
  ];
  return planOf(drafts, {
    unmanaged: [
      { address: address.subworkspace("legacy"), reason: "in the account, not in the spec; pass --allow-delete to delete it" },
      { address: address.member("workspace", "support@heygen.com"), reason: "matches ignoreMembers support@*" },
    ],
    warnings,
  });
}

/** `n` invitations spread over 50 workspaces: far more than one PR comment can hold. */
export function bigPlan(n: number): Plan {
  const drafts: Draft[] = [];
  for (let i = 0; i < n; i++) {
    const path = `client-${String(i % 50).padStart(2, "0")}`;
    const email = `person-${String(i).padStart(5, "0")}@${path}.example.com`;
    drafts.push({
      address: address.member(path, email),
      kind: "member",
      action: "create",
      before: null,
      after: member(path, `ws_${i % 50}`, email, i % 3 === 0 ? "developer" : "creator", "invited"),
      reason: "invite",
      source: at(100 + i, 11),
    });
  }
  return planOf(drafts);
}
