// Workspaces themselves: the main workspace's name and settings; sub-workspaces created,
// updated (a rename is an update), deleted; their allocations and API keys.

import { address, displayPath, type ResourceKind } from "../model/address.js";
import type { SourceLocation } from "../model/diagnostics.js";
import type { DesiredWorkspace } from "../model/desired.js";
import { canonicalJson } from "../model/fingerprint.js";
import { QUOTA_KEYS, type AccountState, type Quota, type WorkspaceState } from "../model/state.js";
import { DEFAULT_SETTINGS, type WorkspaceSettings } from "../domain/operations.js";
import { childrenOf, membersOf, pathOf } from "../domain/account-index.js";
import { zeroQuota } from "../domain/accounting.js";
import type { Settings } from "../spec/types.gen.js";
import { subWorkspacePayloadOf } from "./payloads.js";
import type {
  AllocationPayload,
  ApiKeyPayload,
  MainWorkspacePayload,
  SubWorkspacePayload,
} from "./payloads.js";
import { PHASE, budgetKey, emptyDiff, errorAt, json, type DiffOutput, type DraftChange, type Effect } from "./draft.js";
import type { Matching, WorkspaceMatch } from "./match.js";

export interface WorkspaceDiffOptions {
  allowDelete: boolean;
}

function mergeSettings(base: WorkspaceSettings, spec: Settings): WorkspaceSettings {
  const out: WorkspaceSettings = { ...base };
  for (const [k, v] of Object.entries(spec)) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  }
  return out;
}

function fullQuota(q: Partial<Quota> | null | undefined, base: Quota = zeroQuota()): Quota {
  return { ...base, ...(q ?? {}) };
}

/** Paths of fields whose canonical values differ, for reasons and sources. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of Object.keys(after)) {
    if (k === "workspacePath" || k === "parentPath") continue;
    const b = before[k];
    const a = after[k];
    if (canonicalJson(b) === canonicalJson(a)) continue;
    if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a)) {
      for (const sub of Object.keys(a)) {
        if (canonicalJson((b as Record<string, unknown>)[sub]) !== canonicalJson((a as Record<string, unknown>)[sub])) out.push(`${k}.${sub}`);
      }
    } else out.push(k);
  }
  return out;
}

function sourceOf(dw: DesiredWorkspace, fields: string[]): SourceLocation {
  for (const f of fields) {
    const s = dw.fieldSources[f] ?? dw.fieldSources[f.split(".")[0]!];
    if (s) return s;
  }
  return dw.source;
}

/** What a workspace uses now: the floor an allocation may not go below. */
function currentUse(m: Matching, w: WorkspaceState): Quota {
  return { ...w.usage, seats: membersOf(m.idx, w.id).size };
}

export function diffWorkspaces(m: Matching, state: AccountState, opts: WorkspaceDiffOptions): DiffOutput {
  const out = emptyDiff();
  const keysByWs = new Map(state.apiKeys.map((k) => [k.workspaceId, k]));
  for (const match of m.byPath.values()) {
    if (match.desired.parentPath === null) mainWorkspace(match, out);
    else subWorkspace(m, match, keysByWs, opts, out);
  }
  deletions(m, opts, out);
  return out;
}

function change(
  kind: ResourceKind,
  fields: Omit<DraftChange, "kind" | "effects" | "needs"> & Partial<Pick<DraftChange, "effects" | "needs">>,
): DraftChange {
  return { kind, effects: [], needs: [], ...fields };
}

function mainWorkspace(match: WorkspaceMatch, out: DiffOutput): void {
  const w = match.state!;
  const dw = match.desired;
  const before: MainWorkspacePayload = { workspacePath: "", workspaceId: w.id, name: w.name, settings: w.settings };
  const after: MainWorkspacePayload = {
    ...before,
    name: dw.name === "" ? w.name : dw.name,
    settings: mergeSettings(w.settings, dw.settings),
  };
  const fields = changedFields(json(before), json(after));
  if (fields.length === 0) return;
  out.changes.push(
    change("workspace", {
      address: address.workspace(),
      action: "update",
      before: json(before),
      after: json(after),
      reason: `${fields.join(", ")} ${fields.length === 1 ? "differs" : "differ"} from the spec`,
      source: sourceOf(dw, fields),
      phase: PHASE.edit,
      rank: match.rank,
    }),
  );
}

