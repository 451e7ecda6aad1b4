// Workspaces: created under an own-billed parent, updated (a rename, settings, a billing
// switch), deleted with everything in them. Each operation validates, mutates the draft in
// place and returns what it made; on a rule it throws a DomainError before leaving any change
// behind. Idempotent by contract, so that a re-run after a crash converges.

import { zeroQuota, type AccountState, type Billing, type Quota, type WorkspaceSettings, type WorkspaceState } from "../model/state.js";
import {
  addWorkspaceRecord,
  childrenOf,
  getWorkspace,
  indexOf,
  label,
  removeAllMembersOf,
  removeWorkspaceRecord,
  renameWorkspaceRecord,
} from "./account-index.js";
import { isBillingRoot, rootOvershootWith, useOf } from "./accounting.js";
import { revokeApiKey } from "./api-keys.js";
import { type OpContext, checkName, checkSettings, checkedQuota, fail, guarded, parentOf, stripUndefined, throwOvershoot } from "./checks.js";

export type { WorkspaceSettings } from "../model/state.js";

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  joinPolicy: "invite_only",
  joinDomains: [],
  whoCanInvite: "super_admins",
  publicInviteLink: false,
  defaultSharing: "only_me",
  unlistedJoinRequests: "ignore",
};

export interface CreateWorkspaceInput {
  name: string;
  parentId: string;
  billing: Billing;
  apiAccess?: boolean;
  image?: string | null;
  settings?: Partial<WorkspaceSettings>;
  deletionProtection?: boolean;
  /** own billing: required */
  subscription?: Quota | null;
  /** parent billing: default all zero (the planner raises it with an allocation change) */
  allocation?: Quota | null;
  /** Pin an id (tests, imports); default ctx.newId("ws"). */
  id?: string;
}

export function createWorkspace(state: AccountState, input: CreateWorkspaceInput, ctx: OpContext): WorkspaceState {
  const idx = indexOf(state);
  const name = checkName(input.name);
  const parent = getWorkspace(idx, input.parentId, "parent_id");
  if (!isBillingRoot(parent))
    fail("validation_error", `cannot create "${name}" under ${label(idx, parent)}: nesting is only allowed under own billing, and it is billed by its parent`, "parent_id");
  if (input.billing !== "own" && input.billing !== "parent") fail("validation_error", `billing must be "own" or "parent"`, "billing");
  const settings: WorkspaceSettings = { ...DEFAULT_SETTINGS, ...(parent.settings ?? {}), ...stripUndefined(input.settings ?? {}) };
  settings.joinDomains = [...settings.joinDomains];
  checkSettings(settings);
  let subscription: Quota | null = null;
  let allocation: Quota | null = null;
  if (input.billing === "own") {
    if (!input.subscription) fail("validation_error", `own-billed "${name}" needs a subscription`, "subscription");
    subscription = checkedQuota(input.subscription, "subscription");
  } else {
    if (input.subscription) fail("validation_error", `parent-billed "${name}" cannot have its own subscription`, "subscription");
    allocation = checkedQuota(input.allocation, "allocation");
  }

  const existing = idx.childByName.get(`${parent.id}\u0000${name}`);
  if (existing) {
    if (existing.billing === input.billing && (input.id === undefined || input.id === existing.id)) return existing;
    fail("conflict", `${label(idx, existing)} already exists (id ${existing.id}, billing ${existing.billing})`, "name");
  }
  if (input.id !== undefined && idx.ws.has(input.id)) fail("conflict", `workspace id ${input.id} is taken`, "id");

  const id = input.id ?? ctx.newId("ws");
  if (idx.ws.has(id)) fail("conflict", `workspace id ${id} is taken`, "id");
  const w: WorkspaceState = {
    id,
    name,
    parentId: parent.id,
    image: input.image ?? null,
    billing: input.billing,
    apiAccess: input.apiAccess ?? false,
    allocation,
    subscription,
    usage: zeroQuota(),
    settings,
    deletionProtection: input.deletionProtection ?? false,
    createdAt: ctx.now,
  };
  if (allocation) {
    // `w` is not among the parent's children yet: its allocation is added to theirs.
    const o = rootOvershootWith(idx, parent, allocation);
    if (o) throwOvershoot(o);
  }
  addWorkspaceRecord(idx, w);
  return w;
}

export interface UpdateWorkspacePatch {
  name?: string;
  image?: string | null;
  apiAccess?: boolean;
  settings?: Partial<WorkspaceSettings>;
  deletionProtection?: boolean;
  billing?: Billing;
  /** own billing: the new subscription */
  subscription?: Quota | null;
  /** When switching to parent billing: the allocation to start with (default: its current use). */
  allocation?: Quota | null;
}

