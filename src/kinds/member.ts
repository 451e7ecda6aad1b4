// kind `member`: people in a workspace, by email, each with one role. An invitation is a
// member until accepted (it holds a seat); an expired one is re-sent (`replace`); one for
// someone the spec no longer lists is revoked.

import { payloadOf, type Change } from "../model/plan.js";
import type { MemberState } from "../model/state.js";
import { indexOf, membersOf, resolveWorkspace } from "../domain/account-index.js";
import { changeMemberRole, inviteMember, isExpired, removeMember, resendInvitation } from "../domain/members.js";
import type { View } from "../domain/precondition.js";
import { memberFromWire, type WireInvitation, type WireMember, type WireRoleChange } from "../contract/wire.js";
import type { KindHandler } from "./handler.js";
import { either, enc, need, required, unsupported } from "./shared.js";

/** A member as the account holds them, in the payload's shape (`expired`: an invitation past its time). */
export function memberView(m: MemberState | undefined, now: string): View {
  return m ? { email: m.email, role: m.role, status: isExpired(m, now) ? "expired" : m.status } : null;
}

const refOf = (change: Change) => payloadOf("member", change.before ?? change.after);

export const memberKind: KindHandler<"member"> = {
  kind: "member",
  checked: true,
  // A pending invitation becomes an active member without anyone asking hgw.
  doneDespite: (path, want, have) => path === "status" && want === "invited" && have === "active",

  view(state, change, ctx) {
    const ref = refOf(change);
    const w = ref ? resolveWorkspace(state, ref, ctx.workspaceIds) : undefined;
    const email = either("member", change).email.toLowerCase();
    return { view: w ? memberView(membersOf(indexOf(state), w.id).get(email), ctx.now) : null };
  },

  sandbox(state, change, ctx) {
    if (change.action === "delete") {
      const b = required("member", change, "before");
      const w = resolveWorkspace(state, b, ctx.workspaceIds);
      if (w) removeMember(state, w.id, b.email);
      return {};
    }
    const a = required("member", change, "after");
    const w = need(state, a, ctx.workspaceIds);
    if (change.action === "create") inviteMember(state, w.id, a.email, a.role, ctx);
    else if (change.action === "update") changeMemberRole(state, w.id, a.email, a.role);
    else if (change.action === "replace") resendInvitation(state, w.id, a.email, ctx, a.role);
    else unsupported(change);
    return {};
  },

  async http(api) {
    const change = api.change;
    const p = either("member", change);
    const email = p.email.toLowerCase();
    const now = new Date().toISOString();
    const current = (id: string) => () => api.read<WireMember>(`/v3/workspaces/${enc(id)}/members/${enc(email)}`, (m) => memberView(memberFromWire(m), now));
    if (change.action === "delete") {
      const id = await api.workspaceIdIfAny(p);
      if (id !== null) {
        await api.guarded(current(id), (ifMatch) => api.unlessGone(api.request("DELETE", `/v3/workspaces/${enc(id)}/members/${enc(email)}`, { ifMatch })));
      }
      return {};
    }
    const id = await api.workspaceId(p);
    const base = `/v3/workspaces/${enc(id)}/members`;
    const invitation: WireInvitation = { email, role: p.role };
    const setRole = (ifMatch?: string): Promise<unknown> =>
      api.request("PATCH", `${base}/${enc(email)}`, { body: { role: p.role } satisfies WireRoleChange, ifMatch });
    switch (change.action) {
      case "create":
        try {
          await api.request("POST", base, { body: invitation, idempotencyKey: api.idempotencyKey("invite") });
        } catch (e) {
          if (api.statusOf(e) !== 409) throw e;
          // Invited already: done when as the plan would make it; never another role over it.
          api.enforce((await current(id)()).view);
        }
        return {};
      case "update":
        await api.guarded(current(id), (ifMatch) => setRole(ifMatch));
        return {};
      case "replace": {
        let reinvite = false;
        await api.guarded(current(id), async (ifMatch) => {
          try {
            await api.request("POST", `${base}/${enc(email)}/resend`, { idempotencyKey: api.idempotencyKey("resend"), ifMatch });
          } catch (e) {
            if (api.statusOf(e) !== 404) throw e;
            reinvite = true;
          }
        });
        if (reinvite) {
          await api.request("POST", base, { body: invitation, idempotencyKey: api.idempotencyKey("reinvite") });
          return {};
        }
        // Right after this change's own resend: no one else's write to guard against.
        if (change.before && payloadOf("member", change.before).role !== p.role) await setRole();
        return {};
      }
      default:
        throw new Error(`${change.address}: member changes cannot ${change.action}`);
    }
  },
};
