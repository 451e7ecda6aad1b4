// Asset shares and content sharing. The spec is authoritative per asset it lists (its `to`
// list is the whole list) and per field of the content it lists; library items and content
// it does not mention are left alone.

import { address, displayPath } from "../model/address.js";
import type { DesiredAccount, DesiredAssetShare } from "../model/desired.js";
import { canonicalJson } from "../model/fingerprint.js";
import type { AccountState, ContentState } from "../model/state.js";
import { mayHold } from "../domain/access.js";
import { membersOf, pathOf } from "../domain/account-index.js";
import type { AssetSharePayload, ContentSharePayload } from "../model/plan.gen.js";
import { PHASE, emptyDiff, errorAt, json, type DiffOutput } from "./draft.js";
import type { Matching } from "./match.js";

export function diffShares(m: Matching, desired: DesiredAccount, state: AccountState, passwordChecks: ReadonlyMap<string, boolean>): DiffOutput {
  const out = emptyDiff();
  assetShares(m, desired, state, out);
  contentShares(m, desired, state, passwordChecks, out);
  return out;
}

function assetShares(m: Matching, desired: DesiredAccount, state: AccountState, out: DiffOutput): void {
  const assets = new Map(state.assets.map((a) => [`${a.type}:${a.id}`, a]));
  const existing = new Map<string, AccountState["assetShares"]>();
  for (const s of state.assetShares) {
    const k = `${s.assetType}:${s.assetId}`;
    const list = existing.get(k);
    if (list) list.push(s);
    else existing.set(k, [s]);
  }
  const groups = new Map<string, DesiredAssetShare[]>();
  for (const d of desired.assetShares) {
    const k = `${d.type}:${d.id}`;
    const list = groups.get(k);
    if (list) list.push(d);
    else groups.set(k, [d]);
  }
  for (const [k, shares] of groups) {
    const first = shares[0]!;
    const asset = assets.get(k);
    if (!asset) {
      out.diagnostics.push(
        errorAt("unknown-asset", `${first.type} ${first.id} does not exist in the account`, first.source, {
          hint: "asset ids are shown by `hgw export`; in the sandbox, `hgw sandbox add-asset` creates one",
        }),
      );
      continue;
    }
    const from = m.byPath.get(first.fromPath);
    if (!from?.state || from.state.id !== asset.workspaceId) {
      const owner = m.idx.ws.get(asset.workspaceId);
      out.diagnostics.push(
        errorAt(
          "asset-not-in-library",
          `${first.type} ${first.id} ("${asset.name}") is in the library of "${owner ? displayPath(pathOf(m.idx, owner)) : asset.workspaceId}", not of "${displayPath(first.fromPath)}"`,
          first.source,
          { hint: owner ? `set from: ${displayPath(pathOf(m.idx, owner))}` : undefined },
        ),
      );
      continue;
    }
    const have = existing.get(k) ?? [];
    const haveTo = new Set(have.map((s) => s.toWorkspaceId));
    const wantTo = new Set<string>();
    for (const d of shares) {
      const to = m.byPath.get(d.toPath);
      if (!to) continue;
      if (to.state) wantTo.add(to.state.id);
      if (to.state && haveTo.has(to.state.id)) continue;
      const p: AssetSharePayload = {
        assetType: d.type,
        assetId: d.id,
        fromPath: d.fromPath,
        fromWorkspaceId: from.state.id,
        toPath: d.toPath,
        toWorkspaceId: to.state?.id ?? null,
      };
      out.changes.push({
        address: address.assetShare(d.type, d.id, displayPath(d.toPath)),
        kind: "asset_share",
        action: "create",
        before: null,
        after: json(p),
        reason: `share ${d.type} "${asset.name}" with "${displayPath(d.toPath)}"`,
        source: d.source,
        phase: PHASE.share,
        rank: to.rank,
        effects: [],
        needs: to.state ? [] : [address.subworkspace(d.toPath)],
      });
    }
    for (const s of have) {
      if (wantTo.has(s.toWorkspaceId)) continue;
      // Shares into workspaces the spec does not manage are theirs, not ours.
      const to = m.byStateId.get(s.toWorkspaceId);
      if (!to) continue;
      const p: AssetSharePayload = {
        assetType: s.assetType,
        assetId: s.assetId,
        fromPath: first.fromPath,
        fromWorkspaceId: s.fromWorkspaceId,
        toPath: to.desired.path,
        toWorkspaceId: s.toWorkspaceId,
      };
      out.changes.push({
        address: address.assetShare(s.assetType, s.assetId, displayPath(to.desired.path)),
        kind: "asset_share",
        action: "delete",
        before: json(p),
        after: null,
        reason: `${s.assetType} "${asset.name}" is listed in the spec without "${displayPath(to.desired.path)}" among its \`to\``,
        source: first.source,
        phase: PHASE.release,
        rank: to.rank,
        effects: [],
        needs: [],
      });
    }
  }
}