function subWorkspace(
  m: Matching,
  match: WorkspaceMatch,
  keysByWs: Map<string, AccountState["apiKeys"][number]>,
  opts: WorkspaceDiffOptions,
  out: DiffOutput,
): void {
  const dw = match.desired;
  const parentPath = dw.parentPath!;
  const parent = m.byPath.get(parentPath)!;
  const addr = address.subworkspace(dw.path);
  const w = match.state;
  // A child waits for its parent to exist, and for a parent switching to own billing (the
  // only billing that may have sub-workspaces) to have switched.
  const parentSwitches = parent.state !== null && parent.desired.parentPath !== null && parent.state.billing !== parent.desired.billing;
  const parentNeeds = parent.state && !parentSwitches ? [] : [address.subworkspace(parentPath)];

  if (!w) {
    if (parent.state && !nameFree(m, parent.state.id, null, dw, opts, parentNeeds, out)) return;
    const after: SubWorkspacePayload = {
      workspacePath: dw.path,
      workspaceId: null,
      name: dw.name,
      parentPath,
      parentId: parent.state?.id ?? null,
      billing: dw.billing,
      apiAccess: dw.apiAccess,
      image: dw.image ?? null,
      settings: mergeSettings({ ...DEFAULT_SETTINGS, joinDomains: [] }, dw.settings),
      deletionProtection: dw.deletionProtection,
      subscription: dw.billing === "own" ? fullQuota(dw.subscription) : null,
    };
    const effects: Effect[] =
      dw.billing === "own"
        ? QUOTA_KEYS.filter((k) => after.subscription![k] > 0).map((k) => ({ budget: budgetKey(match.key, k), kind: "limit+" as const, amount: after.subscription![k] }))
        : [];
    out.changes.push(
      change("subworkspace", {
        address: addr,
        action: "create",
        before: null,
        after: json(after),
        reason: `in the spec, not in the account${dw.id ? ` (id ${dw.id} not found)` : ""}`,
        source: dw.source,
        phase: PHASE.grow,
        rank: match.rank,
        effects,
        needs: parentNeeds,
      }),
    );
    if (dw.billing === "parent") allocation(match, parent, zeroQuota(), [addr], out);
    if (dw.apiAccess) apiKeyCreate(match, [addr], out);
    return;
  }

  const before = subWorkspacePayloadOf(w, match.statePath!, pathOf(m.idx, m.idx.ws.get(w.parentId!)!));
  const switching = w.billing !== dw.billing;
  const after: SubWorkspacePayload = {
    ...before,
    workspacePath: dw.path,
    parentPath,
    name: dw.name,
    billing: dw.billing,
    apiAccess: dw.apiAccess,
    image: dw.image === undefined ? w.image : dw.image,
    settings: mergeSettings(w.settings, dw.settings),
    deletionProtection: dw.deletionProtection,
    subscription: dw.billing === "own" ? fullQuota(dw.subscription, w.subscription ?? zeroQuota()) : null,
    // Pinned here, not left to the account's use at apply time (removals may run first),
    // so that the budgets counted below are the ones apply meets.
    ...(switching && dw.billing === "parent" ? { allocation: currentUse(m, w) } : {}),
  };
  const fields = changedFields(json(before), json(after));
  const needs: string[] = [];
  const key = keysByWs.get(w.id);
  if (key && !dw.apiAccess) {
    const p: ApiKeyPayload = { workspacePath: dw.path, workspaceId: w.id, keyId: key.keyId, last4: key.last4 };
    out.changes.push(
      change("apikey", {
        address: address.apikey(dw.path),
        action: "delete",
        before: json(p),
        after: null,
        reason: "apiAccess is off in the spec: the workspace's API key is revoked",
        source: dw.fieldSources["apiAccess"] ?? dw.source,
        phase: PHASE.release,
        rank: match.rank,
      }),
    );
    needs.push(address.apikey(dw.path));
  }
  if (w.name !== dw.name && !nameFree(m, w.parentId!, w, dw, opts, needs, out)) return;
  // Only own billing may have sub-workspaces: the account's (none are in the spec, which
  // cannot nest under parent billing) must be deleted before the switch, or it cannot happen.
  if (switching && dw.billing === "parent") {
    const kids = [...childrenOf(m.idx, w.id)];
    if (kids.length > 0 && !opts.allowDelete) {
      out.diagnostics.push(
        errorAt(
          "billing-switch-with-children",
          `sub-workspace "${displayPath(dw.path)}" cannot switch to parent billing: it has ${kids.length} sub-workspace${kids.length === 1 ? "" : "s"} in the account (${kids.map((k) => k.name).join(", ")}), and nesting is only allowed under own billing`,
          dw.fieldSources["billing"] ?? dw.source,
          { address: address.subworkspace(dw.path), hint: "they are not in the spec: delete them with --allow-delete, or keep billing: own" },
        ),
      );
      return;
    }
    needs.push(...kids.map((k) => address.subworkspace(pathOf(m.idx, k))));
  }
  if (fields.length > 0) {
    const effects: Effect[] = [];
    const parentKey = m.byStateId.get(w.parentId!)?.key ?? w.parentId!;
    const use = currentUse(m, w);
    for (const k of QUOTA_KEYS) {
      const limitBefore = w.billing === "own" ? (w.subscription?.[k] ?? 0) : (w.allocation?.[k] ?? 0);
      const limitAfter = dw.billing === "own" ? after.subscription![k] : switching ? use[k] : limitBefore;
      const d = limitAfter - limitBefore;
      if (d !== 0) effects.push({ budget: budgetKey(match.key, k), kind: d > 0 ? "limit+" : "limit-", amount: Math.abs(d) });
      if (switching && dw.billing === "own" && (w.allocation?.[k] ?? 0) > 0)
        effects.push({ budget: budgetKey(parentKey, k), kind: "use-", amount: w.allocation![k] });
      if (switching && dw.billing === "parent" && use[k] > 0)
        effects.push({ budget: budgetKey(parentKey, k), kind: "use+", amount: use[k] });
    }
    const renamed = before.name !== after.name;
    const why = renamed
      ? `renamed from "${before.name}"${dw.formerNames.includes(before.name) ? " (formerNames)" : dw.id ? ` (id ${dw.id})` : ""}`
      : "";
    const rest = fields.filter((f) => f !== "name");
    out.changes.push(
      change("subworkspace", {
        address: address.subworkspace(dw.path),
        action: "update",
        before: json(before),
        after: json(after),
        reason: [why, rest.length ? `${rest.join(", ")} ${rest.length === 1 ? "differs" : "differ"} from the spec` : ""].filter(Boolean).join("; "),
        source: sourceOf(dw, fields),
        phase: PHASE.edit,
        rank: match.rank,
        effects,
        needs: [...needs, ...parentNeeds],
      }),
    );
  }
  if (dw.billing === "parent") {
    const base = switching ? currentUse(m, w) : fullQuota(w.allocation);
    allocation(match, parent, base, switching ? [address.subworkspace(dw.path)] : [], out, w.allocation !== null && !switching);
  }
  if (dw.apiAccess && !key) apiKeyCreate(match, fields.includes("apiAccess") ? [address.subworkspace(dw.path)] : [], out);
  if (dw.apiAccess && key?.delivered === false) apiKeyRotate(match, key, out);
}

