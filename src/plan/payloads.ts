// Builders of payloads from what the account holds. The payload types themselves are generated
// from schema/plan.schema.json (model/plan.gen.ts).

import type { SubWorkspacePayload } from "../model/plan.gen.js";
import type { WorkspaceState } from "../model/state.js";

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
