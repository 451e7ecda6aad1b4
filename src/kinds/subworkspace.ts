// kind `subworkspace`: sub-workspaces created, updated (a rename is an update, as is a switch
// of billing) and deleted with everything in them. Identity is the account's id, else the
// path the spec gives (src/plan/match.ts decides which spec entry is which).

import { address, displayPath } from "../model/address.js";
import type { DesiredWorkspace } from "../model/desired.js";
import { payloadOf, toJson, type Change } from "../model/plan.js";
import type { SubWorkspacePayload, WorkspaceRef } from "../model/plan.gen.js";
import { QUOTA_KEYS, zeroQuota, type WorkspaceState } from "../model/state.js";
import { childrenOf, indexOf, label, membersOf, pathOf, resolveWorkspace } from "../domain/account-index.js";
import { useOf } from "../domain/accounting.js";
import { DomainError } from "../domain/errors.js";
import { DEFAULT_SETTINGS, createWorkspace, deleteWorkspace, updateWorkspace } from "../domain/workspaces.js";
import { quotaToWire, settingsToWire, type WireWorkspaceCreate, type WireWorkspaceResponse, type WireWorkspaceUpdate } from "../contract/wire.js";
import { PHASE, budgetKey, draft, errorAt, type DiffContext, type DiffOutput, type Effect, type WorkspaceMatch } from "./context.js";
import type { KindHandler } from "./handler.js";
import { changedFields, enc, mergeSettings, need, quotaOver, readWorkspace, required, sourceOf, unsupported, workspaceView } from "./shared.js";

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

/** A sub-workspace the spec declares: created, or updated where it differs. */
function planOne(ctx: DiffContext, match: WorkspaceMatch, keyed: ReadonlySet<string>, out: DiffOutput): void {
  const m = ctx.matching;
  const dw = match.desired;
  const parentPath = dw.parentPath!;
  const parent = m.byPath.get(parentPath)!;
  const addr = address.subworkspace(dw.path);
  const w = match.state;
  // A child waits for its parent to exist, and for a parent switching to own billing (the
  // only billing that may have sub-workspaces) to have switched.
  const parentSwitches = parent.state !== null && parent.desired.parentPath !== null && parent.state.billing !== parent.desired.billing;
  const parentNeeds = parent.state && !parentSwitches ? [] : [address.subworkspace(parentPath)];
  const blocked = (): void => void ctx.blocked.add(dw.path);

  if (!w) {
    if (parent.state && !nameFree(ctx, parent.state.id, null, dw, parentNeeds, out)) return blocked();
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
      subscription: dw.billing === "own" ? quotaOver(dw.subscription) : null,
    };
    const effects: Effect[] =
      dw.billing === "own"
        ? QUOTA_KEYS.filter((k) => after.subscription![k] > 0).map((k) => ({ budget: budgetKey(match.key, k), kind: "limit+" as const, amount: after.subscription![k] }))
        : [];
    out.changes.push(
      draft("subworkspace", {
        address: addr,
        action: "create",
        before: null,
        after: toJson(after),
        reason: `in the spec, not in the account${dw.id ? ` (id ${dw.id} not found)` : ""}`,
        source: dw.source,
        phase: PHASE.grow,
        rank: match.rank,
        effects,
        needs: parentNeeds,
      }),
    );
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
    subscription: dw.billing === "own" ? quotaOver(dw.subscription, w.subscription ?? zeroQuota()) : null,
    // Pinned here, not left to the account's use at apply time (removals may run first),
    // so that the budgets counted below are the ones apply meets.
    ...(switching && dw.billing === "parent" ? { allocation: useOf(m.idx, w) } : {}),
  };
  const fields = changedFields(before, after);
  const needs: string[] = [];
  // Its key is revoked first when the spec turns API access off (the apikey kind plans that).
  if (keyed.has(w.id) && !dw.apiAccess) needs.push(address.apikey(dw.path));
  if (w.name !== dw.name && !nameFree(ctx, w.parentId!, w, dw, needs, out)) return blocked();
  // Only own billing may have sub-workspaces: the account's (none are in the spec, which
  // cannot nest under parent billing) must be deleted before the switch, or it cannot happen.
  if (switching && dw.billing === "parent") {
    const kids = [...childrenOf(m.idx, w.id)];
    if (kids.length > 0 && !ctx.options.allowDelete) {
      out.diagnostics.push(
        errorAt(
          "billing-switch-with-children",
          `sub-workspace "${displayPath(dw.path)}" cannot switch to parent billing: it has ${kids.length} sub-workspace${kids.length === 1 ? "" : "s"} in the account (${kids.map((k) => k.name).join(", ")}), and nesting is only allowed under own billing`,
          dw.fieldSources["billing"] ?? dw.source,
          { address: address.subworkspace(dw.path), hint: "they are not in the spec: delete them with --allow-delete, or keep billing: own" },
        ),
      );
      return blocked();
    }
    needs.push(...kids.map((k) => address.subworkspace(pathOf(m.idx, k))));
  }
  if (fields.length === 0) return;
  const effects: Effect[] = [];
  const parentKey = m.byStateId.get(w.parentId!)?.key ?? w.parentId!;
  const use = useOf(m.idx, w);
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
    draft("subworkspace", {
      address: address.subworkspace(dw.path),
      action: "update",
      before: toJson(before),
      after: toJson(after),
      reason: [why, rest.length ? `${rest.join(", ")} ${rest.length === 1 ? "differs" : "differ"} from the spec` : ""].filter(Boolean).join("; "),
      source: sourceOf(dw, fields),
      phase: PHASE.edit,
      rank: match.rank,
      effects,
      needs: [...needs, ...parentNeeds],
    }),
  );
}

