// kind `workspace`: the main workspace's name and settings (update only; it holds the
// account's subscription, which the spec does not manage).

import { address } from "../model/address.js";
import { toJson } from "../model/plan.js";
import type { MainWorkspacePayload } from "../model/plan.gen.js";
import { mainWorkspace, indexOf } from "../domain/account-index.js";
import { updateWorkspace } from "../domain/workspaces.js";
import { settingsToWire } from "../contract/wire.js";
import { PHASE, draft } from "./context.js";
import type { KindHandler } from "./handler.js";
import { changedFields, differ, enc, mergeSettings, readWorkspace, required, sourceOf, unsupported, workspaceView } from "./shared.js";

export const workspaceKind: KindHandler<"workspace"> = {
  kind: "workspace",
  order: 0,
  checked: true,
  yieldsWorkspace: true,

  diff(ctx, out) {
    for (const match of ctx.matching.byPath.values()) {
      if (match.desired.parentPath !== null) continue;
      const w = match.state!;
      const dw = match.desired;
      const before: MainWorkspacePayload = { workspacePath: "", workspaceId: w.id, name: w.name, settings: w.settings };
      const after: MainWorkspacePayload = { ...before, name: dw.name === "" ? w.name : dw.name, settings: mergeSettings(w.settings, dw.settings) };
      const fields = changedFields(before, after);
      if (fields.length === 0) continue;
      out.changes.push(
        draft("workspace", {
          address: address.workspace(),
          action: "update",
          before: toJson(before),
          after: toJson(after),
          reason: differ(fields),
          source: sourceOf(dw, fields),
          phase: PHASE.edit,
          rank: match.rank,
        }),
      );
    }
  },

  addresses: () => [address.workspace()],

  view(state) {
    const main = mainWorkspace(indexOf(state));
    return { view: { name: main.name, settings: workspaceView(main).settings! }, workspaceId: main.id };
  },

  sandbox(state, change) {
    if (change.action !== "update") return unsupported(change);
    const after = required("workspace", change, "after");
    const main = mainWorkspace(indexOf(state));
    updateWorkspace(state, main.id, { name: after.name, settings: after.settings });
    return { workspaceId: main.id };
  },

  async http(api) {
    const a = required("workspace", api.change, "after");
    const id = await api.workspaceId(a);
    await api.guarded(
      () => readWorkspace(api, id, workspaceView),
      (ifMatch) => api.request("PATCH", `/v3/workspaces/${enc(id)}`, { body: { name: a.name, settings: settingsToWire(a.settings) }, ifMatch }),
    );
    return {};
  },
};
