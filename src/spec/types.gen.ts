/* Generated from schema/workspaces.schema.json by `npm run gen`. Do not edit by hand. */

/**
 * A workspace's display name. Unique among its siblings; may not contain `/`, brackets or parentheses (they delimit addresses).
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "workspaceName".
 */
export type WorkspaceName = string;
/**
 * A person's email address; compared case-insensitively.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "email".
 */
export type Email = string;
/**
 * `super_admin`: everything, including members, API access and purchases. `developer`: create content and use the API. `creator`: avatars, videos and voices. `viewer`: view only, always.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "role".
 */
export type Role = "super_admin" | "developer" | "creator" | "viewer";
/**
 * The last day of this access (`YYYY-MM-DD`, a calendar date, UTC). From the day after, the plan removes it (reason: "expired on ..."), and it is never granted again; `hgw plan` and `hgw drift` list access that ends within `policies.expiryNoticeDays`.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "expires".
 */
export type Expires = string;
/**
 * The workspace's members. Invitations still pending count as present and hold a seat.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "members".
 */
export type Members = Member[];
/**
 * `authoritative` (default): members in the account but not in the spec are removed. `additive`: they are left alone.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "memberOwnership".
 */
export type MemberOwnership = "authoritative" | "additive";
/**
 * Email patterns (`*` matches any run of characters) of members the tool never adds, changes or removes, such as support staff.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "ignoreMembers".
 *
 * Items: An email or a pattern with `*`.
 */
export type IgnoreMembers = string[];
/**
 * Sub-workspaces directly under the main workspace.
 */
export type SubWorkspaces = SubWorkspace[];
/**
 * Kind of library item.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "assetType".
 */
export type AssetType = "avatar" | "voice" | "brand_kit" | "template";
/**
 * A sub-workspace named by the path of names from the main workspace, joined with `/`; `workspace` names the main workspace itself.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "workspacePath".
 */
export type WorkspacePath = string;
/**
 * Library items (avatars, voices, brand kits, templates) shared from one workspace to chosen sub-workspaces.
 */
export type AssetShares = AssetShare[];
/**
 * Sharing settings of projects, folders and videos.
 */
export type ContentShares = ContentShare[];

/**
 * A HeyGen account's workspace tree as code: the main workspace, its sub-workspaces, members, roles, allocations, API access and what is shared with whom.
 */
export interface WorkspacesSpec {
  /**
   * Path or URL of this JSON Schema, for editors that read it from the document.
   */
  $schema?: string;
  /**
   * Spec format version. Only 1 exists today.
   */
  version?: 1;
  /**
   * Further spec files merged into this one, as paths or globs relative to this file. Each holds `subWorkspaces`, `assetShares` and `contentShares` lists that are appended to this file's.
   *
   * Items: A path or glob (`*`, `**`, `?`) relative to the including file.
   */
  include?: string[];
  workspace?: MainWorkspace;
  defaults?: Defaults;
  policies?: Policies;
  subWorkspaces?: SubWorkspaces;
  assetShares?: AssetShares;
  contentShares?: ContentShares;
}
/**
 * The account's main workspace.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "mainWorkspace".
 */
export interface MainWorkspace {
  name?: WorkspaceName;
  settings?: Settings;
  members?: Members;
  memberOwnership?: MemberOwnership;
  ignoreMembers?: IgnoreMembers;
}
/**
 * Workspace settings. Only the keys given are managed; others are left as they are in the account.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "settings".
 */
export interface Settings {
  /**
   * Who may join: only people invited; anyone who asks (a join request waits for approval); or anyone with an email in `joinDomains`.
   */
  joinPolicy?: "invite_only" | "request" | "email_domain";
  /**
   * Email domains whose people may join without an invitation; required when `joinPolicy` is `email_domain`.
   *
   * Items: A domain name.
   */
  joinDomains?: string[];
  /**
   * Who may invite new members.
   */
  whoCanInvite?: "super_admins" | "super_admins_and_developers" | "all_members";
  /**
   * Whether a public invite link is enabled.
   */
  publicInviteLink?: boolean;
  /**
   * General access given to new projects, folders and videos.
   */
  defaultSharing?: "only_me" | "workspace";
  /**
   * What to do with a join request from someone the spec does not list: deny it, or leave it waiting (default). Requests from listed people are always approved.
   */
  unlistedJoinRequests?: "deny" | "ignore";
}
/**
 * A person invited to the workspace with one role.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "member".
 */
