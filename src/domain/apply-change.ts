// One planned Change carried out on an AccountState draft through the operations. Pure but
// for the draft it mutates: the sandbox provider, the HTTP emulator (via its routes) and the
// planner's feasibility simulation all run changes through here, so they agree on the rules.

import type { Change, JsonObject } from "../plan/types.js";
import type {
  AllocationPayload,
  ApiKeyPayload,
  AssetSharePayload,
  ContentSharePayload,
  JoinRequestPayload,
  MainWorkspacePayload,
  MemberPayload,
  SubWorkspacePayload,
  WorkspaceRef,
} from "../model/plan.gen.js";
import type { AccountState, WorkspaceState } from "../model/state.js";
import type { ExecuteContext, ExecuteResult } from "../model/provider.js";
import { findByPath, indexOf, label, mainWorkspace } from "./account-index.js";
import { DomainError } from "./errors.js";
import { setAllocation } from "./allocations.js";
import { confirmApiKey, createApiKey, revokeApiKey, rotateApiKey } from "./api-keys.js";
import { type OpContext } from "./checks.js";
import { approveJoinRequest, denyJoinRequest } from "./join-requests.js";
import { changeMemberRole, inviteMember, removeMember, resendInvitation } from "./members.js";
import { shareAsset, unshareAsset, updateContentSharing } from "./sharing.js";
import { createWorkspace, deleteWorkspace, updateWorkspace } from "./workspaces.js";

export type ApplyChangeContext = OpContext & ExecuteContext;

function payload<T>(p: JsonObject | null, which: "before" | "after", change: Change): T {
  if (p === null) throw new DomainError("validation_error", `${change.address}: ${change.action} needs an "${which}" payload`);
  return p as unknown as T;
}

/** workspaceId ?? ctx.workspaceIds.get(path) ?? lookup by path; undefined when none exists. */
export function resolveWorkspace(
  state: AccountState,
  ref: { workspacePath: string; workspaceId: string | null },
  ctx: Pick<ExecuteContext, "workspaceIds">,
): WorkspaceState | undefined {
  const idx = indexOf(state);
  if (ref.workspaceId) {
    const w = idx.ws.get(ref.workspaceId);
    if (w) return w;
  }
  const known = ctx.workspaceIds.get(ref.workspacePath);
  if (known) {
    const w = idx.ws.get(known);
    if (w) return w;
  }
  return findByPath(idx, ref.workspacePath);
}

function need(state: AccountState, ref: WorkspaceRef, ctx: ApplyChangeContext, param = "workspace"): WorkspaceState {
  const w = resolveWorkspace(state, ref, ctx);
  if (!w) throw new DomainError("not_found", `workspace "${ref.workspacePath || "workspace"}" does not exist`, param);
  return w;
}

const unsupported = (c: Change): never => {
  throw new DomainError("validation_error", `${c.address}: action "${c.action}" is not supported for ${c.kind}`);
};

