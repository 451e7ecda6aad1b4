// kind `workspace`: the main workspace's name and settings (update only; it holds the
// account's subscription, which the spec does not manage).

import { mainWorkspace, indexOf } from "../domain/account-index.js";
import { updateWorkspace } from "../domain/workspaces.js";
import { settingsToWire } from "../contract/wire.js";
import type { KindHandler } from "./handler.js";
import { enc, readWorkspace, required, unsupported, workspaceView } from "./shared.js";

export const workspaceKind: KindHandler<"workspace"> = {
  kind: "workspace",
  checked: true,
  yieldsWorkspace: true,

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