/**
 * A sub-workspace created or renamed onto a name a sibling holds in the account waits for
 * that sibling to be renamed away in the same plan; otherwise (or when renames go round in a
 * circle) it cannot be done, and planning says so. `w`: the one renamed; null on create.
 */
function nameFree(
  m: Matching,
  parentId: string,
  w: WorkspaceState | null,
  dw: DesiredWorkspace,
  opts: WorkspaceDiffOptions,
  needs: string[],
  out: DiffOutput,
): boolean {
  const holder = (name: string) => m.idx.childByName.get(`${parentId}\u0000${name}`);
  const clash = holder(dw.name);
  if (!clash || clash === w) return true;
  const other = m.byStateId.get(clash.id);
  const fail = (code: string, why: string, hint: string): false => {
    const what = w ? `be renamed from "${w.name}"` : "be created";
    out.diagnostics.push(errorAt(code, `sub-workspace "${displayPath(dw.path)}" cannot ${what}: ${why}`, dw.source, { address: address.subworkspace(dw.path), hint }));
    return false;
  };
  // Deleting it first would give two changes one address, so that takes two applies.
  if (!other) {
    return fail(
      "name-taken",
      `the account has another sub-workspace named "${dw.name}" there, which the spec does not manage`,
      opts.allowDelete ? "apply once without this entry (--allow-delete deletes the other), then add it" : "delete the other (--allow-delete, without this entry) or rename it first",
    );
  }
  const seen = new Set(w ? [w.id] : []);
  for (let h: WorkspaceState | undefined = clash; h; ) {
    if (seen.has(h.id)) {
      if (w && h.id === w.id) return fail("rename-cycle", `the spec's renames go round in a circle through "${dw.name}"`, "rename through a name no sibling holds, in two applies");
      break;
    }
    seen.add(h.id);
    const hm = m.byStateId.get(h.id);
    if (!hm || hm.desired.name === h.name) break;
    h = holder(hm.desired.name);
  }
  needs.push(address.subworkspace(other.desired.path));
  return true;
}

