/* Generated from schema/admin-api.openapi.yaml by `npm run gen`. Do not edit by hand. */

export type WireRole = "super_admin" | "developer" | "creator" | "viewer";
export type WireMemberStatus = "active" | "invited";
export type WireBilling = "parent" | "own";
export type WireAssetType = "avatar" | "voice" | "brand_kit" | "template";
export type WireContentType = "project" | "folder" | "video";

/**
 * Every schema of the REST contract by its name in `components.schemas`.
 */
export interface WireSchemas {
  Error: WireError;
  Quota: WireQuota;
  Role: WireRole;
  MemberStatus: WireMemberStatus;
  Billing: WireBilling;
  AssetType: WireAssetType;
  ContentType: WireContentType;
  Settings: WireSettings;
  SettingsPatch: WireSettingsPatch;
  Account: WireAccount;
  Workspace: WireWorkspace;
  WorkspaceCreate: WireWorkspaceCreate;
  WorkspaceUpdate: WireWorkspaceUpdate;
  WorkspaceResponse: WireWorkspaceResponse;
  WorkspacePage: WireWorkspacePage;
  Member: WireMember;
  Invitation: WireInvitation;
  RoleChange: WireRoleChange;
  MemberResponse: WireMemberResponse;
  MemberPage: WireMemberPage;
  JoinRequest: WireJoinRequest;
  JoinRequestPage: WireJoinRequestPage;
  ApiKey: WireApiKey;
  PreviousApiKey: WirePreviousApiKey;
  ApiKeyResponse: WireApiKeyResponse;
  ApiKeyCreate: WireApiKeyCreate;
  ApiKeyConfirm: WireApiKeyConfirm;
  ApiKeySecretResponse: WireApiKeySecretResponse;
  ApiKeyPage: WireApiKeyPage;
  Asset: WireAsset;
  AssetPage: WireAssetPage;
  AvatarV2: WireAvatarV2;
  TalkingPhotoV2: WireTalkingPhotoV2;
  AvatarListV2: WireAvatarListV2;
  VoiceV2: WireVoiceV2;
  VoiceListV2: WireVoiceListV2;
  TemplateV2: WireTemplateV2;
  TemplateListV2: WireTemplateListV2;
  AssetShare: WireAssetShare;
  AssetShareResponse: WireAssetShareResponse;
  AssetSharePage: WireAssetSharePage;
  ContentUser: WireContentUser;
  SharePage: WireSharePage;
  Content: WireContent;
  ContentSharingUpdate: WireContentSharingUpdate;
  PasswordCheck: WirePasswordCheck;
  PasswordCheckResponse: WirePasswordCheckResponse;
  ContentResponse: WireContentResponse;
  ContentPage: WireContentPage;
  DeletedResponse: WireDeletedResponse;
}
export interface WireError {
  error: {
    code:
      | "not_found"
      | "forbidden"
      | "unauthorized"
      | "conflict"
      | "insufficient_credit"
      | "rate_limit_exceeded"
      | "validation_error"
      | "precondition_failed"
      | "internal_error";
    message: string;
    param: string | null;
  };
}
export interface WireQuota {
  seats: number;
  avatar_slots: number;
  generative_credits: number;
  api_credits: number;
}
export interface WireSettings {
  join_policy: "invite_only" | "request" | "email_domain";
  join_domains: string[];
  who_can_invite: "super_admins" | "super_admins_and_developers" | "all_members";
  public_invite_link: boolean;
  default_sharing: "only_me" | "workspace";
  unlisted_join_requests: "deny" | "ignore";
}
export interface WireSettingsPatch {
  join_policy?: "invite_only" | "request" | "email_domain";
  join_domains?: string[];
  who_can_invite?: "super_admins" | "super_admins_and_developers" | "all_members";
  public_invite_link?: boolean;
  default_sharing?: "only_me" | "workspace";
  unlisted_join_requests?: "deny" | "ignore";
}
export interface WireAccount {
  id: string;
  name: string;
  main_workspace_id: string;
  subscription: WireQuota;
  usage: WireQuota;
  /**
   * Members and invitations of the main workspace plus the seats allocated to its parent-billed children.
   */
  seats_used: number;
}
export interface WireWorkspace {
  id: string;
  name: string;
  /**
   * null for the main workspace
   */
  parent_id: string | null;
  image: string | null;
  billing: WireBilling;
  api_access: boolean;
  /**
   * Parent-billed sub-workspaces only.
   */
  allocation: WireQuota | null;
  /**
   * Own-billed workspaces (and the main one) only.
   */
  subscription: WireQuota | null;
  usage: WireQuota;
  settings: WireSettings;
  deletion_protection: boolean;
  created_at: string;
}
export interface WireWorkspaceCreate {
  name: string;
  parent_id: string;
  billing: WireBilling;
  api_access?: boolean;
  image?: string | null;
  settings?: WireSettingsPatch;
  deletion_protection?: boolean;
  /**
   * Required for own billing; absent or null for parent billing.
   */
  subscription?: WireQuota | null;
}
export interface WireWorkspaceUpdate {
  name?: string;
  billing?: WireBilling;
  api_access?: boolean;
  image?: string | null;
  settings?: WireSettingsPatch;
  deletion_protection?: boolean;
  subscription?: WireQuota | null;
}
export interface WireWorkspaceResponse {
  data: WireWorkspace;
}
export interface WireWorkspacePage {
  data: WireWorkspace[];
  has_more: boolean;
  next_token: string | null;
  /**
   * Only on a first page asked for with `parallel`; cursors over disjoint parts of the rest of the list.
   *
   * @minItems 1
   */
  next_tokens?: [string, ...string[]];
}
export interface WireMember {
  workspace_id: string;
  /**
   * lower-case
   */
  email: string;
  role: WireRole;
  status: WireMemberStatus;
  invited_at: string | null;
  /**
   * when a pending invitation expires
   */
  expires_at: string | null;
}
export interface WireInvitation {
  email: string;
  role: WireRole;
}
export interface WireRoleChange {
  role: WireRole;
}
export interface WireMemberResponse {
  data: WireMember;
}
export interface WireMemberPage {
  data: WireMember[];
  has_more: boolean;
  next_token: string | null;
  /**
   * Only on a first page asked for with `parallel`; cursors over disjoint parts of the rest of the list.
   *
   * @minItems 1
   */
  next_tokens?: [string, ...string[]];
}
export interface WireJoinRequest {
  id: string;
  workspace_id: string;
  email: string;
  requested_at: string;
}
export interface WireJoinRequestPage {
  data: WireJoinRequest[];
  has_more: boolean;
  next_token: string | null;
}
export interface WireApiKey {
  workspace_id: string;
  key_id: string;
  /**
   * last four characters, to recognise a key
   */
  last4: string;
  created_at: string;
  /**
   * false for a key created with `await_delivery` whose creator has not confirmed that it stored the secret: nobody may hold it, and it should be rotated.
   */
  delivered: boolean;
  previous?: WirePreviousApiKey;
}
/**
 * The key a rotation with `keep_previous` replaced. It keeps working until `DELETE /v3/workspaces/{workspace_id}/api-key/previous`, so that a client can store the new key before the old one stops. Absent when there is none.
 */
