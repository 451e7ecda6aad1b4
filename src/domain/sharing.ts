// Sharing: library items shared from one workspace to others, and the sharing of a project,
// folder or video (general access, users, share page).

import { GENERAL_ACCESS, type AssetType, type ContentAccess, type ContentType, type GeneralAccess } from "../model/plan.gen.js";
import type { AccountState, ContentState } from "../model/state.js";
import { getWorkspace, indexOf, label, membersOf } from "./account-index.js";
import { mayHold } from "./access.js";
import { type OpContext, fail, normalizeEmail } from "./checks.js";
import { digestOrKeep, passwordVersionOf } from "./secrets.js";

export interface AssetShareRef {
  assetType: AssetType;
  assetId: string;
  fromWorkspaceId: string;
  toWorkspaceId: string;
}

export function shareAsset(state: AccountState, ref: AssetShareRef): void {
  const idx = indexOf(state);
  const asset = state.assets.find((a) => a.type === ref.assetType && a.id === ref.assetId);
  if (!asset) fail("not_found", `${ref.assetType} ${ref.assetId} does not exist`, "asset_id");
  const from = getWorkspace(idx, ref.fromWorkspaceId, "from_workspace_id");
  const to = getWorkspace(idx, ref.toWorkspaceId, "to_workspace_id");
  if (asset.workspaceId !== from.id)
    fail("validation_error", `${ref.assetType} ${ref.assetId} is not in the library of ${label(idx, from)}`, "from_workspace_id");
  if (to.id === from.id) fail("validation_error", `cannot share ${ref.assetType} ${ref.assetId} with the workspace that holds it`, "to_workspace_id");
  if (state.assetShares.some((s) => sameShare(s, ref))) return;
  state.assetShares.push({ ...ref });
}

function sameShare(a: AssetShareRef, b: AssetShareRef): boolean {
  return a.assetType === b.assetType && a.assetId === b.assetId && a.toWorkspaceId === b.toWorkspaceId;
}

/** Gone already: false. */
export function unshareAsset(state: AccountState, ref: Omit<AssetShareRef, "fromWorkspaceId"> & { fromWorkspaceId?: string }): boolean {
  const n = state.assetShares.length;
  state.assetShares = state.assetShares.filter((s) => !sameShare(s, { ...ref, fromWorkspaceId: "" }));
  return state.assetShares.length < n;
}

export interface ContentSharingPatch {
  generalAccess?: GeneralAccess;
  users?: { email: string; access: ContentAccess }[];
  sharePage?: {
    /** undefined: leave; null: remove; a string: set (stored only as a salted digest) */
    password?: string | null;
    publicPublishing?: boolean;
    captions?: boolean;
  };
}

export function updateContentSharing(
  state: AccountState,
  ref: { type: ContentType; id: string },
  patch: ContentSharingPatch,
  ctx: Pick<OpContext, "digestPassword">,
): ContentState {
  const idx = indexOf(state);
  const c = state.content.find((x) => x.type === ref.type && x.id === ref.id);
  if (!c) fail("not_found", `${ref.type} ${ref.id} does not exist`, "content_id");
  if (patch.generalAccess !== undefined && !GENERAL_ACCESS.includes(patch.generalAccess))
    fail("validation_error", `general access must be one of ${GENERAL_ACCESS.join(", ")}`, "general_access");
  let users = c.users;
  if (patch.users !== undefined) {
    const seen = new Map<string, ContentAccess>();
    const members = membersOf(idx, c.workspaceId);
    for (const u of patch.users) {
      const e = normalizeEmail(u.email);
      if (u.access !== "view" && u.access !== "edit") fail("validation_error", `access for ${e} must be view or edit`, "users");
      if (!mayHold(members.get(e)?.role, u.access))
        fail("validation_error", `cannot give ${e} edit access to ${c.type} ${c.id}: they are a viewer, and viewers are always view-only`, "users");
      seen.set(e, u.access);
    }
    users = [...seen].map(([email, access]) => ({ email, access }));
  }
  const page = { ...c.sharePage };
  const sp = patch.sharePage;
  if (sp) {
    if (sp.password === null) {
      if (page.passwordSet) page.passwordVersion = passwordVersionOf(page) + 1;
      page.passwordSet = false;
      page.passwordDigest = null;
    } else if (typeof sp.password === "string") {
      if (sp.password === "") fail("validation_error", "a share-page password must not be empty", "share_page.password");
      const digest = (ctx.digestPassword ?? digestOrKeep)(sp.password, page.passwordDigest);
      // The same password keeps its digest, so a re-apply is no change (and a journal replay,
      // which has the digest but not the password, counts the same).
      if (!page.passwordSet || digest !== page.passwordDigest) page.passwordVersion = passwordVersionOf(page) + 1;
      page.passwordDigest = digest;
      page.passwordSet = true;
    }
    if (sp.publicPublishing !== undefined) page.publicPublishing = sp.publicPublishing;
    if (sp.captions !== undefined) page.captions = sp.captions;
  }
  if (patch.generalAccess !== undefined) c.generalAccess = patch.generalAccess;
  c.users = users;
  c.sharePage = page;
  return c;
}
