// The normalized spec: defaults applied, includes merged, emails lower-cased, workspace
// references resolved to paths, every item carrying where it was written. The planner
// reads only this, never the raw YAML.

import type { SourceLocation } from "./diagnostics.js";
import type { AssetType, Billing, ContentAccess, ContentType, GeneralAccess, Quota, Role, WorkspaceSettings } from "./plan.gen.js";

export interface DesiredMember {
  /** lower-case */
  email: string;
  role: Role;
  source: SourceLocation;
  /** true when it came from `defaults.members` */
  fromDefaults: boolean;
  /** The last day of the membership (YYYY-MM-DD); null: no end */
  expires: string | null;
}

export interface DesiredWorkspace {
  /** "" for the main workspace; "client-a/emea" for nested */
  path: string;
  name: string;
  /** null for the main workspace */
  parentPath: string | null;
  id: string | null;
  formerNames: string[];
  /** null: no image; undefined: not managed (left as the account has it) */
  image: string | null | undefined;
  billing: Billing;
  apiAccess: boolean;
  /** Rotate the API key once it is this old; null: never by age. */
  apiKeyRotation: { maxAgeDays: number } | null;
  /** Only the keys the spec gives are managed. */
  allocation: Partial<Quota> | null;
  subscription: Partial<Quota> | null;
  /** Only the settings the spec gives are managed. */
  settings: Partial<WorkspaceSettings>;
  /** null when the spec says nothing about members (then none are managed) */
  members: DesiredMember[] | null;
  memberOwnership: "authoritative" | "additive";
  ignoreMembers: string[];
  deletionProtection: boolean;
  source: SourceLocation;
  /** Where individual fields were written, for changes caused by one field. */
  fieldSources: Partial<Record<string, SourceLocation>>;
}

export interface DesiredAssetShare {
  type: AssetType;
  /** null when the spec names the item (`name:`) and it is not resolved yet. */
  id: string | null;
  /** The name the spec gives instead of an id, kept beside the id it resolves to; null when it gives the id. */
  name: string | null;
  /** Where the spec writes `name:`, for errors about it; null when it gives the id. */
  nameSource: SourceLocation | null;
  fromPath: string;
  toPath: string;
  source: SourceLocation;
  /** The last day of the share (YYYY-MM-DD); null: no end */
  expires: string | null;
}

export interface SecretReference {
  env: string;
}

export interface DesiredContentShare {
  type: ContentType;
  id: string;
  workspacePath: string;
  generalAccess: GeneralAccess | null;
  users: { email: string; access: ContentAccess; expires: string | null; source: SourceLocation }[] | null;
  sharePage: {
    /** undefined: not managed; null: no password; a reference: resolved only at apply */
    password?: SecretReference | null;
    publicPublishing?: boolean;
    captions?: boolean;
  } | null;
  source: SourceLocation;
}

export interface DesiredPolicies {
  minSuperAdmins: number;
  allowedEmailDomains: string[] | null;
  maxMemberRemovalShare: number;
  /** null: not set in the spec (the planner's default applies) */
  maxMemberRemovals: number | null;
  maxShareRevocations: number | null;
  maxKeyRevocations: number | null;
  /** `hgw usage` and plan headroom: the share of a limit taken at which a warning, then an alert, is flagged. */
  usageWarningShare: number;
  usageAlertShare: number;
  /** `hgw plan` and `drift` list access ending within this many days. */
  expiryNoticeDays: number;
  /** Where each policy the spec sets is written, for errors about it. */
  sources: Partial<
    Record<
      "maxMemberRemovalShare" | "maxMemberRemovals" | "maxShareRevocations" | "maxKeyRevocations" | "usageWarningShare" | "usageAlertShare",
      SourceLocation
    >
  >;
  /** The root spec's first line: where an account-wide refusal points when nothing closer asks. */
  rootSource: SourceLocation;
}

export interface DesiredAccount {
  /** The files the spec was read from, in order. */
  files: string[];
  /** sha256 of the files' contents, for the plan. */
  digest: string;
  /** main workspace first, then sub-workspaces parents before children */
  workspaces: DesiredWorkspace[];
  assetShares: DesiredAssetShare[];
  contentShares: DesiredContentShare[];
  policies: DesiredPolicies;
}