export interface WirePreviousApiKey {
  key_id: string;
  last4: string;
  created_at: string;
}
export interface WireApiKeyResponse {
  data: WireApiKey;
}
export interface WireApiKeyCreate {
  /**
   * When the workspace has a key already, replace it (true) or refuse with 409 (false).
   */
  rotate?: boolean;
  /**
   * Hold the new key as undelivered (`delivered: false`) until `POST /v3/workspaces/{workspace_id}/api-key/confirm`, so that a client that dies between receiving the secret and storing it leaves a key that anyone can see was lost.
   */
  await_delivery?: boolean;
  /**
   * With `rotate`: the key being replaced keeps working as `previous` until it is revoked with `DELETE /v3/workspaces/{workspace_id}/api-key/previous`. An undelivered key is never kept (nobody holds it): the `previous` it had stays instead. A `previous` key that is neither of these (left by an earlier rotation) is revoked.
   */
  keep_previous?: boolean;
}
export interface WireApiKeyConfirm {
  /**
   * The key the caller stored; 409 when the workspace's key is another one now.
   */
  key_id: string;
}
export interface WireApiKeySecretResponse {
  data: {
    workspace_id: string;
    key_id: string;
    last4: string;
    created_at: string;
    /**
     * false when created with `await_delivery`, until confirmed
     */
    delivered: boolean;
    /**
     * the secret; returned once, never again
     */
    key: string;
    previous?: WirePreviousApiKey;
  };
}
export interface WireApiKeyPage {
  data: WireApiKey[];
  has_more: boolean;
  next_token: string | null;
}
export interface WireAsset {
  id: string;
  type: WireAssetType;
  name: string;
  /**
   * the workspace whose library holds it
   */
  workspace_id: string;
}
export interface WireAssetPage {
  data: WireAsset[];
  has_more: boolean;
  next_token: string | null;
}
/**
 * One avatar as HeyGen's `GET /v2/avatars` lists it. Only `avatar_id` and `avatar_name` are read by hgw.
 */
