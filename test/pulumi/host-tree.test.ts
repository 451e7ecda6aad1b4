// WorkspaceTree on the real dynamic-provider host, driven over gRPC as the engine does:
// create a tree, change it (a member added, an allocation lowered, a sub-workspace renamed:
// an update, not a replacement), refresh after an out-of-band change shows drift, delete.
// The account is checked after every step, on a temporary sandbox and on `hgw emulator`.

import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountState } from "../../src/model/state.js";
import type { WorkspacesSpec } from "../../src/spec/types.gen.js";
import { emulatorAccount, sandboxAccount, type TestAccount } from "./accounts.js";
import { captureAll } from "./capture.js";
import { isSecret, startHost, UNKNOWN, unwrapSecrets, type Host, type Props } from "./host.js";
import { requireBuilt, makeProject, removeProjects } from "./project.js";

let host: Host;
let providerText: string;
const accounts: Record<string, TestAccount> = {};
const URN = "urn:pulumi:dev::hgw-test::pulumi-nodejs:dynamic/hgw:WorkspaceTree::agency";

beforeAll(async () => {
  requireBuilt();
  const project = makeProject();
  accounts.sandbox = sandboxAccount(join(project, "account"));
  accounts.emulator = await emulatorAccount(project);
  providerText = captureAll(project).providers.WorkspaceTree;
  host = await startHost(project);
  await host.configure();
}, 120_000);

afterAll(async () => {
  await host?.close();
  for (const a of Object.values(accounts)) await a.close();
  removeProjects();
});

const v1: WorkspacesSpec = {
  version: 1,
  subWorkspaces: [
    {
      name: "studio",
      billing: "parent",
      apiAccess: true,
      allocation: { seats: 3, generativeCredits: 1000 },
      members: [{ email: "a@studio.example", role: "creator" }],
    },
  ],
};

const v2: WorkspacesSpec = {
  version: 1,
  subWorkspaces: [
    {
      name: "studio-2",
      formerNames: ["studio"],
      billing: "parent",
      apiAccess: true,
      allocation: { seats: 2, generativeCredits: 1000 },
      members: [
        { email: "a@studio.example", role: "creator" },
        { email: "b@studio.example", role: "viewer" },
      ],
    },
  ],
};

describe("WorkspaceTree Check on the dynamic-provider host", () => {
  it("reports spec errors with their place in the spec, and accepts a good spec", async () => {
    const bad = { version: 1, subWorkspaces: [{ name: "x", billing: "sideways" }] };
    const news = { spec: bad, provider: accounts.sandbox!.settings, allowDelete: false, __provider: providerText };
    const r = await host.check(URN, {}, news);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ property: "spec" });
    expect(r.failures[0]!.reason).toMatch(/<WorkspaceTree\.spec>:\d+:\d+/);
    const good = await host.check(URN, {}, { ...news, spec: v1 });
    expect(good.failures).toEqual([]);
    expect(good.inputs).toMatchObject({ spec: v1, __provider: providerText });
    const neither = await host.check(URN, {}, { provider: accounts.sandbox!.settings, __provider: providerText });
    expect(neither.failures[0]!.reason).toMatch(/exactly one of `spec`/);
  });

  it("adds the planned changes to the inputs; unknown while the spec is", async () => {
    const news = { spec: v1, provider: accounts.sandbox!.settings, allowDelete: false, __provider: providerText };
    const before = await accounts.sandbox!.read();
    const r = await host.check(URN, {}, { ...news, plannedChanges: ["~ stale"] });
    expect(r.failures).toEqual([]);
    expect(r.inputs.plannedChanges).toEqual(expect.arrayContaining(["+ subworkspace[studio]", "+ member[studio](a@studio.example)"]));
    expect(r.inputs.plannedChanges).not.toContain("~ stale");
    expect((r.inputs.plannedChanges as string[])[0]).toBe("+ subworkspace[studio]");
    expect(r.inputs.__managed).toEqual(["subworkspace[studio]"]);
    // Check only reads.
    expect(await accounts.sandbox!.read()).toEqual(before);
    const pending = await host.check(URN, {}, { ...news, spec: UNKNOWN });
    expect(pending).toMatchObject({ failures: [], inputs: { plannedChanges: UNKNOWN } });
  });

  it.each(["sandbox", "emulator"])("resolves library names in check on the %s, and manages the share by its id", async (which) => {
    const spec: WorkspacesSpec = { ...v1, assetShares: [{ type: "avatar", name: "Anna", to: ["studio"] }] };
    const r = await host.check(URN, {}, { spec, provider: accounts[which]!.settings, allowDelete: false, __provider: providerText });
    expect(r.failures).toEqual([]);
    expect(r.inputs.plannedChanges).toContain("+ asset_share[avatar:av_anna -> studio]");
    expect(r.inputs.__managed).toEqual(["subworkspace[studio]", "asset_share[avatar:av_anna -> studio]"]);
    const typo = await host.check(URN, {}, { spec: { ...spec, assetShares: [{ type: "avatar", name: "anna", to: ["studio"] }] }, provider: accounts[which]!.settings, allowDelete: false, __provider: providerText });
    // Located in the spec object as the host serialized it (keys sorted: the share's `name` is line 2).
    expect(typo.failures).toEqual([{ property: "spec", reason: '<WorkspaceTree.spec>:2:11: no avatar in the library is named "anna"' }]);
  });

  it("fails check, naming the account and never the key, when the account cannot be read", async () => {
    // The emulator refuses a key it does not know (a 401 is not retried, so this is quick).
    const apiKey = `hgw_secret_${Math.random().toString(36).slice(2)}`;
    const apiUrl = accounts.emulator!.settings.apiUrl as string;
    const provider = { kind: "http", apiUrl, apiKey };
    const r = await host.check(URN, {}, { spec: v1, provider, allowDelete: false, __provider: providerText });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]!.property).toBe("provider");
    expect(r.failures[0]!.reason).toContain(`could not read the account (the API at ${apiUrl}) to plan the tree: `);
    // (The inputs carry the provider settings back, the key in them kept secret by the engine.)
    expect(JSON.stringify(r.failures)).not.toContain(apiKey.slice("hgw_secret_".length));
    expect(r.inputs.plannedChanges).toBeUndefined();
    // The host is still serving.
    expect((await host.check(URN, {}, { spec: v1, provider: accounts.sandbox!.settings, __provider: providerText })).failures).toEqual([]);
  });
});

