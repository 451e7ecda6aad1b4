// The REST contract's snake_case bodies (schema/admin-api.openapi.yaml, types generated in
// wire.gen.ts) and their mapping to and from the model's camelCase state. The emulator and
// the HTTP provider both use it, so the two sides cannot disagree on a field name.

import {
  passwordVersionOf,
  type ApiKeyState,
  type AssetShareState,
  type AssetState,
  type ContentState,
  type JoinRequestState,
  type MemberState,
  type Quota,
  type WorkspaceSettings,
  type WorkspaceState,
} from "../model/state.js";
import type {
  WireApiKey,
  WireAssetShare,
  WireAsset,
  WireContent,
  WireJoinRequest,
  WireMember,
  WireQuota,
  WireSettings,
  WireSettingsPatch,
  WireWorkspace,
} from "./wire.gen.js";

export type * from "./wire.gen.js";

/** Any list page of the contract (`WorkspacePage`, `MemberPage`, …). */
export interface WirePage<T> {
  data: T[];
  has_more: boolean;
  next_token: string | null;
  /** On a first page asked for with `parallel`: cursors over disjoint parts of the rest, to walk at once. */
  next_tokens?: string[];
}

export const quotaToWire = (q: Quota): WireQuota => ({
  seats: q.seats,
  avatar_slots: q.avatarSlots,
  generative_credits: q.generativeCredits,
  api_credits: q.apiCredits,
});

export const quotaFromWire = (q: WireQuota): Quota => ({
  seats: q.seats,
  avatarSlots: q.avatar_slots,
  generativeCredits: q.generative_credits,
  apiCredits: q.api_credits,
});

export const settingsToWire = (s: WorkspaceSettings): WireSettings => ({
  join_policy: s.joinPolicy,
  join_domains: [...s.joinDomains],
  who_can_invite: s.whoCanInvite,
  public_invite_link: s.publicInviteLink,
  default_sharing: s.defaultSharing,
  unlisted_join_requests: s.unlistedJoinRequests,
});

export const settingsFromWire = (s: WireSettings): WorkspaceSettings => ({
  joinPolicy: s.join_policy,
  joinDomains: [...s.join_domains],
  whoCanInvite: s.who_can_invite,
  publicInviteLink: s.public_invite_link,
  defaultSharing: s.default_sharing,
  unlistedJoinRequests: s.unlisted_join_requests,
});

/** A partial settings patch from the wire, keeping only the keys that were sent. */
export function settingsPatchFromWire(s: WireSettingsPatch): Partial<WorkspaceSettings> {
  const out: Partial<WorkspaceSettings> = {};
  if (s.join_policy !== undefined) out.joinPolicy = s.join_policy;
  if (s.join_domains !== undefined) out.joinDomains = [...s.join_domains];
  if (s.who_can_invite !== undefined) out.whoCanInvite = s.who_can_invite;
  if (s.public_invite_link !== undefined) out.publicInviteLink = s.public_invite_link;
  if (s.default_sharing !== undefined) out.defaultSharing = s.default_sharing;
  if (s.unlisted_join_requests !== undefined) out.unlistedJoinRequests = s.unlisted_join_requests;
  return out;
}

export const workspaceToWire = (w: WorkspaceState): WireWorkspace => ({
  id: w.id,
  name: w.name,
  parent_id: w.parentId,
  image: w.image,
  billing: w.billing,
  api_access: w.apiAccess,
  allocation: w.allocation ? quotaToWire(w.allocation) : null,
  subscription: w.subscription ? quotaToWire(w.subscription) : null,
  usage: quotaToWire(w.usage),
  settings: settingsToWire(w.settings),
  deletion_protection: w.deletionProtection,
  created_at: w.createdAt,
});

