// Which account a resource lives in, and import by id, on the real dynamic-provider host:
// the account is the id the API returns, never the spelling of its URL, so a trailing slash
// is an update that keeps the tree's sub-workspaces, while another account (another id) is a
// replacement. `read` gives inputs as well as outputs, so a resource read by id alone
// carries what an import needs; the host itself cannot be given an id alone (see below).

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAccount } from "../../src/domain/default-account.js";
import type { WorkspacesSpec } from "../../src/spec/types.gen.js";
import { emulatorAccount, type TestAccount } from "./accounts.js";
import { captureAll } from "./capture.js";
import { startHost, unwrapSecrets, type Host, type Props } from "./host.js";
import { makeProject, removeProjects, requireBuilt } from "./project.js";

let host: Host;
let importHost: Host;
let providers: ReturnType<typeof captureAll>["providers"];
let same: TestAccount;
let other: TestAccount;
const urn = (t: string, n: string): string => `urn:pulumi:dev::hgw-test::pulumi-nodejs:dynamic/hgw:${t}::${n}`;

const spec: WorkspacesSpec = { version: 1, subWorkspaces: [{ name: "studio", billing: "parent", allocation: { seats: 1 } }] };

beforeAll(async () => {
  requireBuilt();
  const project = makeProject();
  same = await emulatorAccount(project);
  // A second server whose account has another id.
  const elsewhere = join(project, "elsewhere");
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, "emulator.json"), JSON.stringify({ ...defaultAccount(), account: { id: "acct_other", name: "Other Co" } }));
  other = await emulatorAccount(elsewhere);
  ({ providers } = captureAll(project));
  host = await startHost(project);
  await host.configure();
  // What a resource imported by id talks to: nothing is stored for it, so the environment says.
  importHost = await startHost(project, {
    HGW_PROVIDER: "http",
    HEYGEN_API_URL: same.settings.apiUrl as string,
    HEYGEN_API_KEY: same.settings.apiKey as string,
  });
  await importHost.configure();
}, 120_000);

afterAll(async () => {
  await host?.close();
  await importHost?.close();
  await same?.close();
  await other?.close();
  removeProjects();
});

const respelled = (url: string): string => `${url.replace(/^http:/, "HTTP:")}//`;

describe("the account is the id the API returns", () => {
  it("a WorkspaceTree whose apiUrl gains a trailing slash is updated in place, its sub-workspaces kept", async () => {
    const inputs = (provider: Props): Props => ({ spec, provider, allowDelete: true, __provider: providers.WorkspaceTree });
    const c1 = await host.check(urn("WorkspaceTree", "agency"), {}, inputs(same.settings));
    const made = await host.create(urn("WorkspaceTree", "agency"), c1.inputs);
    const studio = (await same.read()).workspaces.find((w) => w.name === "studio")!;
    expect(studio).toBeDefined();

    const slashed = { ...same.settings, apiUrl: respelled(same.settings.apiUrl as string) };
    const c2 = await host.check(urn("WorkspaceTree", "agency"), c1.inputs, inputs(slashed));
    expect(c2.failures).toEqual([]);
    // Nothing to do in the account, and the tree still manages what it made.
    expect(c2.inputs.plannedChanges).toEqual([]);
    const d = await host.diff(urn("WorkspaceTree", "agency"), made.id, made.outs, c2.inputs, c1.inputs);
    expect(d).toMatchObject({ changes: "some", replaces: [] });
    const outs = await host.update(urn("WorkspaceTree", "agency"), made.id, made.outs, c2.inputs, c1.inputs);
    expect((outs.provider as { apiUrl: string }).apiUrl).toBe(slashed.apiUrl);
    expect(outs.lastChanges).toEqual([]);
    expect((await same.read()).workspaces.find((w) => w.id === studio.id)).toMatchObject({ name: "studio" });
    expect(await host.diff(urn("WorkspaceTree", "agency"), made.id, outs, c2.inputs, c2.inputs)).toMatchObject({ changes: "none" });

    // Another account (another id) is another tree: a replacement.
    const moved = await host.check(urn("WorkspaceTree", "agency"), c2.inputs, inputs(other.settings));
    expect(await host.diff(urn("WorkspaceTree", "agency"), made.id, outs, moved.inputs, c2.inputs)).toMatchObject({
      changes: "some",
      replaces: ["provider"],
    });
    await host.delete(urn("WorkspaceTree", "agency"), made.id, outs, c2.inputs);
    expect((await same.read()).workspaces.some((w) => w.id === studio.id)).toBe(false);
  });

  it("a fine resource is not replaced for a respelled URL either", async () => {
    const news = (provider: Props): Props => ({ name: "globex", parent: "", billing: "parent", provider, __provider: providers.SubWorkspace });
    const c = await host.check(urn("SubWorkspace", "globex"), {}, news(same.settings));
    const made = await host.create(urn("SubWorkspace", "globex"), c.inputs);
    const slashed = { ...same.settings, apiUrl: respelled(same.settings.apiUrl as string) };
    expect(await host.diff(urn("SubWorkspace", "globex"), made.id, made.outs, news(slashed), c.inputs)).toMatchObject({ changes: "some", replaces: [] });
    expect(await host.diff(urn("SubWorkspace", "globex"), made.id, made.outs, news(other.settings), c.inputs)).toMatchObject({
      replaces: ["provider"],
    });
    await host.delete(urn("SubWorkspace", "globex"), made.id, made.outs, c.inputs);
  });
});

