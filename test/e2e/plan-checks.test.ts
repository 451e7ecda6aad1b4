// What `plan` and `apply --plan` check before anything is written, through the real CLI on a
// temporary sandbox: the spec a saved plan was made from (never skipped), secrets the changes
// need, a fragment given as the spec, and `--target` addresses.

import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planValidator } from "../helpers/plan-schema.js";
import { runHgw, tempDir, type RunOptions } from "../helpers/cli.js";

let dir = "";
let cleanup: () => Promise<void> = async () => {};
let env: RunOptions["env"] = {};
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("hgw-plan-checks-"));
  env = { HGW_SANDBOX_DIR: join(dir, ".hgw"), HGW_PROVIDER: undefined, HGW_PW_LAUNCH: undefined, HGW_PW_CAMPAIGNS: undefined };
});
afterEach(() => cleanup());

const hgw = (args: string[], opts: { cwd?: string; env?: RunOptions["env"] } = {}) =>
  runHgw(args, { cwd: opts.cwd ?? dir, env: { ...env, ...opts.env } });
const write = async (name: string, text: string) => {
  await mkdir(join(dir, name, ".."), { recursive: true });
  await writeFile(join(dir, name), text);
};

const ROOT = `version: 1
workspace:
  name: Acme Agency
  members:
    - { email: ops@acme.example, role: super_admin }
defaults:
  deletionProtection: true
  members:
    - { email: ops@acme.example, role: super_admin }
include:
  - "clients/*.yaml"
`;
const CLIENT_A = `subWorkspaces:
  - name: client-a
    allocation: { seats: 3 }
    members:
      - { email: reviewer@client-a.example, role: viewer }
`;
const CLIENT_B = `subWorkspaces:
  - name: client-b
    allocation: { seats: 2 }
`;

async function splitSpec(): Promise<void> {
  await write("workspaces.yaml", ROOT);
  await write("clients/a.yaml", CLIENT_A);
  await write("clients/b.yaml", CLIENT_B);
}