export const workspaceFromWire = (w: WireWorkspace): WorkspaceState => ({
  id: w.id,
  name: w.name,
  parentId: w.parent_id,
  image: w.image,
  billing: w.billing,
  apiAccess: w.api_access,
  allocation: w.allocation ? quotaFromWire(w.allocation) : null,
  subscription: w.subscription ? quotaFromWire(w.subscription) : null,
  usage: quotaFromWire(w.usage),
  settings: settingsFromWire(w.settings),
  deletionProtection: w.deletion_protection,
  createdAt: w.created_at,
});

export const memberToWire = (m: MemberState): WireMember => ({
  workspace_id: m.workspaceId,
  email: m.email,
  role: m.role,
  status: m.status,
  invited_at: m.invitedAt,
  expires_at: m.expiresAt,
});

export const memberFromWire = (m: WireMember): MemberState => ({
  workspaceId: m.workspace_id,
  email: m.email,
  role: m.role,
  status: m.status,
  invitedAt: m.invited_at,
  expiresAt: m.expires_at,
});

export const joinRequestToWire = (r: JoinRequestState): WireJoinRequest => ({
  id: r.id,
  workspace_id: r.workspaceId,
  email: r.email,
  requested_at: r.requestedAt,
});

export const joinRequestFromWire = (r: WireJoinRequest): JoinRequestState => ({
  id: r.id,
  workspaceId: r.workspace_id,
  email: r.email,
  requestedAt: r.requested_at,
});

export const apiKeyToWire = (k: ApiKeyState): WireApiKey => ({
  workspace_id: k.workspaceId,
  key_id: k.keyId,
  last4: k.last4,
  created_at: k.createdAt,
  delivered: k.delivered !== false,
  ...(k.previous ? { previous: { key_id: k.previous.keyId, last4: k.previous.last4, created_at: k.previous.createdAt } } : {}),
});

export const apiKeyFromWire = (k: WireApiKey): ApiKeyState => ({
  workspaceId: k.workspace_id,
  keyId: k.key_id,
  last4: k.last4,
  createdAt: k.created_at,
  ...(k.delivered === false ? { delivered: false as const } : {}),
  ...(k.previous ? { previous: { keyId: k.previous.key_id, last4: k.previous.last4, createdAt: k.previous.created_at } } : {}),
});

export const assetToWire = (a: AssetState): WireAsset => ({
  id: a.id,
  type: a.type,
  name: a.name,
  workspace_id: a.workspaceId,
});

export const assetFromWire = (a: WireAsset): AssetState => ({
  id: a.id,
  type: a.type,
  name: a.name,
  workspaceId: a.workspace_id,
});

export const assetShareToWire = (s: AssetShareState): WireAssetShare => ({
  asset_type: s.assetType,
  asset_id: s.assetId,
  from_workspace_id: s.fromWorkspaceId,
  to_workspace_id: s.toWorkspaceId,
});

export const assetShareFromWire = (s: WireAssetShare): AssetShareState => ({
  assetType: s.asset_type,
  assetId: s.asset_id,
  fromWorkspaceId: s.from_workspace_id,
  toWorkspaceId: s.to_workspace_id,
});

export const contentToWire = (c: ContentState): WireContent => ({
  id: c.id,
  type: c.type,
  name: c.name,
  workspace_id: c.workspaceId,
  general_access: c.generalAccess,
  users: c.users.map((u) => ({ email: u.email, access: u.access })),
  share_page: {
    password_set: c.sharePage.passwordSet,
    password_version: passwordVersionOf(c.sharePage),
    public_publishing: c.sharePage.publicPublishing,
    captions: c.sharePage.captions,
  },
});

export const contentFromWire = (c: WireContent): ContentState => ({
  id: c.id,
  type: c.type,
  name: c.name,
  workspaceId: c.workspace_id,
  generalAccess: c.general_access,
  users: c.users.map((u) => ({ email: u.email, access: u.access })),
  sharePage: {
    passwordSet: c.share_page.password_set,
    // The digest stays with the server; the version says when the password changed.
    passwordDigest: null,
    ...(c.share_page.password_version > 0 ? { passwordVersion: c.share_page.password_version } : {}),
    publicPublishing: c.share_page.public_publishing,
    captions: c.share_page.captions,
  },
});
