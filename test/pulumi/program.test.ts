// The example program (examples/pulumi) type-checks against the built package and, run
// under pulumi.runtime.setMocks, registers every resource with the inputs we expect, each
// carrying a small serialized `__provider`.

import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAll, KINDS } from "./capture.js";
import { REPO, requireBuilt, makeProject, removeProjects, runUnderMocks, tsc, type Registered } from "./project.js";

/** Bytes of `__provider` per resource: it is stored in every resource's inputs and outputs. */
const PROVIDER_TEXT_BOUND = 4096;

let project: string;
let registered: Registered[];
let failures: string[];

beforeAll(() => {
  requireBuilt();
  project = makeProject();
  for (const f of ["index.ts", "tsconfig.json", "Pulumi.yaml"]) copyFileSync(join(REPO, "examples/pulumi", f), join(project, f));
  tsc(project, ["-p", "tsconfig.json"]);
  ({ registered, failures } = runUnderMocks(project, join(project, "bin/index.js")));
}, 120_000);

afterAll(removeProjects);

const byType = (t: string): Registered[] => registered.filter((r) => r.type === `pulumi-nodejs:dynamic/hgw:${t}`);

describe("examples/pulumi under mocks", () => {
  it("registers the tree and, per customer, a sub-workspace, an allocation, members and a share", () => {
    expect(failures).toEqual([]);
    expect(byType("WorkspaceTree").map((r) => r.name)).toEqual(["agency"]);
    expect(
      byType("SubWorkspace")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["globex", "initech"]);
    expect(
      byType("Allocation")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["globex-allocation", "initech-allocation"]);
    expect(
      byType("Member")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["globex-lead@globex.example", "initech-legal@initech.example", "initech-pm@initech.example"]);
    expect(byType("AssetShare")).toHaveLength(2);
  });

  it("passes the spec, the provider settings and the customers' values as inputs", () => {
    const tree = byType("WorkspaceTree")[0]!.inputs;
    expect(tree).toMatchObject({
      provider: { kind: "sandbox" },
      allowDelete: false,
      spec: { version: 1, subWorkspaces: [{ name: "studio", allocation: { seats: 2 } }] },
    });
    expect(byType("SubWorkspace").find((r) => r.name === "globex")!.inputs).toMatchObject({
      name: "globex",
      parent: "",
      billing: "parent",
    });
    // Member and Allocation take the sub-workspace's `path` output (the mock echoes the name).
    expect(byType("Allocation").find((r) => r.name === "globex-allocation")!.inputs).toMatchObject({
      workspace: "globex",
      seats: 3,
      generativeCredits: 2000,
    });
    expect(byType("Member").find((r) => r.name === "initech-legal@initech.example")!.inputs).toMatchObject({
      workspace: "initech",
      email: "legal@initech.example",
      role: "viewer",
    });
    expect(byType("AssetShare").find((r) => r.name === "globex-brand-kit")!.inputs).toMatchObject({
      assetType: "brand_kit",
      assetId: "bk_acme",
      from: "",
      to: "globex",
    });
  });

  it("serializes a small provider that loads the engine from the project directory", () => {
    for (const r of registered) {
      const text = r.inputs.__provider as string;
      expect(typeof text).toBe("string");
      expect(text).toContain("exports.handler");
      expect(text).toContain('resolve("heygen-workspaces/pulumi")');
      expect(Buffer.byteLength(text)).toBeLessThan(PROVIDER_TEXT_BOUND);
      // Nothing of the engine is inlined: no planner, no domain, no spec loader.
      expect(text).not.toMatch(/seatsUsed|loadSpec|applyChange|canonicalJson/);
    }
  });
});

describe("provider settings", () => {
  it("keeps the API key of the http provider a secret input", () => {
    const p = makeProject();
    const { registered: regs, failures: f, providers } = captureAll(p);
    expect(f).toEqual([]);
    expect(Object.keys(providers).sort()).toEqual([...KINDS].sort());
    const tree = regs.find((r) => r.name === "tree")!.inputs;
    // Under mocks the settings holding a secret arrive wrapped as a secret as a whole: the
    // engine keeps them encrypted in the state and hands them to the host in plain.
    const provider = tree.provider as Record<string, unknown>;
    expect(provider["4dabf18193072939515e22adb298388d"]).toBe("1b47061264138c4ac30d75fd1eb44270");
    expect(provider.value).toMatchObject({ kind: "http", apiKey: "hgw_test_not_a_key" });
  });
});
