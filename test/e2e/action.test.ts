// The GitHub Action (action.yml at the root, shipped in the package): its steps run as
// written, with inputs, outputs and the runner's files, on the sandbox and against the
// emulator. The recipes' use of it is tested in github-actions.test.ts.

import { copyFile, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { repoRoot, runHgw, tempDir } from "../helpers/cli.js";
import { readAction, runAction, type ActionFile } from "../helpers/action.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";

let action: ActionFile;
let dir = "";
let cleanup: () => Promise<void> = async () => {};
let env: Record<string, string | undefined> = {};

beforeAll(async () => {
  action = await readAction(join(repoRoot, "action.yml"));
});
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("hgw-action-"));
  await mkdir(join(dir, "infra"));
  await copyFile(join(repoRoot, "workspaces.yaml"), join(dir, "infra/workspaces.yaml"));
  env = { HGW_SANDBOX_DIR: join(dir, ".hgw"), HGW_PROVIDER: undefined, HEYGEN_API_URL: undefined, HEYGEN_API_KEY: undefined };
});
afterEach(() => cleanup());

const run = (inputs: Record<string, string>, actionPath = repoRoot) => runAction(action, inputs, { actionPath, workspace: dir, env });

describe("action.yml", () => {
  it("declares the inputs and outputs the recipes use", () => {
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(["command", "spec", "format", "plan-file", "output-file", "error-file", "step-summary", "provider", "api-url", "api-key", "args", "working-directory"]),
    );
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(["exit-code", "plan-file", "output-file", "error-file"]));
  });

  it("plan: saves the plan and the output, reports changes as exit-code 2 without failing the step", async () => {
    const r = await run({ command: "plan", "working-directory": "infra", format: "markdown", "plan-file": "plan.json", "output-file": "plan.md" });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs["exit-code"]).toBe("2");
    expect(r.outputs["plan-file"]).toBe(join(dir, "infra/plan.json"));
    expect(r.outputs["output-file"]).toBe(join(dir, "infra/plan.md"));
    expect(await readFile(join(dir, "infra/plan.md"), "utf8")).toMatch(/subworkspace\[client-b\]/);
    expect(JSON.parse(await readFile(join(dir, "infra/plan.json"), "utf8"))).toMatchObject({ formatVersion: 2, provider: "sandbox" });
    // stdout went to the file, not the log.
    expect(r.stdout).not.toMatch(/subworkspace\[client-b\]/);

    // apply exactly that plan; args pass through; then plan shows no changes (exit-code 0).
    const a = await run({ command: "apply", "working-directory": "infra", "plan-file": "plan.json", spec: "workspaces.yaml", args: "--auto-approve --api-key-file keys.json" });
    expect(a.code, a.stderr).toBe(0);
    expect(a.outputs["exit-code"]).toBe("0");
    expect(a.outputs["plan-file"]).toBe(join(dir, "infra/plan.json"));
    expect(JSON.parse(await readFile(join(dir, "infra/keys.json"), "utf8"))).toHaveProperty("apiKeys");
    const again = await run({ command: "plan", "working-directory": "infra" });
    expect(again.code).toBe(0);
    expect(again.outputs["exit-code"]).toBe("0");
    expect(again.stdout).toMatch(/No changes/);
  });

  it("validate: errors fail the step (exit-code 1) with annotations", async () => {
    await writeFile(join(dir, "infra/workspaces.yaml"), "version: 1\nworkspace:\n  nmae: Acme\n");
    const r = await run({ command: "validate", format: "github", "working-directory": "infra" });
    expect(r.code).toBe(1);
    expect(r.outputs["exit-code"]).toBe("1");
    expect(r.stderr).toMatch(/^::error file=workspaces\.yaml,line=3,col=3/m);
  });

  it("error-file: a failed plan's error goes to the file and still to the log; the step fails with exit-code 1", async () => {
    await writeFile(join(dir, "infra/workspaces.yaml"), "version: 1\nworkspace:\n  name: Acme\n  members:\n    - { email: a@acme.example, role: writer }\n");
    const r = await run({ command: "plan", format: "markdown", "working-directory": "infra", "output-file": "plan.md", "error-file": "plan.err" });
    expect(r.code).toBe(1);
    expect(r.outputs["exit-code"]).toBe("1");
    expect(r.outputs["error-file"]).toBe(join(dir, "infra/plan.err"));
    const err = await readFile(join(dir, "infra/plan.err"), "utf8");
    expect(err).toMatch(/workspaces\.yaml:5:\d+: error\[[a-z-]+\]: .*writer/);
    expect(r.stderr).toContain(err.trim());
    expect(await readFile(join(dir, "infra/plan.md"), "utf8")).toBe("");
  });

  it("drift: unauthorized drift fails the step with exit 2, the report in the job summary", async () => {
    const spec = join(dir, "infra/workspaces.yaml");
    expect((await runHgw(["apply", spec, "--auto-approve", "--api-key-file", join(dir, "k.json")], { env })).code).toBe(0);
    const clean = await run({ command: "drift", "working-directory": "infra", format: "markdown", "step-summary": "true" });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.summary).toMatch(/No drift/);
    // Someone adds a member outside the spec.
    const other = join(dir, "other.yaml");
    await writeFile(other, (await readFile(spec, "utf8")).replace("      - email: legal@client-b.example\n", "      - email: intern@client-b.example\n        role: viewer\n      - email: legal@client-b.example\n"));
    expect((await runHgw(["apply", other, "--auto-approve"], { env })).code).toBe(0);
    const r = await run({ command: "drift", "working-directory": "infra", format: "markdown", "step-summary": "true" });
    expect(r.code).toBe(2);
    expect(r.outputs["exit-code"]).toBe("2");
    expect(r.summary).toMatch(/intern@client-b\.example/);
  });

  it("refuses an unknown command and a plan-file for a command that takes none", async () => {
    const bad = await run({ command: "destroy" });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/::error title=heygen-workspaces::command must be validate, plan, apply, drift or export, not "destroy"/);
    const misplaced = await run({ command: "drift", "plan-file": "plan.json" });
    expect(misplaced.code).toBe(1);
    expect(misplaced.stdout).toMatch(/plan-file is for plan \(--out\) and apply \(--plan\), not drift/);
  });

  it("from a checkout without a build, runs the project's installed hgw, and says what to install when there is none", async () => {
    const bare = join(dir, "action-checkout");
    await mkdir(bare);
    await copyFile(join(repoRoot, "action.yml"), join(bare, "action.yml"));
    const none = await run({ command: "validate", "working-directory": "infra" }, bare);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/heygen-workspaces is not installed in .*infra: add it \(npm install -D heygen-workspaces\) and run npm ci before this step/);

    await mkdir(join(dir, "node_modules"));
    await symlink(repoRoot, join(dir, "node_modules/heygen-workspaces"), "dir");
    const found = await run({ command: "validate", "working-directory": "infra" }, bare);
    expect(found.code, found.stdout + found.stderr).toBe(0);
    expect(found.stdout).toMatch(/workspaces\.yaml: valid/);
  });
});

describe("action.yml against an API", () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await spawnEmulator(["--quiet"]);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("provider, api-url and api-key inputs; the key reaches hgw through the environment only", async () => {
    const r = await run({ command: "plan", "working-directory": "infra", provider: "http", "api-url": emulator.url, "api-key": emulator.adminKey, format: "json" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs["exit-code"]).toBe("2");
    expect(JSON.parse(r.stdout)).toMatchObject({ provider: "http" });
    expect(r.stdout + r.stderr).not.toContain(emulator.adminKey);
    // Without the key the API refuses, and the step fails.
    const noKey = await run({ command: "plan", "working-directory": "infra", provider: "http", "api-url": emulator.url });
    expect(noKey.code).toBe(1);
    expect(noKey.outputs["exit-code"]).toBe("1");
  });
});