export interface WireAvatarV2 {
  avatar_id: string;
  avatar_name: string;
  gender?: string | null;
  preview_image_url?: string | null;
  preview_video_url?: string | null;
  premium?: boolean;
  type?: string | null;
  tags?: string[] | null;
  default_voice_id?: string | null;
}
/**
 * One talking photo (photo avatar) as HeyGen's `GET /v2/avatars` lists it; named as an avatar.
 */
export interface WireTalkingPhotoV2 {
  talking_photo_id: string;
  talking_photo_name: string;
  preview_image_url?: string | null;
}
export interface WireAvatarListV2 {
  /**
   * null on success
   */
  error: {
    [k: string]: unknown;
  };
  data: {
    avatars: WireAvatarV2[];
    talking_photos?: WireTalkingPhotoV2[];
  };
}
/**
 * One voice as HeyGen's `GET /v2/voices` lists it. Only `voice_id` and `name` are read by hgw.
 */
export interface WireVoiceV2 {
  voice_id: string;
  language?: string | null;
  gender?: string | null;
  name: string;
  preview_audio?: string | null;
  support_pause?: boolean;
  emotion_support?: boolean;
  support_interactive_avatar?: boolean;
  support_locale?: boolean;
}
export interface WireVoiceListV2 {
  /**
   * null on success
   */
  error: {
    [k: string]: unknown;
  };
  data: {
    voices: WireVoiceV2[];
  };
}
/**
 * One template as HeyGen's `GET /v2/templates` lists it. Only `template_id` and `name` are read by hgw.
 */
export interface WireTemplateV2 {
  template_id: string;
  name: string;
  thumbnail_image_url?: string | null;
  aspect_ratio?: string | null;
}
export interface WireTemplateListV2 {
  /**
   * null on success
   */
  error: {
    [k: string]: unknown;
  };
  data: {
    templates: WireTemplateV2[];
  };
}
export interface WireAssetShare {
  asset_type: WireAssetType;
  asset_id: string;
  from_workspace_id: string;
  to_workspace_id: string;
}
export interface WireAssetShareResponse {
  data: WireAssetShare;
}
export interface WireAssetSharePage {
  data: WireAssetShare[];
  has_more: boolean;
  next_token: string | null;
}
export interface WireContentUser {
  email: string;
  access: "view" | "edit";
}
export interface WireSharePage {
  password_set: boolean;
  /**
   * How many times the password has been set to another value or removed (0 when it never was). Never the password, nor a digest of it; the server alone keeps that (scrypt).
   */
  password_version: number;
  public_publishing: boolean;
  captions: boolean;
}
export interface WireContent {
  id: string;
  type: WireContentType;
  name: string;
  workspace_id: string;
  general_access: "only_me" | "selected" | "workspace";
  users: WireContentUser[];
  share_page: WireSharePage;
}
export interface WireContentSharingUpdate {
  general_access: "only_me" | "selected" | "workspace";
  users: WireContentUser[];
  share_page: {
    /**
     * Write-only. A string sets it, null removes it, absent leaves it as it is.
     */
    password?: string | null;
    public_publishing: boolean;
    captions: boolean;
  };
}
export interface WirePasswordCheck {
  password: string;
}
export interface WirePasswordCheckResponse {
  data: {
    matches: boolean;
  };
}
export interface WireContentResponse {
  data: WireContent;
}
export interface WireContentPage {
  data: WireContent[];
  has_more: boolean;
  next_token: string | null;
}
export interface WireDeletedResponse {
  data: {
    id: string;
    deleted: boolean;
  };
}