function allocation(
  match: WorkspaceMatch,
  parent: WorkspaceMatch,
  base: Quota,
  needs: string[],
  out: DiffOutput,
  exists = false,
): void {
  const dw = match.desired;
  const after: Quota = fullQuota(dw.allocation, base);
  const effects: Effect[] = [];
  let grows = false;
  let shrinks = false;
  for (const k of QUOTA_KEYS) {
    const d = after[k] - base[k];
    if (d === 0) continue;
    if (d > 0) grows = true;
    else shrinks = true;
    const at = dw.fieldSources[`allocation.${k}`];
    const source = at ? { source: at } : {};
    effects.push({ budget: budgetKey(parent.key, k), kind: d > 0 ? "use+" : "use-", amount: Math.abs(d), ...source });
    effects.push({ budget: budgetKey(match.key, k), kind: d > 0 ? "limit+" : "limit-", amount: Math.abs(d), ...source });
  }
  if (effects.length === 0) return;
  const ref = { workspacePath: dw.path, workspaceId: match.state?.id ?? null };
  const changed = QUOTA_KEYS.filter((k) => after[k] !== base[k]);
  const creating = !match.state;
  out.changes.push(
    change("allocation", {
      address: address.allocation(dw.path),
      action: creating ? "create" : "update",
      before: creating ? null : json({ ...ref, ...base } satisfies AllocationPayload),
      after: json({ ...ref, ...after } satisfies AllocationPayload),
      reason: creating
        ? "allocation of the new sub-workspace"
        : changed.map((k) => `${k} ${base[k].toLocaleString("en-US")} → ${after[k].toLocaleString("en-US")}`).join(", ") + (exists ? "" : " (allocation set for parent billing)"),
      source: sourceOf(dw, changed.map((k) => `allocation.${k}`).concat("allocation")),
      // Pure decreases free room early; anything that grows waits for the room to be made.
      phase: grows ? PHASE.grow : PHASE.shrink,
      // Mixed changes first among the growing ones: they also free room others may need.
      rank: shrinks && grows ? -1_000_000 + match.rank : match.rank,
      effects,
      needs,
    }),
  );
}

