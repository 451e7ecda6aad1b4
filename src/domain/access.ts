// "Viewers are view-only, always — even where content is shared with edit rights": the one
// place that says which roles may hold which access to content. The operations keep the
// account to it, the spec's rules and the planner refuse specs that break it, and export
// leaves out what a spec could not say.

import type { ContentAccess, Role } from "../model/plan.gen.js";
import type { AccountState } from "../model/state.js";

/** Whether someone with `role` may hold `access` to content. */
export function mayHold(role: Role | undefined, access: ContentAccess): boolean {
  return !(access === "edit" && role === "viewer");
}

/** Any `edit` a new viewer holds on the workspace's content drops to `view`. */
export function downgradeViewerEdits(state: AccountState, workspaceId: string, email: string): void {
  for (const c of state.content) {
    if (c.workspaceId !== workspaceId) continue;
    for (const u of c.users) if (u.email === email && !mayHold("viewer", u.access)) u.access = "view";
  }
}