export function applyChange(state: AccountState, change: Change, ctx: ApplyChangeContext): ExecuteResult {
  if (change.action === "noop") return {};
  switch (change.kind) {
    case "workspace": {
      if (change.action !== "update") return unsupported(change);
      const after = payload<MainWorkspacePayload>(change.after, "after", change);
      const main = mainWorkspace(indexOf(state));
      updateWorkspace(state, main.id, { name: after.name, settings: after.settings });
      return { workspaceId: main.id };
    }
    case "subworkspace":
      return subworkspace(state, change, ctx);
    case "allocation": {
      if (change.action !== "create" && change.action !== "update") return unsupported(change);
      const a = payload<AllocationPayload>(change.after, "after", change);
      const w = need(state, a, ctx);
      setAllocation(state, w.id, {
        seats: a.seats,
        avatarSlots: a.avatarSlots,
        generativeCredits: a.generativeCredits,
        apiCredits: a.apiCredits,
      });
      return {};
    }
    case "apikey": {
      const p = payload<ApiKeyPayload>(change.after ?? change.before, "after", change);
      if (change.action === "delete") {
        const w = resolveWorkspace(state, p, ctx);
        if (w) revokeApiKey(state, w.id);
        return {};
      }
      const w = need(state, p, ctx);
      // `update` is what a provider journals when the caller confirms it stored a new key.
      if (change.action === "update") {
        confirmApiKey(state, w.id, p.keyId ?? "");
        return {};
      }
      const opts = { awaitDelivery: ctx.awaitKeyDelivery === true };
      const issued =
        change.action === "create" ? createApiKey(state, w.id, ctx, opts)
        : change.action === "replace" ? rotateApiKey(state, w.id, ctx, opts)
        : unsupported(change);
      return issued.secret === null
        ? {}
        : { apiKey: { workspacePath: p.workspacePath, value: issued.secret, workspaceId: w.id, keyId: issued.key.keyId } };
    }
    case "member": {
      if (change.action === "delete") {
        const b = payload<MemberPayload>(change.before, "before", change);
        const w = resolveWorkspace(state, b, ctx);
        if (w) removeMember(state, w.id, b.email);
        return {};
      }
      const a = payload<MemberPayload>(change.after, "after", change);
      const w = need(state, a, ctx);
      if (change.action === "create") inviteMember(state, w.id, a.email, a.role, ctx);
      else if (change.action === "update") changeMemberRole(state, w.id, a.email, a.role);
      else if (change.action === "replace") resendInvitation(state, w.id, a.email, ctx, a.role);
      else unsupported(change);
      return {};
    }
    case "join_request": {
      const p = payload<JoinRequestPayload>(change.after ?? change.before, "before", change);
      const w = resolveWorkspace(state, p, ctx);
      if (change.action === "deny") {
        if (w) denyJoinRequest(state, { requestId: p.requestId, workspaceId: w.id, email: p.email });
        return {};
      }
      if (change.action !== "approve") return unsupported(change);
      if (!w) throw new DomainError("not_found", `workspace "${p.workspacePath || "workspace"}" does not exist`);
      if (!p.role) throw new DomainError("validation_error", `${change.address}: approving needs a role`, "role");
      approveJoinRequest(state, { requestId: p.requestId, workspaceId: w.id, email: p.email }, p.role);
      return {};
    }
    case "asset_share": {
      const p = payload<AssetSharePayload>(change.after ?? change.before, "after", change);
      const to = resolveWorkspace(state, { workspacePath: p.toPath, workspaceId: p.toWorkspaceId }, ctx);
      if (change.action === "delete") {
        if (to) unshareAsset(state, { assetType: p.assetType, assetId: p.assetId, toWorkspaceId: to.id });
        return {};
      }
      if (change.action !== "create") return unsupported(change);
      const from = need(state, { workspacePath: p.fromPath, workspaceId: p.fromWorkspaceId }, ctx, "from");
      if (!to) throw new DomainError("not_found", `workspace "${p.toPath}" does not exist`, "to");
      shareAsset(state, { assetType: p.assetType, assetId: p.assetId, fromWorkspaceId: from.id, toWorkspaceId: to.id });
      return {};
    }
    case "content_share": {
      if (change.action !== "update" && change.action !== "create") return unsupported(change);
      const a = payload<ContentSharePayload>(change.after, "after", change);
      const pw = a.sharePage.password;
      updateContentSharing(
        state,
        { type: a.type, id: a.id },
        {
          generalAccess: a.generalAccess,
          users: a.users,
          sharePage: {
            ...(pw === undefined ? {} : { password: pw === null ? null : ctx.resolveSecret(pw) }),
            publicPublishing: a.sharePage.publicPublishing,
            captions: a.sharePage.captions,
          },
        },
        ctx,
      );
      return {};
    }
  }
}

function subworkspace(state: AccountState, change: Change, ctx: ApplyChangeContext): ExecuteResult {
  if (change.action === "delete") {
    const b = payload<SubWorkspacePayload>(change.before, "before", change);
    const w = resolveWorkspace(state, b, ctx);
    if (w) deleteWorkspace(state, w.id);
    return {};
  }
  const a = payload<SubWorkspacePayload>(change.after, "after", change);
  if (change.action === "create") {
    const parent = need(state, { workspacePath: a.parentPath, workspaceId: a.parentId }, ctx, "parent");
    const w = createWorkspace(
      state,
      {
        name: a.name,
        parentId: parent.id,
        billing: a.billing,
        apiAccess: a.apiAccess,
        image: a.image,
        settings: a.settings,
        deletionProtection: a.deletionProtection,
        subscription: a.subscription,
        ...(a.workspaceId ? { id: a.workspaceId } : {}),
      },
      ctx,
    );
    ctx.workspaceIds.set(a.workspacePath, w.id);
    return { workspaceId: w.id };
  }
  if (change.action !== "update") return unsupported(change);
  const b = change.before as unknown as SubWorkspacePayload | null;
  // A rename changes the path: find it by where it was, else (a re-run) where it is now.
  const w = (b ? resolveWorkspace(state, b, ctx) : undefined) ?? need(state, a, ctx);
  const parent = resolveWorkspace(state, { workspacePath: a.parentPath, workspaceId: a.parentId }, ctx);
  if (parent && parent.id !== w.parentId) {
    throw new DomainError("validation_error", `${change.address}: moving ${label(indexOf(state), w)} to another parent is not supported; create it there and delete it here`, "parent");
  }
  updateWorkspace(state, w.id, {
    name: a.name,
    image: a.image,
    apiAccess: a.apiAccess,
    settings: a.settings,
    deletionProtection: a.deletionProtection,
    billing: a.billing,
    ...(a.billing === "own" && a.subscription ? { subscription: a.subscription } : {}),
    // Only on the switch itself: a re-run must not reset an allocation set since.
    ...(a.billing === "parent" && w.billing === "own" && a.allocation ? { allocation: a.allocation } : {}),
  });
  ctx.workspaceIds.set(a.workspacePath, w.id);
  return { workspaceId: w.id };
}
