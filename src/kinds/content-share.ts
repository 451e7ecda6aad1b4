// kind `content_share`: how a project, folder or video is shared (general access, users with
// view or edit, its share page). The spec manages each field it gives of each item it names;
// a share-page password is a secret reference (`{ env }`), resolved only at apply.

import { address, displayPath } from "../model/address.js";
import { canonicalJson } from "../model/fingerprint.js";
import { payloadOf, toJson, type Change } from "../model/plan.js";
import type { ContentSharePayload } from "../model/plan.gen.js";
import type { ContentState } from "../model/state.js";
import { mayHold } from "../domain/access.js";
import { membersOf, pathOf } from "../domain/account-index.js";
import type { View } from "../domain/precondition.js";
import { updateContentSharing } from "../domain/sharing.js";
import { contentFromWire, type WireContent, type WireContentSharingUpdate } from "../contract/wire.js";
import { expiredReason, expiringItem, isPast } from "../model/expiry.js";
import { PHASE, errorAt, type DiffContext, type DiffOutput } from "./context.js";
import type { KindHandler } from "./handler.js";
import { either, enc, required, unsupported } from "./shared.js";

/** Content's sharing as the account holds it, in the payload's shape; the password only as set or not. */
export function contentView(c: ContentState | undefined): View {
  if (!c) return null;
  return {
    generalAccess: c.generalAccess,
    users: c.users.map((u) => ({ email: u.email, access: u.access })),
    sharePage: { passwordSet: c.sharePage.passwordSet, publicPublishing: c.sharePage.publicPublishing, captions: c.sharePage.captions },
  };
}

/** The spec manages each field it gives of each item it names. */
function plan(ctx: DiffContext, out: DiffOutput): void {
  const { matching: m, desired, state } = ctx;
  const passwordChecks = ctx.options.passwordChecks;
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
    // Users past their `expires` are taken off (where the account has them) and never added again.
    const { now } = ctx.options;
    // A user's access ends with their membership of the content's workspace, if that ends first.
    const memberEnds = new Map((ws.desired.members ?? []).map((x) => [x.email, x.expires]));
    const users = d.users?.map((u) => ({ ...u, expires: earliest(u.expires, memberEnds.get(u.email) ?? null) })) ?? null;
    const liveUsers = users ? users.filter((u) => !isPast(u.expires, now)) : null;
    const holding = new Set(c.users.map((u) => u.email.toLowerCase()));
    const gone = (users ?? []).filter((u) => isPast(u.expires, now) && holding.has(u.email));
    for (const u of liveUsers ?? []) {
      const soon = expiringItem(() => `${address.contentShare(d.type, d.id)}(${u.email})`, u.expires, u.source, now, desired.policies.expiryNoticeDays);
      if (soon) out.expiring.push(soon);
    }
    const goneEmails = new Set(gone.map((u) => u.email));
    const expiryOnly: ContentSharePayload = { ...before, users: sortUsers(before.users.filter((u) => !goneEmails.has(u.email.toLowerCase()))) };
    const lastExpiry = gone.map((u) => u.expires!).sort().at(-1);
    const goneText = gone.map((u) => `${u.email} ${expiredReason(u.expires!)}`).join(", ");
    if (ctx.options.onlyExpired) {
      if (gone.length === 0) continue;
      out.changes.push({
        address: address.contentShare(d.type, d.id),
        kind: "content_share",
        action: "update",
        before: toJson(before),
        after: toJson(expiryOnly),
        reason: `${d.type} "${c.name}": ${goneText}`,
        source: gone[gone.length - 1]!.source,
        phase: PHASE.share,
        rank: ws.rank,
        effects: [],
        needs: [],
        expired: lastExpiry!,
      });
      continue;
    }
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
      users: liveUsers
        ? sortUsers(liveUsers)
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
    if (gone.length > 0) fields.push(goneText);
    const onlyExpiry = gone.length > 0 && password === undefined && cmp(after) === cmp(expiryOnly);
    out.changes.push({
      address: address.contentShare(d.type, d.id),
      kind: "content_share",
      action: "update",
      before: toJson(before),
      after: toJson(after),
      reason: `${d.type} "${c.name}": ${onlyExpiry ? goneText : fields.join(", ")}`,
      source: onlyExpiry ? gone[gone.length - 1]!.source : d.source,
      phase: PHASE.share,
      rank: ws.rank,
      effects: [],
      // Sharing with someone the same plan invites waits for the invitation.
      needs: (liveUsers ?? []).map((u) => address.member(d.workspacePath, u.email)),
      ...(onlyExpiry ? { expired: lastExpiry! } : {}),
    });
  }
}

function earliest(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a < b ? a : b;
}

function sortUsers(users: ContentSharePayload["users"]): ContentSharePayload["users"] {
  return [...users].map((u) => ({ email: u.email.toLowerCase(), access: u.access })).sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

function usersDropped(c: Change): number {
  const after = new Set((payloadOf("content_share", c.after)?.users ?? []).map((u) => u.email.toLowerCase()));
  return (payloadOf("content_share", c.before)?.users ?? []).filter((u) => !after.has(u.email.toLowerCase())).length;
}

export const contentShareKind: KindHandler<"content_share"> = {
  kind: "content_share",
  order: 7,
  checked: true,
  // Each person taken off shared content is one share revoked.
  blastRadius: { limit: "maxShareRevocations", count: (c) => (c.action === "update" ? usersDropped(c) : 0) },

  diff: plan,

  *addresses(ctx) {
    for (const c of ctx.desired.contentShares) yield address.contentShare(c.type, c.id);
    for (const c of ctx.state.content) yield address.contentShare(c.type, c.id);
  },

  view(state, change) {
    const p = either("content_share", change);
    return { view: contentView(state.content.find((c) => c.type === p.type && c.id === p.id)) };
  },

  sandbox(state, change, ctx) {
    if (change.action !== "update" && change.action !== "create") return unsupported(change);
    const a = required("content_share", change, "after");
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
  },

  async http(api, ctx) {
    const a = required("content_share", api.change, "after");
    const sp = a.sharePage;
    const body: WireContentSharingUpdate = {
      general_access: a.generalAccess,
      users: a.users,
      share_page: {
        public_publishing: sp.publicPublishing,
        captions: sp.captions,
        ...(sp.password === null ? { password: null } : sp.password !== undefined ? { password: ctx.resolveSecret(sp.password) } : {}),
      },
    };
    const path = `/v3/content/${enc(a.type)}/${enc(a.id)}`;
    await api.guarded(
      () => api.read<WireContent>(path, (c) => contentView(contentFromWire(c))),
      (ifMatch) => api.request("PATCH", `${path}/sharing`, { body, ifMatch }),
    );
    return {};
  },
};