function apiKeyCreate(match: WorkspaceMatch, needs: string[], out: DiffOutput): void {
  const dw = match.desired;
  const p: ApiKeyPayload = { workspacePath: dw.path, workspaceId: match.state?.id ?? null, keyId: null, last4: null };
  out.changes.push(
    change("apikey", {
      address: address.apikey(dw.path),
      action: "create",
      before: null,
      after: json(p),
      reason: "apiAccess is on and the workspace has no API key; the new key is shown once",
      source: dw.fieldSources["apiAccess"] ?? dw.source,
      phase: PHASE.share,
      rank: match.rank,
      needs,
    }),
  );
}

/**
 * A key created for an apply that stopped before it stored the key (the account says it was
 * never confirmed delivered): nobody holds it, so a new one is made and delivered.
 */
function apiKeyRotate(match: WorkspaceMatch, key: AccountState["apiKeys"][number], out: DiffOutput): void {
  const dw = match.desired;
  const before: ApiKeyPayload = { workspacePath: dw.path, workspaceId: key.workspaceId, keyId: key.keyId, last4: key.last4 };
  out.changes.push(
    change("apikey", {
      address: address.apikey(dw.path),
      action: "replace",
      before: json(before),
      after: json({ ...before, keyId: null, last4: null } satisfies ApiKeyPayload),
      reason: `the key …${key.last4} was made by an apply that stopped before it stored the key, so nobody has it; rotate it and deliver the new one`,
      source: dw.fieldSources["apiAccess"] ?? dw.source,
      phase: PHASE.share,
      rank: match.rank,
    }),
  );
}

function deletions(m: Matching, opts: WorkspaceDiffOptions, out: DiffOutput): void {
  const { idx } = m;
  const doomed = new Set<string>();
  // Children before parents: the account's walk gives parents first, so go backwards.
  const list = [...m.unmatched].reverse();
  list.forEach((w, i) => {
    const path = pathOf(idx, w);
    const addr = address.subworkspace(path);
    if (!opts.allowDelete) {
      out.unmanaged.push({ address: addr, reason: "in the account, not in the spec; `--allow-delete` deletes it" });
      return;
    }
    // The spec gives that path to another sub-workspace (renames moved names around): two
    // changes cannot share an address, so this takes two applies.
    if (m.byPath.has(path)) {
      out.diagnostics.push(
        errorAt("name-taken", `sub-workspace "${displayPath(path)}" is not in the spec and would be deleted, but the spec gives its path to another sub-workspace`, m.byPath.get(path)!.desired.source, {
          address: addr,
          hint: "apply once without the entry that takes its path (--allow-delete deletes it), then add it",
        }),
      );
      return;
    }
    if (w.deletionProtection) {
      out.diagnostics.push(
        errorAt("deletion-protected", `sub-workspace "${displayPath(path)}" is not in the spec, but it has deletion protection, so it cannot be deleted`, null, {
          address: addr,
          hint: "put it back in the spec with deletionProtection: false and apply, then remove it; or keep it in the spec",
        }),
      );
      return;
    }
    doomed.add(w.id);
    const parent = idx.ws.get(w.parentId!)!;
    const parentKey = m.byStateId.get(parent.id)?.key ?? parent.id;
    const effects: Effect[] =
      w.billing === "parent" && w.allocation
        ? QUOTA_KEYS.filter((k) => w.allocation![k] > 0).map((k) => ({ budget: budgetKey(parentKey, k), kind: "use-" as const, amount: w.allocation![k] }))
        : [];
    const children = list.filter((c) => c.parentId === w.id).map((c) => address.subworkspace(pathOf(idx, c)));
    const members = membersOf(idx, w.id).size;
    out.changes.push(
      change("subworkspace", {
        address: addr,
        action: "delete",
        before: json(subWorkspacePayloadOf(w, path, pathOf(idx, parent))),
        after: null,
        reason: `in the account, not in the spec (--allow-delete); its ${members} member${members === 1 ? "" : "s"}, content and shares go with it`,
        source: null,
        phase: PHASE.deleteWorkspaces,
        rank: i,
        effects,
        needs: children,
      }),
    );
  });
}