export interface Member {
  email: Email;
  role: Role;
  expires?: Expires;
}
/**
 * Values applied to every sub-workspace unless it sets its own. `members` are added to every sub-workspace unless it lists the same email.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "defaults".
 */
export interface Defaults {
  /**
   * `parent` (default): draws seats, avatar slots and credits from the parent's pools within `allocation`. `own`: its own subscription; may have sub-workspaces beneath it.
   */
  billing?: "parent" | "own";
  /**
   * Whether the sub-workspace has its own API key, with usage tracked apart.
   */
  apiAccess?: boolean;
  apiKeyRotation?: ApiKeyRotation;
  allocation?: Allocation;
  settings?: Settings;
  members?: Members;
  memberOwnership?: MemberOwnership;
  ignoreMembers?: IgnoreMembers;
  /**
   * When true, the tool refuses to delete this sub-workspace even with `--allow-delete`.
   */
  deletionProtection?: boolean;
}
/**
 * Rotate the sub-workspace's API key once it is older than `maxAgeDays`: the plan makes a new key, `hgw apply --api-key-file` stores it, and only then is the old key revoked. `plan` and `drift` warn 14 days ahead. Only where `apiAccess` is on.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "apiKeyRotation".
 */
export interface ApiKeyRotation {
  /**
   * The oldest a key may be, in days; an older key is rotated by the next plan.
   */
  maxAgeDays: number;
}
/**
 * What a parent-billed sub-workspace may draw from its parent's pools. Can never be set below what the sub-workspace has already used.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "allocation".
 */
export interface Allocation {
  /**
   * Seats: active members and pending invitations each hold one.
   */
  seats?: number;
  /**
   * Avatar slots.
   */
  avatarSlots?: number;
  /**
   * Generative credits (avatar fees, video generation, images, translations).
   */
  generativeCredits?: number;
  /**
   * API credits (automations, integrations, API workflows).
   */
  apiCredits?: number;
}
/**
 * Rules every workspace in the spec must satisfy, checked before anything is planned.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "policies".
 */
export interface Policies {
  /**
   * At least this many super admins in every workspace that lists members.
   */
  minSuperAdmins?: number;
  /**
   * Member emails must belong to one of these domains (subdomains included).
   *
   * Items: A domain name.
   */
  allowedEmailDomains?: string[];
  /**
   * Blast-radius limit per workspace: planning refuses to remove more than this share of a workspace's members (default 0.5) unless `--max-removal-share` raises it. Below 10 members it is a count: at most this share of 10 (0.5 allows 5).
   */
  maxMemberRemovalShare?: number;
  /**
   * Blast-radius limit for the whole account: planning refuses to remove more members (invitations revoked included) in one plan, across all workspaces, unless `--max-member-removals` raises it.
   */
  maxMemberRemovals?: number;
  /**
   * Blast-radius limit for the whole account: planning refuses to revoke more shares in one plan (asset shares removed, plus people taken off shared content) unless `--max-share-revocations` raises it.
   */
  maxShareRevocations?: number;
  /**
   * Blast-radius limit for the whole account: planning refuses to revoke more API keys in one plan (keys whose API access is turned off, and the old keys of rotations) unless `--max-key-revocations` raises it. Every revoked key stops an integration until it reads the new one, so the default is lower than for members.
   */
  maxKeyRevocations?: number;
  /**
   * `hgw usage` and the headroom in `hgw plan` flag a seat count, avatar slots or credits as a warning once this share of what a workspace may use is taken (for a pool, its own use plus what it gives to sub-workspaces). At most `usageAlertShare`.
   */
  usageWarningShare?: number;
  /**
   * As `usageWarningShare`, for the stronger flag, an alert: at the default 1, a workspace with no room left (a full allocation or pool).
   */
  usageAlertShare?: number;
  /**
   * `hgw plan` and `hgw drift` list access (members, content-share users, asset shares) whose `expires` date falls within this many days (default 14).
   */
  expiryNoticeDays?: number;
}
/**
 * A sub-workspace: its own members and settings, billed by its parent or by its own subscription.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "subWorkspace".
 */
