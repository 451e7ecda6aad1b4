/* Generated from schema/plan.schema.json by `npm run gen`. Do not edit by hand. */

/**
 * kind `workspace` (the main one): update only.
 */
export type MainWorkspacePayload = WorkspaceRef & {
  name: string;
  settings: WorkspaceSettings;
};
export type NullableString = string | null;
/**
 * kind `subworkspace`: create | update | delete. On create a parent-billed one's allocation starts at zero. `allocation` is only on an update that switches own to parent billing: the allocation it starts with (its use when planned); without it the account takes the use at apply time.
 */
export type SubWorkspacePayload = WorkspaceRef & {
  name: string;
  parentPath: string;
  parentId: NullableString;
  billing: Billing;
  apiAccess: boolean;
  image: NullableString;
  settings: WorkspaceSettings;
  deletionProtection: boolean;
  /**
   * own billing only
   */
  subscription: null | Quota;
  allocation?: Quota;
};
export type Billing = "parent" | "own";
export type Count = number;
/**
 * kind `allocation`: create (after a sub-workspace create) | update. Always the full quota.
 */
export type AllocationPayload = WorkspaceRef & Quota;
/**
 * kind `apikey`: create (shown once) | replace (rotate: a new key is made and delivered, then the old one is revoked) | update (revoke the `previous` key a rotation left working) | delete (revoke). An API key by id and last four characters only; the key itself is never in a plan.
 */
export type ApiKeyPayload = WorkspaceRef & {
  keyId: NullableString;
  last4: string | null;
  /**
   * Present (false) only for a key made by an apply that stopped before it stored the key: nobody holds it.
   */
  delivered?: false;
  /**
   * The key a rotation replaced, still working until it is revoked once the new key is delivered. Absent when there is none.
   */
  previous?: {
    keyId: string;
    last4: string;
  };
};
/**
 * kind `member`: create (invite) | update (role) | replace (re-send an expired invitation) | delete (remove an active member or revoke an invitation).
 */
export type MemberPayload = WorkspaceRef & {
  email: string;
  role: Role;
  status: "active" | "invited" | "expired";
};
export type Role = "super_admin" | "developer" | "creator" | "viewer";
/**
 * kind `join_request`: approve (then a member with `role`) | deny.
 */
export type JoinRequestPayload = WorkspaceRef & {
  requestId: string;
  email: string;
  role: null | Role;
};
export type AssetType = "avatar" | "voice" | "brand_kit" | "template";
/**
 * kind `content_share`: update.
 */
export type ContentSharePayload = WorkspaceRef & {
  type: ContentType;
  id: string;
  generalAccess: GeneralAccess;
  users: ContentUser[];
  sharePage: SharePagePayload;
};
export type ContentType = "project" | "folder" | "video";
export type GeneralAccess = "only_me" | "selected" | "workspace";
export type ContentAccess = "view" | "edit";
export type ResourceKind =
  "workspace" | "subworkspace" | "allocation" | "apikey" | "member" | "join_request" | "asset_share" | "content_share";
export type Action = "create" | "update" | "delete" | "replace" | "approve" | "deny" | "noop";
export type MemberStatus = "active" | "invited";

/**
 * The payload each kind's changes carry in `before` and `after` (schema/plan.schema.json, `$defs.change`).
 */
export interface PayloadByKind {
  workspace: MainWorkspacePayload;
  subworkspace: SubWorkspacePayload;
  allocation: AllocationPayload;
  apikey: ApiKeyPayload;
  member: MemberPayload;
  join_request: JoinRequestPayload;
  asset_share: AssetSharePayload;
  content_share: ContentSharePayload;
}
/**
 * Every workspace-scoped payload names its workspace by path ("" is the main workspace) and, once it exists, by id. A provider finds it by id, else by an id made earlier in the same apply, else by path.
 */
export interface WorkspaceRef {
  workspacePath: string;
  workspaceId: NullableString;
}
/**
 * A workspace's settings, every one of them, as the account holds them.
 */
export interface WorkspaceSettings {
  joinPolicy: "invite_only" | "request" | "email_domain";
  joinDomains: string[];
  whoCanInvite: "super_admins" | "super_admins_and_developers" | "all_members";
  publicInviteLink: boolean;
  defaultSharing: "only_me" | "workspace";
  unlistedJoinRequests: "deny" | "ignore";
}
export interface Quota {
  seats: Count;
  avatarSlots: Count;
  generativeCredits: Count;
  apiCredits: Count;
}
/**
 * kind `asset_share`: create | delete.
 */
export interface AssetSharePayload {
  assetType: AssetType;
  assetId: string;
  fromPath: string;
  fromWorkspaceId: NullableString;
  toPath: string;
  toWorkspaceId: NullableString;
  /**
   * The name the spec gives the item (`name:` instead of `id:`), shown beside the id it resolved to. Absent when the spec gives the id.
   */
  assetName?: string;
}
export interface ContentUser {
  email: string;
  access: ContentAccess;
}
/**
 * `passwordSet` says whether the account holds a password (in `before`); `password` is a reference `{env}`, null (remove it) or absent (leave it). Never a literal password.
 */
export interface SharePagePayload {
  passwordSet?: boolean;
  password?: null | EnvRef;
  publicPublishing: boolean;
  captions: boolean;
}
/**
 * A secret by reference: the environment variable apply reads it from.
 */
export interface EnvRef {
  env: string;
}

/** What a change's `before` or `after` holds, whatever its kind. */
export type Payload = PayloadByKind[ResourceKind];

export const RESOURCE_KINDS = ["workspace", "subworkspace", "allocation", "apikey", "member", "join_request", "asset_share", "content_share"] as const satisfies readonly ResourceKind[];

export const ACTIONS = ["create", "update", "delete", "replace", "approve", "deny", "noop"] as const satisfies readonly Action[];

export const ROLES = ["super_admin", "developer", "creator", "viewer"] as const satisfies readonly Role[];

export const BILLINGS = ["parent", "own"] as const satisfies readonly Billing[];

export const ASSET_TYPES = ["avatar", "voice", "brand_kit", "template"] as const satisfies readonly AssetType[];

export const CONTENT_TYPES = ["project", "folder", "video"] as const satisfies readonly ContentType[];

export const GENERAL_ACCESS = ["only_me", "selected", "workspace"] as const satisfies readonly GeneralAccess[];

export const CONTENT_ACCESS = ["view", "edit"] as const satisfies readonly ContentAccess[];

export const MEMBER_STATUSES = ["active", "invited"] as const satisfies readonly MemberStatus[];
