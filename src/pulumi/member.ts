// The Member resource on the host: one person in one workspace, with one role.

import { address, normalizeWorkspaceRef } from "../model/address.js";
import { ROLES } from "../model/plan.gen.js";
import { memberPayload } from "../kinds/index.js";
import type { Role } from "../spec/types.gen.js";
import { executeOne, fail, hasUnknowns, plain, settingsOf, settingsOut } from "./common.js";
import { Paths, acrossAccounts, cwd, forRead, inputsOf, json, movedTo, onAccount, wrap, type Diff, type Props } from "./fine-common.js";

export interface MemberInputs {
  workspace: string;
  email: string;
  role: Role;
  provider?: unknown;
}

function memberOutputs(paths: Paths, wsId: string, email: string, props: Props): Props | null {
  const m = paths.state.members.find((x) => x.workspaceId === wsId && x.email === email);
  if (!m) return null;
  return plain({
    provider: settingsOut(settingsOf(props.provider, cwd())),
    workspace: paths.pathOf(wsId),
    workspaceId: wsId,
    email: m.email,
    role: m.role,
    status: m.status,
    expiresAt: m.expiresAt,
  });
}

function memberId(id: string): { wsId: string; email: string } {
  const i = id.indexOf("/");
  if (i < 0) fail("bad-id", `a Member id is "<workspaceId>/<email>", got "${id}"`);
  return { wsId: id.slice(0, i), email: id.slice(i + 1).toLowerCase() };
}

export const member = {
  async check(_olds: Props, news: Props) {
    const failures: { property: string; reason: string }[] = [];
    if (typeof news.email === "string") news = { ...news, email: news.email.toLowerCase() };
    else failures.push({ property: "email", reason: "a member needs an email" });
    if (!(ROLES as readonly unknown[]).includes(news.role)) {
      failures.push({ property: "role", reason: `role is one of ${ROLES.join(", ")}` });
    }
    return { inputs: news, failures };
  },
  diff: wrap(async (id: string, olds: Props, news: Props): Promise<Diff> =>
    acrossAccounts(olds, news, async () => {
      const { wsId, email } = memberId(id);
      if (!hasUnknowns(news.email) && String(news.email).toLowerCase() !== email) return { changes: true, replaces: ["email"] };
      if (hasUnknowns(news)) return { changes: true };
      return onAccount(news, async (_p, paths) => {
        if (movedTo(paths, news.workspace, wsId, olds.workspace)) return { changes: true, replaces: ["workspace"] };
        const m = paths.state.members.find((x) => x.workspaceId === wsId && x.email === email);
        return { changes: !m || m.role !== news.role };
      });
    }),
  ),
  create: wrap(async (news: Props) => {
    const n = news as unknown as MemberInputs;
    return onAccount(news, async (p, paths) => {
      const w = paths.need(normalizeWorkspaceRef(n.workspace));
      const path = paths.pathOf(w.id);
      const after = memberPayload({ workspacePath: path, workspaceId: w.id }, n.email.toLowerCase(), n.role, "invited");
      await executeOne(p, {
        address: address.member(path, after.email),
        kind: "member",
        action: "create",
        before: null,
        after: json(after),
        reason: "Member invited",
      });
      const outs = memberOutputs(new Paths(await p.read()), w.id, after.email, news);
      if (!outs) fail("not-found", `${address.member(path, after.email)} was not created`);
      return { id: `${w.id}/${after.email}`, outs };
    });
  }),
  update: wrap(async (id: string, _olds: Props, news: Props) => {
    const { wsId, email } = memberId(id);
    return onAccount(news, async (p, paths) => {
      const m = paths.state.members.find((x) => x.workspaceId === wsId && x.email === email);
      const path = paths.pathOf(wsId);
      const after = memberPayload({ workspacePath: path, workspaceId: wsId }, email, news.role as Role, m?.status ?? "invited");
      const before = m ? memberPayload({ workspacePath: path, workspaceId: wsId }, email, m.role, m.status) : null;
      await executeOne(p, {
        address: address.member(path, email),
        kind: "member",
        action: m ? "update" : "create",
        before: before && json(before),
        after: json(after),
        reason: "Member role",
      });
      return {
        outs: memberOutputs(new Paths(await p.read()), wsId, email, news) ?? fail("not-found", `${address.member(path, email)} is gone`),
      };
    });
  }),
  read: wrap(async (id: string, stored: Props) => {
    const { wsId, email } = memberId(id);
    return onAccount(forRead(stored), async (_p, paths) => {
      const outs = memberOutputs(paths, wsId, email, forRead(stored));
      return outs ? { id, props: outs, inputs: inputsOf(outs, ["workspace", "email", "role"]) } : { id: "", props: {} };
    });
  }),
  delete: wrap(async (id: string, props: Props) => {
    const { wsId, email } = memberId(id);
    await onAccount(props, async (p, paths) => {
      const m = paths.state.members.find((x) => x.workspaceId === wsId && x.email === email);
      if (!m) return;
      const path = paths.pathOf(wsId);
      const before = memberPayload({ workspacePath: path, workspaceId: wsId }, email, m.role, m.status);
      await executeOne(p, {
        address: address.member(path, email),
        kind: "member",
        action: "delete",
        before: json(before),
        after: null,
        reason: "Member removed",
      });
    });
  }),
};