describe("import by id, as far as the host allows", () => {
  it("the host cannot be given an id alone: `pulumi import` sends no properties, so it cannot load the provider", async () => {
    // What the engine sends for `pulumi import` or an `import` resource option (pulumi/pulumi#16175).
    await expect(importHost.read(urn("SubWorkspace", "x"), "ws_client_a", {}, {})).rejects.toThrow(/read:/);
  });

  it("read by id with only the provider gives outputs and inputs that diff clean, for a sub-workspace and a member", async () => {
    const sub = await importHost.read(urn("SubWorkspace", "client-a"), "ws_client_a", { __provider: providers.SubWorkspace }, {});
    expect(sub.id).toBe("ws_client_a");
    expect(sub.inputs).toMatchObject({ name: "client-a", parent: "", billing: "parent", apiAccess: false });
    expect(await importHost.diff(urn("SubWorkspace", "client-a"), sub.id, sub.outs, { ...sub.inputs, __provider: providers.SubWorkspace }, sub.inputs!)).toMatchObject({
      changes: "none",
    });
    const id = "ws_client_a/reviewer@client-a.example";
    const m = await importHost.read(urn("Member", "reviewer"), id, { __provider: providers.Member }, {});
    expect(m.inputs).toMatchObject({ workspace: "client-a", email: "reviewer@client-a.example", role: "viewer" });
    expect(await importHost.diff(urn("Member", "reviewer"), id, m.outs, { ...m.inputs, __provider: providers.Member }, m.inputs!)).toMatchObject({ changes: "none" });
    // An id the account does not hold is not found.
    expect((await importHost.read(urn("SubWorkspace", "gone"), "ws_gone", { __provider: providers.SubWorkspace }, {})).id).toBe("");
  });

  it("a WorkspaceTree read by `tree:<account id>` manages the account as it is", async () => {
    const id = "tree:acct_acme";
    const r = await importHost.read(urn("WorkspaceTree", "imported"), id, { __provider: providers.WorkspaceTree }, {});
    expect(r.id).toBe(id);
    const exported = r.inputs!.spec as WorkspacesSpec;
    expect(exported.subWorkspaces?.map((w) => [w.name, w.id])).toEqual([["client-a", "ws_client_a"]]);
    expect(r.outs).toMatchObject({ accountId: "acct_acme", managed: ["subworkspace[client-a]"], drift: [] });
    const checked = await importHost.check(urn("WorkspaceTree", "imported"), r.inputs!, { ...r.inputs, __provider: providers.WorkspaceTree });
    expect(checked.inputs.plannedChanges).toEqual([]);
    expect(await importHost.diff(urn("WorkspaceTree", "imported"), id, r.outs, checked.inputs, r.inputs!)).toMatchObject({ changes: "none" });
    // Another account's id is not this one.
    expect((await importHost.read(urn("WorkspaceTree", "x"), "tree:acct_other", { __provider: providers.WorkspaceTree }, {})).id).toBe("");
    expect(unwrapSecrets(r.outs.apiKeys)).toEqual({});
  });

  it("what works today: an existing sub-workspace and member, declared as they are, are taken over by create", async () => {
    const sub = await host.check(urn("SubWorkspace", "client-a"), {}, { name: "client-a", parent: "", billing: "parent", provider: same.settings, __provider: providers.SubWorkspace });
    const adopted = await host.create(urn("SubWorkspace", "client-a"), sub.inputs);
    expect(adopted.id).toBe("ws_client_a");
    const mem = await host.check(urn("Member", "reviewer"), {}, {
      workspace: "client-a",
      email: "reviewer@client-a.example",
      role: "viewer",
      provider: same.settings,
      __provider: providers.Member,
    });
    expect((await host.create(urn("Member", "reviewer"), mem.inputs)).id).toBe("ws_client_a/reviewer@client-a.example");
    expect((await same.read()).workspaces.filter((w) => w.name === "client-a")).toHaveLength(1);
  });
});

describe("blast radius on a tree", () => {
  it("one update deletes at most maxDeletions sub-workspaces; destroy removes all the tree made", async () => {
    const six: WorkspacesSpec = { version: 1, subWorkspaces: Array.from({ length: 6 }, (_, i) => ({ name: `t${i}`, billing: "parent" as const })) };
    const none: WorkspacesSpec = { version: 1, subWorkspaces: [] };
    const u = urn("WorkspaceTree", "blast");
    const inputs = (spec: WorkspacesSpec, extra: Props = {}): Props => ({ spec, provider: same.settings, allowDelete: true, ...extra, __provider: providers.WorkspaceTree });
    const c1 = await host.check(u, {}, inputs(six));
    const made = await host.create(u, c1.inputs);
    const refused = await host.check(u, c1.inputs, inputs(none));
    expect(refused.failures).toHaveLength(1);
    expect(refused.failures[0]!.reason).toContain("the plan would delete 6 sub-workspaces, more than the 5 allowed in one plan");
    const allowed = await host.check(u, c1.inputs, inputs(none, { maxDeletions: 6 }));
    expect(allowed.failures).toEqual([]);
    expect((allowed.inputs.plannedChanges as string[]).filter((l) => l.startsWith("- subworkspace["))).toHaveLength(6);
    // Destroy is its own consent: all six go, whatever the limit.
    await host.delete(u, made.id, made.outs, c1.inputs);
    expect((await same.read()).workspaces.filter((w) => /^t\d$/.test(w.name))).toEqual([]);
  });
});