describe.each(["sandbox", "emulator"])("WorkspaceTree on the dynamic-provider host (%s)", (which) => {
  const acct = (): TestAccount => accounts[which]!;
  const ws = (s: AccountState, name: string) => s.workspaces.find((w) => w.name === name);
  const inputs = (spec: WorkspacesSpec): Props => ({ spec, provider: acct().settings, allowDelete: false, __provider: providerText });

  it("creates, updates, refreshes and deletes a tree", async () => {
    const before = await acct().read();

    // Create.
    const c1 = await host.check(URN, {}, inputs(v1));
    expect(c1.failures).toEqual([]);
    expect(await acct().read()).toEqual(before);
    const made = await host.create(URN, c1.inputs);
    // What preview showed is what create did: the same planner on the same account.
    expect(c1.inputs.plannedChanges).toEqual(made.outs.lastChanges);
    let s = await acct().read();
    const studio = ws(s, "studio")!;
    expect(studio).toMatchObject({ billing: "parent", apiAccess: true, allocation: { seats: 3, generativeCredits: 1000 } });
    expect(s.members.filter((m) => m.workspaceId === studio.id).map((m) => m.email)).toEqual(["a@studio.example"]);
    const studioKeys = s.apiKeys.filter((k) => k.workspaceId === studio.id);
    expect(studioKeys).toHaveLength(1);
    expect(made.outs).toMatchObject({ managed: ["subworkspace[studio]"], drift: [] });
    expect(made.outs.lastChanges).toEqual(expect.arrayContaining(["+ subworkspace[studio]", "+ member[studio](a@studio.example)"]));
    // The new API key comes out only as a secret.
    expect(isSecret(made.outs.apiKeys)).toBe(true);
    const key = (unwrapSecrets(made.outs.apiKeys) as Record<string, string>).studio!;
    expect(key.length).toBeGreaterThan(8);
    const { apiKeys: _k, provider: _p, ...plainOuts } = made.outs;
    expect(JSON.stringify(plainOuts)).not.toContain(key);
    // The outputs carry no planned list: the engine stores it with the inputs only.
    expect(made.outs).not.toHaveProperty("plannedChanges");

    // No change: the plan is empty, and planning wrote nothing. The stored inputs still hold
    // the list checked before create; diff goes by the planner, so it is no diff.
    expect(c1.inputs.plannedChanges).not.toEqual([]);
    expect((await host.diff(URN, made.id, made.outs, c1.inputs, c1.inputs)).changes).toBe("none");
    const c1again = await host.check(URN, c1.inputs, inputs(v1));
    expect(c1again).toMatchObject({ failures: [], inputs: { plannedChanges: [], __managed: made.outs.managed } });
    expect((await host.diff(URN, made.id, made.outs, c1again.inputs, c1.inputs)).changes).toBe("none");
    expect(await acct().read()).toEqual(s);

    // Change: rename (an update), a member added, the allocation lowered.
    const c2 = await host.check(URN, c1again.inputs, inputs(v2));
    expect(c2.inputs.plannedChanges).toEqual(
      expect.arrayContaining(["~ subworkspace[studio-2]", "~ allocation[studio-2]", "+ member[studio-2](b@studio.example)"]),
    );
    const d = await host.diff(URN, made.id, made.outs, c2.inputs, c1.inputs);
    expect(d).toMatchObject({ changes: "some", replaces: [] });
    expect(await acct().read()).toEqual(s);
    const outs2 = await host.update(URN, made.id, made.outs, c2.inputs, c1.inputs);
    s = await acct().read();
    expect(ws(s, "studio")).toBeUndefined();
    expect(ws(s, "studio-2")).toMatchObject({ id: studio.id, allocation: { seats: 2 } });
    expect(
      s.members
        .filter((m) => m.workspaceId === studio.id)
        .map((m) => m.email)
        .sort(),
    ).toEqual(["a@studio.example", "b@studio.example"]);
    expect(outs2.lastChanges).toEqual(expect.arrayContaining(["~ subworkspace[studio-2]", "+ member[studio-2](b@studio.example)"]));
    expect(c2.inputs.plannedChanges).toEqual(outs2.lastChanges);
    // The key follows its workspace through the rename; the account's key was not rotated.
    expect(unwrapSecrets(outs2.apiKeys)).toEqual({ "studio-2": key });
    expect(s.apiKeys.filter((k) => k.workspaceId === studio.id)).toEqual(studioKeys);
    expect(await host.diff(URN, made.id, outs2, c2.inputs, c2.inputs)).toMatchObject({ changes: "none" });
    expect((await host.check(URN, c2.inputs, inputs(v2))).inputs.plannedChanges).toEqual([]);

    // Out of band: someone changes a role in the dashboard. Refresh reports it as drift.
    await acct()
      .direct()
      .execute(
        {
          seq: 1,
          address: "member[studio-2](a@studio.example)",
          kind: "member",
          action: "update",
          before: { workspacePath: "studio-2", workspaceId: studio.id, email: "a@studio.example", role: "creator", status: "invited" },
          after: { workspacePath: "studio-2", workspaceId: studio.id, email: "a@studio.example", role: "viewer", status: "invited" },
          reason: "out of band",
          source: null,
          dependsOn: [],
        },
        { workspaceIds: new Map(), resolveSecret: () => "" },
      );
    const changed = await acct().read();
    expect(changed.members.find((m) => m.workspaceId === studio.id && m.email === "a@studio.example")!.role).toBe("viewer");
    // The next preview shows it, with the spec unchanged.
    const c3 = await host.check(URN, c2.inputs, inputs(v2));
    expect(c3.inputs.plannedChanges).toEqual(["~ member[studio-2](a@studio.example)"]);
    expect(await acct().read()).toEqual(changed);
    const everyList = JSON.stringify([c1.inputs.plannedChanges, c2.inputs.plannedChanges, c3.inputs.plannedChanges]);
    expect(everyList).not.toContain(key);
    if (typeof acct().settings.apiKey === "string") expect(everyList).not.toContain(acct().settings.apiKey);
    const refreshed = await host.read(URN, made.id, outs2, c2.inputs);
    // A refresh reports; it changes nothing.
    expect(await acct().read()).toEqual(changed);
    expect(refreshed.id).toBe(made.id);
    expect(refreshed.outs.drift).toEqual(["~ member[studio-2](a@studio.example)"]);
    expect(
      (refreshed.outs.workspaces as Record<string, { members: Record<string, string> }>)["studio-2"]!.members["a@studio.example"],
    ).toMatch(/^viewer/);
    // The next `pulumi up` puts it back.
    expect((await host.diff(URN, made.id, refreshed.outs, c2.inputs, c2.inputs)).changes).toBe("some");
    const outs3 = await host.update(URN, made.id, refreshed.outs, c2.inputs, c2.inputs);
    s = await acct().read();
    expect(s.members.find((m) => m.workspaceId === studio.id && m.email === "a@studio.example")!.role).toBe("creator");
    expect(outs3.lastChanges).toEqual(["~ member[studio-2](a@studio.example)"]);
    expect(outs3.drift).toEqual([]);

    // Delete removes what the tree manages and nothing else.
    await host.delete(URN, made.id, outs3, c2.inputs);
    s = await acct().read();
    expect(ws(s, "studio-2")).toBeUndefined();
    expect(s.members.some((m) => m.workspaceId === studio.id)).toBe(false);
    expect(s.apiKeys.some((k) => k.workspaceId === studio.id)).toBe(false);
    expect(s.workspaces.map((w) => w.id).sort()).toEqual(before.workspaces.map((w) => w.id).sort());
    expect(s.members.filter((m) => m.workspaceId === "ws_main")).toEqual(before.members.filter((m) => m.workspaceId === "ws_main"));
    // Everything the tree drew from the main workspace's pools went back: the account is as it was.
    expect(s).toEqual(before);
  }, 60_000);

  it("plans a dropped sub-workspace's deletion only with allowDelete, and only one the tree managed", async () => {
    const two: WorkspacesSpec = { version: 1, subWorkspaces: [{ name: "keep", allocation: { seats: 1 } }, { name: "drop", allocation: { seats: 1 } }] };
    const one: WorkspacesSpec = { version: 1, subWorkspaces: [{ name: "keep", allocation: { seats: 1 } }] };
    const withDelete = (spec: WorkspacesSpec): Props => ({ ...inputs(spec), allowDelete: true });
    const ca = await host.check(URN, {}, withDelete(two));
    const a = await host.create(URN, ca.inputs);
    // Another stack's tree makes a sub-workspace this one never managed.
    const otherUrn = URN.replace(/::agency$/, "::other");
    const cb = await host.check(otherUrn, {}, inputs({ version: 1, subWorkspaces: [{ name: "foreign", allocation: { seats: 1 } }] }));
    const b = await host.create(otherUrn, cb.inputs);

    const c = await host.check(URN, ca.inputs, withDelete(one));
    const planned = c.inputs.plannedChanges as string[];
    expect(planned).toContain("- subworkspace[drop]");
    expect(planned.join("\n")).not.toMatch(/foreign|keep/);
    // Stored inputs from before `__managed` existed: the stored spec object says the same.
    const { __managed: _m, ...legacy } = ca.inputs;
    expect((await host.check(URN, legacy, withDelete(one))).inputs.plannedChanges).toEqual(planned);
    // Without allowDelete nothing is deleted, and the list says so.
    expect((await host.check(URN, ca.inputs, inputs(one))).inputs.plannedChanges).toEqual([]);

    const outs = await host.update(URN, a.id, a.outs, c.inputs, ca.inputs);
    expect(outs.lastChanges).toEqual(planned);
    const s = await acct().read();
    expect(s.workspaces.map((w) => w.name)).toEqual(expect.arrayContaining(["keep", "foreign"]));
    expect(ws(s, "drop")).toBeUndefined();
    expect((await host.check(URN, c.inputs, withDelete(one))).inputs.plannedChanges).toEqual([]);
    expect((await host.diff(URN, a.id, outs, c.inputs, c.inputs)).changes).toBe("none");
    await host.delete(URN, a.id, outs, c.inputs);
    await host.delete(otherUrn, b.id, b.outs, cb.inputs);
    expect((await acct().read()).workspaces.some((w) => ["keep", "foreign"].includes(w.name))).toBe(false);
  }, 30_000);

  it("keeps a sub-workspace with deletion protection when the tree is deleted", async () => {
    const spec: WorkspacesSpec = { version: 1, subWorkspaces: [{ name: "vault", deletionProtection: true, allocation: { seats: 1 } }] };
    const c = await host.check(URN, {}, inputs(spec));
    const made = await host.create(URN, c.inputs);
    const vault = ws(await acct().read(), "vault")!;
    expect(vault).toMatchObject({ deletionProtection: true, allocation: { seats: 1 } });
    await expect(host.delete(URN, made.id, made.outs, c.inputs)).rejects.toThrow(/deletion protection/);
    expect(ws(await acct().read(), "vault")).toEqual(vault);
  }, 30_000);

  it("wants a replacement only when the tree moves to another account", async () => {
    const c1 = await host.check(URN, {}, inputs(v1));
    const olds = { ...c1.inputs, provider: { kind: "sandbox", sandboxDir: "/elsewhere" }, managed: [] };
    expect(await host.diff(URN, "tree:x", olds, c1.inputs, c1.inputs)).toMatchObject({ changes: "some", replaces: ["provider"] });
  });
});