function contentShares(m: Matching, desired: DesiredAccount, state: AccountState, passwordChecks: ReadonlyMap<string, boolean>, out: DiffOutput): void {
  const content = new Map<string, ContentState>(state.content.map((c) => [`${c.type}:${c.id}`, c]));
  for (const d of desired.contentShares) {
    const c = content.get(`${d.type}:${d.id}`);
    if (!c) {
      out.diagnostics.push(
        errorAt("unknown-content", `${d.type} ${d.id} does not exist in the account`, d.source, {
          hint: "content ids are shown by `hgw export`; in the sandbox, `hgw sandbox add-content` creates one",
        }),
      );
      continue;
    }
    const ws = m.byPath.get(d.workspacePath);
    if (!ws?.state || ws.state.id !== c.workspaceId) {
      const owner = m.idx.ws.get(c.workspaceId);
      out.diagnostics.push(
        errorAt(
          "content-elsewhere",
          `${d.type} ${d.id} ("${c.name}") is in "${owner ? displayPath(pathOf(m.idx, owner)) : c.workspaceId}", not in "${displayPath(d.workspacePath)}"`,
          d.source,
          { hint: owner ? `set workspace: ${displayPath(pathOf(m.idx, owner))}` : undefined },
        ),
      );
      continue;
    }
    // Viewers are view-only. The spec's rules check the members it lists; where it lists none
    // (or ignores someone), the role in the account stands, and only planning can see it.
    const specRole = new Map((ws.desired.members ?? []).map((x) => [x.email, x.role]));
    const accountMembers = membersOf(m.idx, c.workspaceId);
    const viewerEdits = (d.users ?? []).filter(
      (u) => !mayHold(specRole.get(u.email.toLowerCase()) ?? accountMembers.get(u.email.toLowerCase())?.role, u.access),
    );
    if (viewerEdits.length > 0) {
      out.diagnostics.push(
        errorAt(
          "viewer-edit",
          `${d.type} ${d.id} gives edit access to ${viewerEdits.map((u) => u.email.toLowerCase()).join(", ")}, ${viewerEdits.length === 1 ? "a viewer" : "viewers"} in "${displayPath(d.workspacePath)}" in the account; viewers are always view-only`,
          d.source,
          { address: address.contentShare(d.type, d.id), hint: "use `access: view`, or list the member in the spec with another role" },
        ),
      );
      continue;
    }
    const ref = { workspacePath: d.workspacePath, workspaceId: c.workspaceId };
    const before: ContentSharePayload = {
      ...ref,
      type: c.type,
      id: c.id,
      generalAccess: c.generalAccess,
      users: c.users.map((u) => ({ ...u })),
      sharePage: { passwordSet: c.sharePage.passwordSet, publicPublishing: c.sharePage.publicPublishing, captions: c.sharePage.captions },
    };
    const page = d.sharePage ?? {};
    // A password set in the account is compared with the spec's secret where that secret is
    // at hand (the account answers; its digest never leaves it): another one is a change.
    // Where it is not, the password is taken to match, and the plan warns that it was not
    // compared. Setting one, or removing it, is a change.
    const matches = passwordChecks.get(`${c.type}:${c.id}`);
    const password =
      page.password === undefined ? undefined
      : page.password === null ? (c.sharePage.passwordSet ? null : undefined)
      : !c.sharePage.passwordSet || matches === false ? page.password
      : undefined;
    if (page.password && c.sharePage.passwordSet && matches === undefined) {
      out.warnings.push({
        severity: "warning",
        code: "share-password-unchecked",
        message: `the share-page password of ${d.type} ${d.id} was not compared with ${page.password.env}, which is not set here; the password the account holds is taken to be it`,
        hint: `set ${page.password.env} where the plan runs to find a password changed in the account or in the secret`,
        source: d.source,
        address: address.contentShare(d.type, d.id),
      });
    }
    // Users the spec leaves alone keep their access, except that someone the plan makes a
    // viewer drops to view (the role change does that too; the payload must not undo it).
    const specRoles = new Map((ws.desired.members ?? []).map((x) => [x.email, x.role]));
    const after: ContentSharePayload = {
      ...before,
      generalAccess: d.generalAccess ?? c.generalAccess,
      users: d.users
        ? sortUsers(d.users)
        : before.users.map((u) => (mayHold(specRoles.get(u.email.toLowerCase()), u.access) ? u : { ...u, access: "view" as const })),
      sharePage: {
        passwordSet: password === undefined ? c.sharePage.passwordSet : password !== null,
        ...(password === undefined ? {} : { password }),
        publicPublishing: page.publicPublishing ?? c.sharePage.publicPublishing,
        captions: page.captions ?? c.sharePage.captions,
      },
    };
    const cmp = (p: ContentSharePayload) => canonicalJson({ ...p, users: sortUsers(p.users), sharePage: { ...p.sharePage, password: undefined } });
    if (password === undefined && cmp(before) === cmp(after)) continue;
    const fields = [
      before.generalAccess !== after.generalAccess ? "generalAccess" : "",
      canonicalJson(sortUsers(before.users)) !== canonicalJson(sortUsers(after.users)) ? "users" : "",
      password === undefined ? ""
      : password === null ? "password removed"
      : matches === false ? `password differs from ${password.env} (changed in the account or in the secret); set it again`
      : "password set",
      before.sharePage.publicPublishing !== after.sharePage.publicPublishing ? "publicPublishing" : "",
      before.sharePage.captions !== after.sharePage.captions ? "captions" : "",
    ].filter(Boolean);
    out.changes.push({
      address: address.contentShare(d.type, d.id),
      kind: "content_share",
      action: "update",
      before: json(before),
      after: json(after),
      reason: `${d.type} "${c.name}": ${fields.join(", ")}`,
      source: d.source,
      phase: PHASE.share,
      rank: ws.rank,
      effects: [],
      // Sharing with someone the same plan invites waits for the invitation.
      needs: (d.users ?? []).map((u) => address.member(d.workspacePath, u.email)),
    });
  }
}

function sortUsers(users: ContentSharePayload["users"]): ContentSharePayload["users"] {
  return [...users].map((u) => ({ email: u.email.toLowerCase(), access: u.access })).sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}