export interface SubWorkspace {
  name: WorkspaceName;
  /**
   * The account's id for this sub-workspace (written by `hgw export`). When given, matching is by id, so a rename is an update.
   */
  id?: string;
  /**
   * Names this sub-workspace had before, so that a rename is an update and never delete-and-create.
   */
  formerNames?: WorkspaceName[];
  /**
   * Path (relative to this file) or URL of the workspace's image; `null` for none. Left out, the image is not managed.
   */
  image?: string | null;
  /**
   * `parent` (default): draws seats, avatar slots and credits from the parent's pools within `allocation`. `own`: its own subscription; may have sub-workspaces beneath it.
   */
  billing?: "parent" | "own";
  /**
   * Whether the sub-workspace has its own API key, with usage tracked apart.
   */
  apiAccess?: boolean;
  apiKeyRotation?: ApiKeyRotation;
  allocation?: Allocation;
  subscription?: Subscription;
  settings?: Settings;
  members?: Members;
  memberOwnership?: MemberOwnership;
  ignoreMembers?: IgnoreMembers;
  /**
   * When true, the tool refuses to delete this sub-workspace even with `--allow-delete`.
   */
  deletionProtection?: boolean;
  /**
   * Sub-workspaces beneath this one; allowed only under `billing: own`.
   */
  subWorkspaces?: SubWorkspace[];
}
/**
 * The own subscription of an own-billed sub-workspace: its seat limit and pools, from which its own sub-workspaces draw.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "subscription".
 */
export interface Subscription {
  /**
   * Seat limit.
   */
  seats?: number;
  /**
   * Avatar slots.
   */
  avatarSlots?: number;
  /**
   * Generative credits.
   */
  generativeCredits?: number;
  /**
   * API credits.
   */
  apiCredits?: number;
}
/**
 * A library item shared from one workspace to sub-workspaces, where it becomes available at once. The item is named by exactly one of `id` and `name`.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "assetShare".
 */
export interface AssetShare {
  type: AssetType;
  /**
   * The item's id in the library. Give this or `name`.
   */
  id?: string;
  /**
   * The item's name in the library, instead of its id: resolved to the id when planning, from the library the account's API lists (`GET /v2/avatars`, `/v2/voices`, `/v2/templates`; brand kits from the account's own asset list). Compared exactly; a name that matches no item is an error with the nearest names, and one that matches several is an error listing their ids (write the `id` then).
   */
  name?: string;
  /**
   * The workspace whose library holds the item (default: the main workspace).
   */
  from?: string;
  /**
   * Sub-workspaces that receive it, or `all`: every sub-workspace in the spec (nested ones included, new ones as they are added), except the one that holds it and those in `except`.
   */
  to: [WorkspacePath, ...WorkspacePath[]] | "all";
  /**
   * With `to: all`: sub-workspaces that do not receive it.
   */
  except?: WorkspacePath[];
  expires?: Expires;
}
/**
 * Sharing of one project, folder or video.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "contentShare".
 */
export interface ContentShare {
  /**
   * Kind of content.
   */
  type: "project" | "folder" | "video";
  /**
   * The content's id.
   */
  id: string;
  /**
   * A sub-workspace named by the path of names from the main workspace, joined with `/`; `workspace` names the main workspace itself.
   */
  workspace?: string;
  /**
   * General access: only the owner, selected users, or everyone in the workspace.
   */
  generalAccess?: "only_me" | "selected" | "workspace";
  /**
   * Members of the content's workspace given access.
   */
  users?: ContentUser[];
  sharePage?: SharePage;
}
/**
 * A member given access to the content.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "contentUser".
 */
export interface ContentUser {
  email: Email;
  /**
   * `view` or `edit`; viewers are always view-only.
   */
  access: "view" | "edit";
  expires?: Expires;
}
/**
 * The content's share page.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "sharePage".
 */
export interface SharePage {
  /**
   * Password protection: a reference to an environment variable (never a literal), or `null` for none.
   */
  password?: SecretRef | null;
  /**
   * Published on the web: anyone with the link may view, without signing in.
   */
  publicPublishing?: boolean;
  /**
   * Captions shown on the share page.
   */
  captions?: boolean;
}
/**
 * A secret is never written in the spec: it names an environment variable read only at apply.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "secretRef".
 */
export interface SecretRef {
  /**
   * Name of the environment variable that holds the secret.
   */
  env: string;
}
/**
 * A file brought in through `include` or a `workspaces.d/` directory: more sub-workspaces and shares for the same account.
 *
 * This interface was referenced by `WorkspacesSpec`'s JSON-Schema
 * via the `definition` "fragment".
 */
export interface WorkspacesFragment {
  /**
   * Path or URL of this JSON Schema, for editors that read it from the document.
   */
  $schema?: string;
  /**
   * Spec format version. Only 1 exists today.
   */
  version?: 1;
  subWorkspaces?: SubWorkspaces;
  assetShares?: AssetShares;
  contentShares?: ContentShares;
}
