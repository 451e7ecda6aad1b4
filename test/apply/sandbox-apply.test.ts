import { afterEach, describe, expect, it } from "vitest";
import { applyPlan } from "../../src/apply/engine.js";
import { checkAccount } from "../../src/domain/index.js";
import { tryPlan } from "../../src/plan/plan.js";
import { loadSpecObject } from "../../src/spec/index.js";
import type { Change } from "../../src/plan/types.js";
import { createSandboxProvider } from "../../src/providers/sandbox/index.js";
import { tempDir } from "../helpers/cli.js";
import { invite, planOf, removeMember } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function provider() {
  const t = await tempDir("hgw-apply-");
  cleanups.push(t.cleanup);
  return createSandboxProvider({ dir: t.dir, lock: { timeoutMs: 20_000 } });
}

const settings = { joinPolicy: "invite_only", joinDomains: [], whoCanInvite: "super_admins", publicInviteLink: false, defaultSharing: "only_me", unlistedJoinRequests: "ignore" };
const newWorkspace = (name: string): Omit<Change, "seq" | "reason" | "source"> => ({
  address: `subworkspace[${name}]`,
  kind: "subworkspace",
  action: "create",
  before: null,
  after: { workspacePath: name, workspaceId: null, name, parentPath: "", parentId: "ws_main", billing: "parent", apiAccess: true, image: null, settings, deletionProtection: false, subscription: null },
  dependsOn: [],
});
const allocation = (name: string, seats: number): Omit<Change, "seq" | "reason" | "source"> => ({
  address: `allocation[${name}]`,
  kind: "allocation",
  action: "create",
  before: null,
  after: { workspacePath: name, workspaceId: null, seats, avatarSlots: 0, generativeCredits: 100, apiCredits: 100 },
  dependsOn: [`subworkspace[${name}]`],
});

describe("applyPlan on the sandbox provider", () => {
  it("creates a workspace, its allocation, key and members in dependency order; a re-run converges", async () => {
    const p = await provider();
    const plan = planOf(await p.read(), [
      newWorkspace("integrations"),
      allocation("integrations", 2),
      { address: "apikey[integrations]", kind: "apikey", action: "create", before: null, after: { workspacePath: "integrations", workspaceId: null, keyId: null, last4: null }, dependsOn: ["subworkspace[integrations]"] },
      invite("integrations", "dev@acme.example", "developer", ["allocation[integrations]"]),
      removeMember("", "legacy@acme.example"),
    ]);
    const report = await applyPlan(plan, p);
    expect(report.failed).toEqual([]);
    expect(report.applied).toHaveLength(5);
    expect(report.apiKeys).toHaveLength(1);
    expect(report.apiKeys[0]!.value).toMatch(/^hgw_sk_/);
    const s = await p.read();
    expect(checkAccount(s)).toEqual([]);
    const ws = s.workspaces.find((w) => w.name === "integrations")!;
    expect(ws.allocation!.seats).toBe(2);
    expect(s.members.find((m) => m.email === "dev@acme.example")!.workspaceId).toBe(ws.id);
    expect(JSON.stringify(s)).not.toContain(report.apiKeys[0]!.value);

    // The same changes again (a crash before the report): everything is already there.
    const again = await applyPlan(planOf(s, plan.changes), p);
    expect(again.failed).toEqual([]);
    expect(again.apiKeys).toEqual([]);
    expect((await p.read()).workspaces.filter((w) => w.name === "integrations")).toHaveLength(1);
  });

  it("a seat-limit failure skips its dependants; independent changes still land", async () => {
    const p = await provider(); // client-a: 3 seats, 1 taken
    const plan = planOf(await p.read(), [
      invite("client-a", "a@x.example"),
      invite("client-a", "b@x.example"),
      invite("client-a", "c@x.example", "creator", ["member[client-a](a@x.example)", "member[client-a](b@x.example)"]),
      invite("client-a", "d@x.example", "creator", ["member[client-a](c@x.example)"]),
      invite("", "e@acme.example"),
    ]);
    const report = await applyPlan(plan, p, { parallelism: 4 });
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ address: "member[client-a](c@x.example)", code: "seat_limit" });
    expect(report.failed[0]!.error).toMatch(/seat allocation of "client-a" exceeded by 1/);
    expect(report.skipped).toEqual([{ address: "member[client-a](d@x.example)", because: "member[client-a](c@x.example)" }]);
    const emails = (await p.read()).members.map((m) => m.email);
    expect(emails).toEqual(expect.arrayContaining(["a@x.example", "b@x.example", "e@acme.example"]));
    expect(emails).not.toContain("d@x.example");
  });

  it("two concurrent applies of the same plan never interleave: the second finds it done", async () => {
    const p = await provider();
    const spec = loadSpecObject({ version: 1, workspace: { name: "Acme Agency", memberOwnership: "additive", members: [{ email: "one@acme.example", role: "creator" }, { email: "two@acme.example", role: "creator" }] } });
    const plan = tryPlan(spec.desired!, await p.read()).plan!;
    expect(plan.changes.map((c) => c.address)).toEqual(["member[workspace](one@acme.example)", "member[workspace](two@acme.example)"]);
    const other = createSandboxProvider({ dir: p.dir, lock: { timeoutMs: 20_000 } });
    const recheck = { desired: spec.desired! };
    const reports = await Promise.all([applyPlan(plan, p, { recheck }), applyPlan(plan, other, { recheck })]);
    // Under the lock, one made both changes; the other, planning again after it, found both made.
    const byWork = reports.map((r) => ({ applied: [...r.applied].sort(), done: [...r.done].sort() })).sort((a, b) => b.applied.length - a.applied.length);
    expect(byWork).toEqual([
      { applied: plan.changes.map((c) => c.address), done: [] },
      { applied: [], done: plan.changes.map((c) => c.address) },
    ]);
    expect((await p.read()).members.filter((m) => m.email.endsWith("@acme.example") && m.status === "invited").map((m) => m.email).sort()).toEqual(["one@acme.example", "two@acme.example"]);
  });
});
