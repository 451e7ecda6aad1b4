// kind `subworkspace`: sub-workspaces created, updated (a rename is an update, as is a switch
// of billing) and deleted with everything in them. Identity is the account's id, else the
// path the spec gives (src/plan/match.ts decides which spec entry is which).

import { payloadOf, type Change } from "../model/plan.js";
import type { SubWorkspacePayload, WorkspaceRef } from "../model/plan.gen.js";
import type { WorkspaceState } from "../model/state.js";
import { indexOf, label, resolveWorkspace } from "../domain/account-index.js";
import { DomainError } from "../domain/errors.js";
import { createWorkspace, deleteWorkspace, updateWorkspace } from "../domain/workspaces.js";
import { quotaToWire, settingsToWire, type WireWorkspaceCreate, type WireWorkspaceResponse, type WireWorkspaceUpdate } from "../contract/wire.js";
import type { KindHandler } from "./handler.js";
import { enc, need, readWorkspace, required, unsupported, workspaceView } from "./shared.js";

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

/** Where a change's sub-workspace was when planned: `before`, else (a create) `after`. */
const refOf = (change: Change): WorkspaceRef | null => payloadOf("subworkspace", change.before ?? change.after);

export const subworkspaceKind: KindHandler<"subworkspace"> = {
  kind: "subworkspace",
  checked: true,
  yieldsWorkspace: true,

  view(state, change, ctx) {
    // A create finds one only at its path: made since the plan, or by an earlier run.
    const ref = refOf(change);
    const w = ref ? resolveWorkspace(state, ref, ctx.workspaceIds) : undefined;
    return w ? { view: workspaceView(w), workspaceId: w.id } : { view: null };
  },

  sandbox(state, change, ctx) {
    if (change.action === "delete") {
      const b = required("subworkspace", change, "before");
      const w = resolveWorkspace(state, b, ctx.workspaceIds);
      if (w) deleteWorkspace(state, w.id);
      return {};
    }
    const a = required("subworkspace", change, "after");
    if (change.action === "create") {
      const parent = need(state, { workspacePath: a.parentPath, workspaceId: a.parentId }, ctx.workspaceIds, "parent");
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
    const b = payloadOf("subworkspace", change.before);
    // A rename changes the path: find it by where it was, else (a re-run) where it is now.
    const w = (b ? resolveWorkspace(state, b, ctx.workspaceIds) : undefined) ?? need(state, a, ctx.workspaceIds);
    const parent = resolveWorkspace(state, { workspacePath: a.parentPath, workspaceId: a.parentId }, ctx.workspaceIds);
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
  },

  async http(api) {
    const change = api.change;
    if (change.action === "delete") {
      const b = required("subworkspace", change, "before");
      const id = await api.workspaceIdIfAny(b);
      if (id !== null) {
        await api.guarded(
          () => readWorkspace(api, id, workspaceView),
          (ifMatch) => api.unlessGone(api.request("DELETE", `/v3/workspaces/${enc(id)}`, { ifMatch })),
        );
      }
      return {};
    }
    const a = required("subworkspace", change, "after");
    if (change.action === "create") {
      const parentId = await api.workspaceId({ workspacePath: a.parentPath, workspaceId: a.parentId });
      const body: WireWorkspaceCreate = {
        name: a.name,
        parent_id: parentId,
        billing: a.billing,
        api_access: a.apiAccess,
        image: a.image,
        settings: settingsToWire(a.settings),
        deletion_protection: a.deletionProtection,
        subscription: a.billing === "own" && a.subscription ? quotaToWire(a.subscription) : null,
      };
      try {
        const res = await api.request<WireWorkspaceResponse>("POST", "/v3/workspaces", { body, idempotencyKey: api.idempotencyKey("create") });
        api.pathsChanged({ path: a.workspacePath, id: res.body.data.id });
        return { workspaceId: res.body.data.id };
      } catch (e) {
        if (api.statusOf(e) !== 409) throw e;
        // There already: made by an earlier, interrupted run (adopt it), or by someone else
        // since the plan (refused unless it is exactly what the plan would make).
        api.pathsChanged();
        const id = await api.workspaceId({ workspacePath: a.workspacePath, workspaceId: null });
        api.enforce((await readWorkspace(api, id, workspaceView)).view);
        return { workspaceId: id };
      }
    }
    // A rename changes the path: find it where it was, else (a re-run) where it is now.
    const b = payloadOf("subworkspace", change.before);
    const id = (b ? await api.workspaceIdIfAny(b) : null) ?? (await api.workspaceId(a));
    const body: WireWorkspaceUpdate = {
      name: a.name,
      billing: a.billing,
      api_access: a.apiAccess,
      image: a.image,
      settings: settingsToWire(a.settings),
      deletion_protection: a.deletionProtection,
      ...(a.billing === "own" && a.subscription ? { subscription: quotaToWire(a.subscription) } : {}),
    };
    await api.guarded(
      () => readWorkspace(api, id, workspaceView),
      (ifMatch) => api.request("PATCH", `/v3/workspaces/${enc(id)}`, { body, ifMatch }),
    );
    api.pathsChanged();
    return { workspaceId: id };
  },
};