describe("apply --plan checks the spec files the plan records", () => {
  it("records each file with its digest, relative to the repository's root, and applies from a subfolder", async () => {
    await mkdir(join(dir, ".git"));
    await splitSpec();
    const r = await hgw(["plan", "--out", "plan.json"]);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(await readFile(join(dir, "plan.json"), "utf8")) as { specFiles: { path: string; digest: string }[] };
    const validate = planValidator();
    expect(validate(plan), JSON.stringify(validate.errors)).toBe(true);
    expect(plan.specFiles.map((f) => f.path)).toEqual(["workspaces.yaml", "clients/a.yaml", "clients/b.yaml"]);
    for (const f of plan.specFiles) expect(f.digest).toMatch(/^[0-9a-f]{64}$/);
    // From a subfolder of the repository, with no spec argument: the recorded files are found.
    const applied = await hgw(["apply", "--plan", "../plan.json", "--auto-approve"], { cwd: join(dir, "clients") });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/Applied \d+ change/);
  });

  it("refuses a plan whose fragment was edited since, without any spec argument, naming the file", async () => {
    await splitSpec();
    expect((await hgw(["plan", "--out", "plan.json"])).code).toBe(0);
    await write("clients/b.yaml", CLIENT_B.replace("seats: 2", "seats: 9"));
    const r = await hgw(["apply", "--plan", "plan.json", "--auto-approve"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[spec-changed\]: the spec is not the one this plan was made from: clients\/b\.yaml changed; nothing was applied/);
    const acc = JSON.parse((await hgw(["sandbox", "show", "--format", "json"])).stdout) as { workspaces: { name: string }[] };
    expect(acc.workspaces.map((w) => w.name)).not.toContain("client-b");
  });

  it("refuses a new file taken in by an include, a missing one, and another set of files given", async () => {
    await splitSpec();
    expect((await hgw(["plan", "--out", "plan.json"])).code).toBe(0);

    await write("clients/c.yaml", "subWorkspaces:\n  - name: client-c\n");
    const added = await hgw(["apply", "--plan", "plan.json", "--auto-approve"]);
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(/spec-changed.*clients\/c\.yaml was not part of it/);

    const given = await hgw(["apply", "--plan", "plan.json", "--auto-approve", "workspaces.yaml"]);
    expect(given.code).toBe(1);
    expect(given.stderr).toMatch(/clients\/c\.yaml was not part of it/);

    await rm(join(dir, "clients/c.yaml"));
    await rm(join(dir, "clients/a.yaml"));
    const missing = await hgw(["apply", "--plan", "plan.json", "--auto-approve"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/clients\/a\.yaml is missing/);
  });
});

describe("secrets a plan needs", () => {
  const SPEC = `version: 1
workspace:
  name: Acme Agency
contentShares:
  - type: video
    id: vd_launch
    sharePage: { password: { env: HGW_PW_LAUNCH } }
  - type: folder
    id: fd_campaigns
    sharePage: { password: { env: HGW_PW_CAMPAIGNS } }
  - type: project
    id: pj_onboarding
    sharePage: { password: { env: HGW_PW_LAUNCH } }
`;

  it("plan warns about each unset one in text, markdown and JSON; apply refuses naming all of them, before any change", async () => {
    await write("workspaces.yaml", SPEC);
    const text = await hgw(["plan"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/HGW_PW_LAUNCH is not set here, and applying this plan needs it \(content_share\[video:vd_launch\], content_share\[project:pj_onboarding\]\)/);
    expect(text.stdout).toMatch(/HGW_PW_CAMPAIGNS is not set here/);
    const md = await hgw(["plan", "--format", "markdown"]);
    expect(md.stdout).toMatch(/HGW_PW_LAUNCH/);
    expect(md.stdout).toMatch(/HGW_PW_CAMPAIGNS/);
    const json = await hgw(["plan", "--format", "json"]);
    const warnings = (JSON.parse(json.stdout) as { warnings: { code: string; message: string; address?: string }[] }).warnings.filter((w) => w.code === "secret-unset");
    expect(warnings.map((w) => w.address)).toEqual(["content_share[video:vd_launch]", "content_share[folder:fd_campaigns]"]);

    // One of the two set: the plan names only the other.
    const partly = await hgw(["plan"], { env: { HGW_PW_CAMPAIGNS: "campaigns-secret-81c2" } });
    expect(partly.stdout).not.toMatch(/HGW_PW_CAMPAIGNS is not set/);
    expect(partly.stdout).toMatch(/HGW_PW_LAUNCH is not set/);

    expect((await hgw(["plan", "--out", "plan.json"])).code).toBe(0);
    const refused = await hgw(["apply", "--plan", "plan.json", "--auto-approve"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error\[secret-unset\]: the environment variable HGW_PW_LAUNCH is not set.*needed by content_share\[video:vd_launch\], content_share\[project:pj_onboarding\]; nothing was applied/);
    expect(refused.stderr).toMatch(/error\[secret-unset\]: the environment variable HGW_PW_CAMPAIGNS is not set/);
    expect(refused.stderr).not.toMatch(/Applying/);
    const acc = JSON.parse((await hgw(["sandbox", "show", "--format", "json"])).stdout) as { content: { sharePage: { passwordSet: boolean } }[] };
    expect(acc.content.every((c) => !c.sharePage.passwordSet)).toBe(true);

    const secrets = { HGW_PW_LAUNCH: "launch-secret-5d0a", HGW_PW_CAMPAIGNS: "campaigns-secret-81c2" };
    const ok = await hgw(["apply", "--plan", "plan.json", "--auto-approve"], { env: secrets });
    expect(ok.code, ok.stderr).toBe(0);
    const all = `${text.stdout}${md.stdout}${json.stdout}${ok.stdout}${ok.stderr}${await readFile(join(dir, "plan.json"), "utf8")}`;
    for (const v of Object.values(secrets)) expect(all).not.toContain(v);
  });
});

describe("a fragment given as the spec", () => {
  it("is refused, file or folder, with a hint naming the file that includes it", async () => {
    await splitSpec();
    for (const [arg, what] of [
      ["clients/", /clients\/ holds spec fragments, not a spec: clients\/a\.yaml, the first file in it, has no `workspace:`/],
      ["clients/b.yaml", /clients\/b\.yaml has no `workspace:`, so it is a fragment of a spec, not a spec/],
    ] as const) {
      for (const cmd of ["plan", "validate", "apply"]) {
        const r = await hgw([cmd, arg, ...(cmd === "apply" ? ["--auto-approve"] : [])]);
        expect(r.code, `${cmd} ${arg}`).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toMatch(/^clients\/[ab]\.yaml:1:1: error\[fragment-as-spec\]/);
        expect(r.stderr).toMatch(what);
        expect(r.stderr).toContain('hint: it is included by workspaces.yaml:11:5 (include "clients/*.yaml"): give workspaces.yaml as the spec instead');
      }
    }
    // Nothing was planned or applied from the fragments: the account is the default one.
    const acc = JSON.parse((await hgw(["sandbox", "show", "--format", "json"])).stdout) as { workspaces: { name: string; deletionProtection: boolean }[] };
    expect(acc.workspaces.map((w) => w.name)).toEqual(["Acme Agency", "client-a"]);
  });

  it("with no file including it nearby, says to give the root spec", async () => {
    await write("loose/part.yaml", CLIENT_B);
    const r = await hgw(["plan", "loose/part.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hint: give the root spec \(the file with `workspace:`\) first/);
  });
});

describe("--target", () => {
  const SPEC = `version: 1
workspace:
  name: Acme Agency
subWorkspaces:
  - name: client-a
    allocation: { seats: 4 }
    members:
      - { email: reviewer@client-a.example, role: viewer }
      - { email: marketing@client-a.example, role: creator }
  - name: client-b
    allocation: { seats: 2 }
`;

  it("an address that matches nothing is an error with a did-you-mean, not 'No changes'", async () => {
    await write("workspaces.yaml", SPEC);
    const typo = await hgw(["plan", "--target", "member[client-a](markting@client-a.example)", "--detailed-exitcode"]);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toBe("");
    expect(typo.stderr).toMatch(/error\[unknown-target\]: --target member\[client-a\]\(markting@client-a\.example\) matches nothing in the spec or the account/);
    expect(typo.stderr).toContain("hint: did you mean member[client-a](marketing@client-a.example)?");
    const ws = await hgw(["apply", "--target", "subworkspace[cleint-b]", "--auto-approve"]);
    expect(ws.code).toBe(1);
    expect(ws.stderr).toContain("did you mean subworkspace[client-b]?");
    // A target that names something with nothing to change is not a typo.
    const quiet = await hgw(["plan", "--target", "member[client-a](reviewer@client-a.example)", "--detailed-exitcode"]);
    expect(quiet.code, quiet.stderr).toBe(0);
  });

  it("a targeted plan says it is partial, in every format, and a saved one applies with its targets", async () => {
    await write("workspaces.yaml", SPEC);
    const text = await hgw(["plan", "--target", "subworkspace[client-b]"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/resource targeting is in effect: this plan covers only subworkspace\[client-b\] and what they need/);
    expect(text.stdout).not.toContain("allocation[client-a]");
    const md = await hgw(["plan", "--target", "subworkspace[client-b]", "--format", "markdown"]);
    expect(md.stdout).toMatch(/resource targeting is in effect/);
    const json = JSON.parse((await hgw(["plan", "--target", "subworkspace[client-b]", "--format", "json"])).stdout) as {
      options: { targets: string[] };
      warnings: { code: string }[];
    };
    expect(json.options.targets).toEqual(["subworkspace[client-b]"]);
    expect(json.warnings.map((w) => w.code)).toContain("targeting");

    expect((await hgw(["plan", "--target", "subworkspace[client-b]", "--out", "plan.json"])).code).toBe(0);
    const applied = await hgw(["apply", "--plan", "plan.json", "--auto-approve"]);
    expect(applied.code, applied.stderr).toBe(0);
    // Planned again with the same target: client-a's changes are not "other differences".
    expect(applied.stderr).not.toMatch(/differs from the spec at/);
    const acc = JSON.parse((await hgw(["sandbox", "show", "--format", "json"])).stdout) as { workspaces: { name: string; allocation: { seats: number } | null }[] };
    expect(acc.workspaces.find((w) => w.name === "client-b")?.allocation?.seats).toBe(2);
    expect(acc.workspaces.find((w) => w.name === "client-a")?.allocation?.seats).toBe(3);
  });
});