export function updateWorkspace(state: AccountState, id: string, patch: UpdateWorkspacePatch): WorkspaceState {
  const idx = indexOf(state);
  const w = getWorkspace(idx, id);
  const parent = parentOf(idx, w);
  const isMain = w.parentId === null;

  const name = patch.name !== undefined ? checkName(patch.name) : w.name;
  if (name !== w.name && parent) {
    const clash = idx.childByName.get(`${parent.id}\u0000${name}`);
    if (clash && clash !== w) fail("conflict", `cannot rename ${label(idx, w)} to "${name}": a sibling of that name exists`, "name");
  }
  const settings: WorkspaceSettings = { ...w.settings, ...stripUndefined(patch.settings ?? {}) };
  settings.joinDomains = [...settings.joinDomains];
  checkSettings(settings);
  const billing = patch.billing ?? w.billing;
  if (isMain && billing !== "own") fail("validation_error", "the main workspace always holds the account's subscription (billing own)", "billing");
  if (billing !== "own" && billing !== "parent") fail("validation_error", `billing must be "own" or "parent"`, "billing");

  let subscription = w.subscription;
  let allocation = w.allocation;
  if (billing === "own") {
    if (patch.subscription) subscription = checkedQuota(patch.subscription, "subscription");
    if (!subscription) fail("validation_error", `switching ${label(idx, w)} to own billing needs a subscription`, "subscription");
    allocation = null;
  } else {
    if (patch.subscription) fail("validation_error", `parent-billed ${label(idx, w)} cannot have its own subscription`, "subscription");
    if (w.billing === "own") {
      const kids = [...childrenOf(idx, w.id)];
      if (kids.length > 0)
        fail("conflict", `cannot switch ${label(idx, w)} to parent billing: it has ${kids.length} sub-workspace(s), and nesting is only allowed under own billing`, "billing");
      if (parent && !isBillingRoot(parent)) fail("validation_error", `${label(idx, parent)} is billed by its parent`, "billing");
      allocation = patch.allocation ? checkedQuota(patch.allocation, "allocation") : useOf(idx, w);
    } else if (patch.allocation) {
      allocation = checkedQuota(patch.allocation, "allocation");
    }
    subscription = null;
  }

  const saved = { ...w };
  const touched = parent ? [w, parent] : [w];
  guarded(
    idx,
    touched,
    () => {
      if (name !== w.name) renameWorkspaceRecord(idx, w, name);
      w.settings = settings;
      w.billing = billing;
      w.subscription = subscription;
      w.allocation = allocation;
      if (patch.image !== undefined) w.image = patch.image;
      if (patch.deletionProtection !== undefined) w.deletionProtection = patch.deletionProtection;
      if (patch.apiAccess !== undefined) w.apiAccess = patch.apiAccess;
    },
    () => {
      if (w.name !== saved.name) renameWorkspaceRecord(idx, w, saved.name);
      Object.assign(w, saved);
    },
    { child: w, was: saved },
  );
  // Turning API access off revokes the key: a key only exists where API access is on.
  if (!w.apiAccess) revokeApiKey(state, w.id);
  return w;
}

/** Deletes a sub-workspace with its members, requests, key, library, content and shares. Gone already: false. */
export function deleteWorkspace(state: AccountState, id: string): boolean {
  const idx = indexOf(state);
  const w = idx.ws.get(id);
  if (!w) return false;
  if (w.parentId === null) fail("forbidden", "the main workspace cannot be deleted", "workspace_id");
  if (w.deletionProtection)
    fail("forbidden", `${label(idx, w)} has deletion protection; turn it off before deleting it`, "workspace_id");
  const kids = [...childrenOf(idx, w.id)];
  if (kids.length > 0)
    fail("conflict", `${label(idx, w)} still has ${kids.length} sub-workspace(s) (${kids.map((k) => k.name).join(", ")}); delete them first`, "workspace_id");

  removeAllMembersOf(idx, w.id);
  state.joinRequests = state.joinRequests.filter((r) => r.workspaceId !== w.id);
  state.apiKeys = state.apiKeys.filter((k) => k.workspaceId !== w.id);
  const goneAssets = new Set(state.assets.filter((a) => a.workspaceId === w.id).map((a) => `${a.type}:${a.id}`));
  state.assets = state.assets.filter((a) => a.workspaceId !== w.id);
  state.assetShares = state.assetShares.filter(
    (s) => s.toWorkspaceId !== w.id && s.fromWorkspaceId !== w.id && !goneAssets.has(`${s.assetType}:${s.assetId}`),
  );
  state.content = state.content.filter((c) => c.workspaceId !== w.id);
  removeWorkspaceRecord(idx, w);
  return true;
}