/**
 * A sub-workspace created or renamed onto a name a sibling holds in the account waits for
 * that sibling to be renamed away in the same plan; otherwise (or when renames go round in a
 * circle) it cannot be done, and planning says so. `w`: the one renamed; null on create.
 */
function nameFree(ctx: DiffContext, parentId: string, w: WorkspaceState | null, dw: DesiredWorkspace, needs: string[], out: DiffOutput): boolean {
  const m = ctx.matching;
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
      ctx.options.allowDelete ? "apply once without this entry (--allow-delete deletes the other), then add it" : "delete the other (--allow-delete, without this entry) or rename it first",
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

/** Sub-workspaces the account has and the spec does not: deleted with --allow-delete, else left alone. */
function deletions(ctx: DiffContext, out: DiffOutput): void {
  const m = ctx.matching;
  const { idx } = m;
  const doomed = new Set<string>();
  // Children before parents: the account's walk gives parents first, so go backwards.
  const list = [...m.unmatched].reverse();
  list.forEach((w, i) => {
    const path = pathOf(idx, w);
    const addr = address.subworkspace(path);
    if (!ctx.options.allowDelete) {
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
      draft("subworkspace", {
        address: addr,
        action: "delete",
        before: toJson(subWorkspacePayloadOf(w, path, pathOf(idx, parent))),
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

export const subworkspaceKind: KindHandler<"subworkspace"> = {
  kind: "subworkspace",
  order: 1,

  diff(ctx, out) {
    const keyed = new Set(ctx.state.apiKeys.map((k) => k.workspaceId));
    for (const match of ctx.matching.byPath.values()) if (match.desired.parentPath !== null) planOne(ctx, match, keyed, out);
    deletions(ctx, out);
  },

  addresses: (ctx) => [...ctx.workspacePaths].filter((p) => p !== "").map(address.subworkspace),

  checked: true,
  yieldsWorkspace: true,
  blastRadius: { limit: "maxDeletions", count: (c) => (c.action === "delete" ? 1 : 0) },

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
