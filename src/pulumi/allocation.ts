// The Allocation resource on the host: what a parent-billed sub-workspace may draw from its parent.

import { address, normalizeWorkspaceRef } from "../model/address.js";
import { QUOTA_KEYS, zeroQuota, type Quota, type WorkspaceState } from "../model/state.js";
import { allocationPayload } from "../kinds/index.js";
import type { Provider } from "../model/provider.js";
import { indexOf } from "../domain/account-index.js";
import { useOf } from "../domain/accounting.js";
import { executeOne, fail, hasUnknowns, plain, settingsOf, settingsOut } from "./common.js";
import { Paths, acrossAccounts, cwd, forRead, inputsOf, json, movedTo, onAccount, wrap, type Diff, type Props } from "./fine-common.js";

export interface AllocationInputs extends Partial<Quota> {
  workspace: string;
  provider?: unknown;
}

function allocationOutputs(paths: Paths, w: WorkspaceState, props: Props): Props {
  return plain({
    provider: settingsOut(settingsOf(props.provider, cwd())),
    workspace: paths.pathOf(w.id),
    workspaceId: w.id,
    ...(w.allocation ?? zeroQuota()),
    usage: useOf(indexOf(paths.state), w),
  });
}

async function setAllocation(p: Provider, paths: Paths, w: WorkspaceState, quota: Quota, reason: string): Promise<void> {
  const path = paths.pathOf(w.id);
  const current = w.allocation ?? zeroQuota();
  const ref = { workspacePath: path, workspaceId: w.id };
  const after = allocationPayload(ref, quota);
  const before = allocationPayload(ref, current);
  await executeOne(p, {
    address: address.allocation(path),
    kind: "allocation",
    action: "update",
    before: json(before),
    after: json(after),
    reason,
  });
}

function wantedQuota(w: WorkspaceState, props: Props): Quota {
  const base = w.allocation ?? zeroQuota();
  const q = { ...base };
  for (const k of QUOTA_KEYS) if (typeof props[k] === "number") q[k] = props[k] as number;
  return q;
}

export const allocation = {
  async check(_olds: Props, news: Props) {
    const failures = QUOTA_KEYS.filter(
      (k) => news[k] !== undefined && !hasUnknowns(news[k]) && !(Number.isInteger(news[k]) && (news[k] as number) >= 0),
    ).map((k) => ({ property: k, reason: `${k} must be a whole number >= 0` }));
    return { inputs: news, failures };
  },
  diff: wrap(async (id: string, olds: Props, news: Props): Promise<Diff> =>
    acrossAccounts(olds, news, async () => {
      if (hasUnknowns(news)) return { changes: true };
      return onAccount(news, async (_p, paths) => {
        // Another workspace now: release this one, set that one.
        if (movedTo(paths, news.workspace, id, olds.workspace)) return { changes: true, replaces: ["workspace"] };
        const w = paths.get(id);
        if (!w) return { changes: true };
        const want = wantedQuota(w, news);
        return { changes: QUOTA_KEYS.some((k) => want[k] !== (w.allocation?.[k] ?? 0)) };
      });
    }),
  ),
  create: wrap(async (news: Props) =>
    onAccount(news, async (p, paths) => {
      const w = paths.need(normalizeWorkspaceRef(String(news.workspace)));
      if (w.billing !== "parent")
        fail("not-parent-billed", `${address.allocation(paths.pathOf(w.id))}: only a parent-billed sub-workspace has an allocation`);
      await setAllocation(p, paths, w, wantedQuota(w, news), "Allocation set");
      const now = new Paths(await p.read());
      return { id: w.id, outs: allocationOutputs(now, now.get(w.id)!, news) };
    }),
  ),
  update: wrap(async (id: string, _olds: Props, news: Props) =>
    onAccount(news, async (p, paths) => {
      const w = paths.get(id) ?? fail("not-found", `workspace ${id} is gone from the account; run \`pulumi refresh\``);
      await setAllocation(p, paths, w, wantedQuota(w, news), "Allocation changed");
      const now = new Paths(await p.read());
      return { outs: allocationOutputs(now, now.get(id)!, news) };
    }),
  ),
  read: wrap(async (id: string, stored: Props) =>
    onAccount(forRead(stored), async (_p, paths) => {
      const w = paths.get(id);
      if (!w) return { id: "", props: {} };
      const outs = allocationOutputs(paths, w, forRead(stored));
      return { id, props: outs, inputs: inputsOf(outs, ["workspace", ...QUOTA_KEYS]) };
    }),
  ),
  /**
   * Gives back to the parent's pools all it can: down to what the sub-workspace uses (an
   * allocation can never go below use), so a delete never fails on members still inside.
   */
  delete: wrap(async (id: string, props: Props) =>
    onAccount(props, async (p, paths) => {
      const w = paths.get(id);
      if (!w || w.billing !== "parent") return;
      const seats = paths.state.members.filter((m) => m.workspaceId === id).length;
      await setAllocation(p, paths, w, { ...w.usage, seats }, "Allocation released");
    }),
  ),
};
