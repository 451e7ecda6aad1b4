// What an account holds now, as read by a Provider. Plain JSON: it is saved by the sandbox,
// served by the emulator and fingerprinted into plans.

import type {
  AssetType,
  Billing,
  ContentAccess,
  ContentType,
  GeneralAccess,
  MemberStatus,
  Quota,
  Role,
  WorkspaceSettings,
} from "./plan.gen.js";

export type { Billing, ContentAccess, GeneralAccess, MemberStatus, Quota, WorkspaceSettings } from "./plan.gen.js";

export const QUOTA_KEYS = ["seats", "avatarSlots", "generativeCredits", "apiCredits"] as const satisfies readonly (keyof Quota)[];
export type QuotaKey = (typeof QUOTA_KEYS)[number];

/** Nothing of anything: a new workspace's usage, a new sub-workspace's allocation. */
export const zeroQuota = (): Quota => ({ seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 });

export interface WorkspaceState {
  id: string;
  name: string;
  /** null for the main workspace */
  parentId: string | null;
  image: string | null;
  /** The main workspace is `own`: it holds the account's subscription. */
  billing: Billing;
  apiAccess: boolean;
  /** Parent-billed sub-workspaces only: what it may draw from its parent's pools. */
  allocation: Quota | null;
  /** Own-billed workspaces (and the main one): its seat limit and pools. */
  subscription: Quota | null;
  /**
   * What this workspace itself has consumed. `seats` is derived from members and is kept
   * here as 0; the others are counted by the account (credits spent, avatar slots taken).
   */
  usage: Quota;
  settings: WorkspaceSettings;
  deletionProtection: boolean;
  createdAt: string;
}

export interface MemberState {
  workspaceId: string;
  /** lower-case */
  email: string;
  role: Role;
  status: MemberStatus;
  /** ISO time the invitation was (last) sent; null for members who joined otherwise. */
  invitedAt: string | null;
  /** ISO time a pending invitation expires; null when active. */
  expiresAt: string | null;
}

export interface JoinRequestState {
  id: string;
  workspaceId: string;
  email: string;
  requestedAt: string;
}

export interface AssetState {
  id: string;
  type: AssetType;
  name: string;
  /** The workspace whose library holds it. */
  workspaceId: string;
}

export interface AssetShareState {
  assetType: AssetType;
  assetId: string;
  fromWorkspaceId: string;
  toWorkspaceId: string;
}

export interface SharePageState {
  /** Never the password itself: whether one is set. */
  passwordSet: boolean;
  /**
   * The password's scrypt digest, kept by the account's own store to tell whether a password
   * given matches. It never leaves the store: what providers read has null here.
   */
  passwordDigest: string | null;
  /**
   * How many times the password has been set to another value or removed; absent until the
   * first change. Anyone may read it: it says that the password changed, never what it is.
   */
  passwordVersion?: number;
  publicPublishing: boolean;
  captions: boolean;
}

/**
 * How many times a share page's password has changed. Accounts written before the count
 * existed have none: a password set there counts as one change.
 */
export function passwordVersionOf(page: SharePageState): number {
  return page.passwordVersion ?? (page.passwordSet ? 1 : 0);
}

export interface ContentState {
  id: string;
  type: ContentType;
  name: string;
  workspaceId: string;
  generalAccess: GeneralAccess;
  users: { email: string; access: ContentAccess }[];
  sharePage: SharePageState;
}

export interface ApiKeyState {
  workspaceId: string;
  keyId: string;
  /** Last four characters, for people to recognise a key; never the key. */
  last4: string;
  createdAt: string;
  /**
   * sha256 of the key, so the account can recognise it without holding it. Optional:
   * providers that cannot see it (http) leave it out.
   */
  secretHash?: string;
  /**
   * false: created for a caller that asked to confirm it had stored the key, and has not (it
   * stopped in between). Nobody else has the key, so it is rotated. Absent: delivered.
   */
  delivered?: false;
  /**
   * The key a rotation replaced (rotateApiKey with keepPrevious), still working until it is
   * revoked once the new key is delivered. Absent: none.
   */
  previous?: PreviousApiKeyState;
}

export interface PreviousApiKeyState {
  keyId: string;
  last4: string;
  createdAt: string;
  secretHash?: string;
}

export interface AccountState {
  account: { id: string; name: string };
  workspaces: WorkspaceState[];
  members: MemberState[];
  joinRequests: JoinRequestState[];
  assets: AssetState[];
  assetShares: AssetShareState[];
  content: ContentState[];
  apiKeys: ApiKeyState[];
}
