// The shape of `before` / `after` for each resource kind: the contract between the planner,
// which writes them, and every provider, which carries them out. Every workspace-scoped
// payload names its workspace by `workspacePath` and, when it exists already, `workspaceId`;
// a provider resolves `workspaceId ?? ctx.workspaceIds.get(workspacePath) ?? lookup(path)`.

import type { AssetType, Role } from "../spec/types.gen.js";
import type { ContentType } from "../model/address.js";
import type {
  Billing,
  ContentAccess,
  GeneralAccess,
  MemberStatus,
  Quota,
  WorkspaceState,
} from "../model/state.js";

export interface WorkspaceRef {
  workspacePath: string;
  workspaceId: string | null;
}

/** kind "workspace" (the main one): update only. */
export interface MainWorkspacePayload extends WorkspaceRef {
  name: string;
  settings: WorkspaceState["settings"];
}

/** kind "subworkspace": create | update | delete. On create the allocation starts at zero. */
export interface SubWorkspacePayload extends WorkspaceRef {
  name: string;
  parentPath: string;
  parentId: string | null;
  billing: Billing;
  apiAccess: boolean;
  image: string | null;
  settings: WorkspaceState["settings"];
  deletionProtection: boolean;
  /** own billing only */
  subscription: Quota | null;
  /**
   * Update that switches own -> parent billing only: the allocation it starts with (its use
   * when planned). Optional: without it the account takes the use at apply time.
   */
  allocation?: Quota;
}

/** kind "allocation": create (after a sub-workspace create) | update. Always the full quota. */
export interface AllocationPayload extends WorkspaceRef, Quota {}

/** kind "apikey": create (shown once) | replace (rotate) | delete (revoke). */
export interface ApiKeyPayload extends WorkspaceRef {
  keyId: string | null;
  last4: string | null;
}

/**
 * kind "member": create (invite) | update (role) | replace (re-send an expired invitation)
 * | delete (remove an active member or revoke an invitation).
 */
export interface MemberPayload extends WorkspaceRef {
  email: string;
  role: Role;
  status: MemberStatus | "expired";
}

/** kind "join_request": approve (then a member with `role`) | deny. */
export interface JoinRequestPayload extends WorkspaceRef {
  requestId: string;
  email: string;
  role: Role | null;
}

/** kind "asset_share": create | delete. */
export interface AssetSharePayload {
  assetType: AssetType;
  assetId: string;
  fromPath: string;
  fromWorkspaceId: string | null;
  toPath: string;
  toWorkspaceId: string | null;
}

/**
 * kind "content_share": update. `before.sharePage` says only whether a password is set;
 * `after.sharePage.password` is `{ env }` (resolved at apply), `null` (remove) or absent
 * (leave as it is).
 */
export interface ContentSharePayload extends WorkspaceRef {
  type: ContentType;
  id: string;
  generalAccess: GeneralAccess;
  users: { email: string; access: ContentAccess }[];
  sharePage: {
    passwordSet?: boolean;
    password?: { env: string } | null;
    publicPublishing: boolean;
    captions: boolean;
  };
}

/** A sub-workspace as the account holds it, in the payload's shape (a change's `before`). */
export function subWorkspacePayloadOf(w: WorkspaceState, path: string, parentPath: string): SubWorkspacePayload {
  return {
    workspacePath: path,
    workspaceId: w.id,
    name: w.name,
    parentPath,
    parentId: w.parentId,
    billing: w.billing,
    apiAccess: w.apiAccess,
    image: w.image,
    settings: { ...w.settings, joinDomains: [...w.settings.joinDomains] },
    deletionProtection: w.deletionProtection,
    subscription: w.billing === "own" ? w.subscription : null,
  };
}
