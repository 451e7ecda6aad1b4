// Identity without a state file: which workspace in the account each spec entry means. A
// pinned `id` wins, then the name under the matched parent, then `formerNames` (a rename).

import type { Diagnostic } from "../model/diagnostics.js";
import type { DesiredAccount } from "../model/desired.js";
import type { AccountState, WorkspaceState } from "../model/state.js";
import { address, displayPath } from "../model/address.js";
import { childrenOf, indexOf, pathOf } from "../domain/account-index.js";
import { errorAt, type Matching, type WorkspaceMatch } from "../kinds/context.js";

export type { Matching, WorkspaceMatch } from "../kinds/context.js";

export function matchWorkspaces(desired: DesiredAccount, state: AccountState): Matching {
  const idx = indexOf(state);
  const byPath = new Map<string, WorkspaceMatch>();
  const byStateId = new Map<string, WorkspaceMatch>();
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const main = state.workspaces.find((w) => w.parentId === null);
  if (!main) {
    diagnostics.push(errorAt("account-without-main", "the account has no main workspace", null));
    return { idx, byPath, byStateId, unmatched: [], diagnostics, warnings };
  }

  // Children by name, per parent, built once: scanning every child for each spec entry is
  // quadratic (a million comparisons at 1,000 sub-workspaces).
  const byNameUnder = new Map<string, Map<string, WorkspaceState[]>>();
  const named = (parentId: string, name: string): WorkspaceState[] => {
    let byName = byNameUnder.get(parentId);
    if (!byName) {
      byNameUnder.set(parentId, (byName = new Map()));
      for (const c of childrenOf(idx, parentId)) {
        const list = byName.get(c.name);
        if (list) list.push(c);
        else byName.set(c.name, [c]);
      }
    }
    return byName.get(name) ?? [];
  };

  desired.workspaces.forEach((dw, rank) => {
    let found: WorkspaceState | null = null;
    if (dw.parentPath === null) {
      found = main;
    } else {
      const parent = byPath.get(dw.parentPath);
      const parentState = parent?.state ?? null;
      const free = (w: WorkspaceState | undefined): w is WorkspaceState => !!w && !byStateId.has(w.id);
      if (dw.id !== null) {
        const pinned = idx.ws.get(dw.id);
        if (!pinned) {
          warnings.push({
            severity: "warning",
            code: "pinned-id-not-found",
            message: `sub-workspace "${dw.path}" pins id ${dw.id}, which the account does not have; it will be created with a new id`,
            source: dw.fieldSources["id"] ?? dw.source,
            hint: "remove the id (or run `hgw export` again) once it exists",
            address: address.subworkspace(dw.path),
          });
        } else if (pinned.parentId === null) {
          diagnostics.push(errorAt("pinned-id-main", `sub-workspace "${dw.path}" pins id ${dw.id}, which is the main workspace`, dw.fieldSources["id"] ?? dw.source));
        } else if (parentState === null || pinned.parentId !== parentState.id) {
          diagnostics.push(
            errorAt(
              "move-not-supported",
              `sub-workspace "${dw.path}" pins id ${dw.id}, which the account has under "${displayPath(pathOf(idx, idx.ws.get(pinned.parentId) ?? main))}"; moving a sub-workspace to another parent is not supported`,
              dw.fieldSources["id"] ?? dw.source,
              { hint: "create a new sub-workspace where you want it (without the id) and delete the old one with --allow-delete", address: address.subworkspace(dw.path) },
            ),
          );
        } else if (byStateId.has(pinned.id)) {
          diagnostics.push(errorAt("duplicate-id", `id ${dw.id} is claimed twice in the spec`, dw.fieldSources["id"] ?? dw.source));
        } else {
          found = pinned;
        }
      } else if (parentState) {
        found =
          named(parentState.id, dw.name).find(free) ??
          dw.formerNames.map((n) => named(parentState.id, n).find(free)).find(free) ??
          null;
      }
    }
    const m: WorkspaceMatch = {
      desired: dw,
      state: found,
      key: found ? found.id : `new:${dw.path}`,
      rank,
      statePath: found ? pathOf(idx, found) : null,
    };
    byPath.set(dw.path, m);
    if (found) byStateId.set(found.id, m);
  });

  // Walk the account's tree so that the unmatched come out parents before children.
  const unmatched: WorkspaceState[] = [];
  const walk = (w: WorkspaceState): void => {
    for (const c of childrenOf(idx, w.id)) {
      if (!byStateId.has(c.id)) unmatched.push(c);
      walk(c);
    }
  };
  walk(main);
  return { idx, byPath, byStateId, unmatched, diagnostics, warnings };
}
