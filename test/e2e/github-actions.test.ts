// The GitOps recipes in examples/github-actions/ run their `hgw` steps exactly as written,
// in bash, with the environment GitHub gives them, against the emulator over HTTP: plan on a
// pull request, apply the reviewed plan on merge, and the scheduled drift check. Steps that
// use the action (`uses: ./node_modules/heygen-workspaces`, the package root after npm ci)
// run its action.yml with their `with:` inputs; here the package is this checkout.

import { appendFile, copyFile, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hgwBin, repoRoot, runHgw, runProcess, tempDir, type RunResult } from "../helpers/cli.js";
import { readAction, runAction, substitute } from "../helpers/action.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string | boolean>;
}

/** The action as the recipes name it: the installed package's root. */
const ACTION = "./node_modules/heygen-workspaces";
interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

async function workflow(name: string): Promise<Workflow> {
  return parse(await readFile(join(repoRoot, "examples/github-actions", name), "utf8")) as Workflow;
}

/** The steps that run hgw, as written (only `npx hgw` is pointed at this checkout). */
function hgwSteps(wf: Workflow): Step[] {
  return Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses === ACTION || s.run?.includes("hgw")));
}

let emulator: EmulatorProcess;
let dir = "";
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  emulator = await spawnEmulator(["--quiet"]);
  ({ dir, cleanup } = await tempDir("hgw-gha-"));
  await copyFile(join(repoRoot, "workspaces.yaml"), join(dir, "workspaces.yaml"));
  await writeFile(join(dir, "github_output"), "");
  await writeFile(join(dir, "step_summary"), "");
});
afterAll(async () => {
  await emulator?.stop();
  await cleanup();
});

function jobEnv(): Record<string, string> {
  // What the workflows' env blocks name, with vars and secrets filled in.
  return { HGW_PROVIDER: "http", HEYGEN_API_URL: emulator.url, HEYGEN_API_KEY: emulator.adminKey };
}

async function runStep(step: Step): Promise<RunResult> {
  if (step.uses === ACTION) {
    const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), { "runner.temp": dir })]));
    const r = await runAction(await readAction(join(repoRoot, "action.yml")), inputs, { actionPath: repoRoot, workspace: dir, env: jobEnv(), runnerTemp: dir });
    // The runner appends what the step wrote to the job's files.
    await appendFile(join(dir, "step_summary"), r.summary);
    await appendFile(join(dir, "github_output"), Object.entries(r.outputs).map(([k, v]) => `${k}=${v}\n`).join(""));
    return r;
  }
  return runProcess("bash", ["-eo", "pipefail", "-c", step.run!.replaceAll("npx hgw", `node ${hgwBin}`)], {
    cwd: dir,
    env: {
      ...jobEnv(),
      GITHUB_OUTPUT: join(dir, "github_output"),
      GITHUB_STEP_SUMMARY: join(dir, "step_summary"),
      RUNNER_TEMP: dir,
    },
  });
}

describe("examples/github-actions", () => {
  it("every workflow names the http provider and its key from secrets", async () => {
    for (const name of ["plan.yml", "apply.yml", "drift.yml"]) {
      const wf = await workflow(name);
      const env = Object.values(wf.jobs)[0]!.env ?? {};
      expect(env.HGW_PROVIDER).toBe("http");
      expect(env.HEYGEN_API_KEY).toBe("${{ secrets.HEYGEN_API_KEY }}");
      expect(hgwSteps(wf).length).toBeGreaterThan(0);
    }
  });

  it("plan on a pull request -> apply the reviewed plan on merge -> drift check", async () => {
    const [validate, plan] = hgwSteps(await workflow("plan.yml"));
    const v = await runStep(validate!);
    expect(v.code, v.stderr).toBe(0);

    const p = await runStep(plan!);
    expect(p.code, p.stderr).toBe(0);
    expect(await readFile(join(dir, "github_output"), "utf8")).toContain("exit-code=2");
    const md = await readFile(join(dir, "plan.md"), "utf8");
    // The comment step finds the previous comment by the marker the workflow names.
    const marker = /const marker = "(.+?)";/.exec((await readFile(join(repoRoot, "examples/github-actions/plan.yml"), "utf8")))![1]!;
    expect(md.startsWith(marker)).toBe(true);
    expect(md).toContain("subworkspace[client-b]");
    expect(md.length).toBeLessThanOrEqual(65_536);
    expect(JSON.parse(await readFile(join(dir, "plan.json"), "utf8"))).toMatchObject({ formatVersion: 1, provider: "http" });

    const [apply] = hgwSteps(await workflow("apply.yml"));
    const a = await runStep(apply!);
    expect(a.code, a.stderr).toBe(0);
    const keys = join(dir, "new-api-keys.json");
    expect((await stat(keys)).mode & 0o777).toBe(0o600);
    const key = (JSON.parse(await readFile(keys, "utf8")) as { apiKeys: { key: string }[] }).apiKeys[0]!.key;
    expect(a.stdout + a.stderr).not.toContain(key);

    const [drift] = hgwSteps(await workflow("drift.yml"));
    const clean = await runStep(drift!);
    expect(clean.code, clean.stderr).toBe(0);
    expect(await readFile(join(dir, "step_summary"), "utf8")).toMatch(/No drift/);

    // Someone adds a member in the dashboard: the scheduled check fails the job with exit 2.
    const env = { HGW_PROVIDER: "http", HEYGEN_API_URL: emulator.url, HEYGEN_API_KEY: emulator.adminKey };
    const outOfBand = join(dir, "dashboard.yaml");
    await writeFile(
      outOfBand,
      (await readFile(join(dir, "workspaces.yaml"), "utf8")).replace(
        "      - email: legal@client-b.example\n",
        "      - email: intern@client-b.example\n        role: viewer\n      - email: legal@client-b.example\n",
      ),
    );
    const added = await runHgw(["apply", outOfBand, "--auto-approve"], { cwd: dir, env });
    expect(added.code, added.stderr).toBe(0);
    const failing = await runStep(drift!);
    expect(failing.code).toBe(2);
    expect(await readFile(join(dir, "step_summary"), "utf8")).toMatch(/intern@client-b\.example/);

    // The reviewed plan is now stale: apply on merge refuses it, changing nothing.
    const stale = await runStep({ ...apply!, with: { ...apply!.with, args: String(apply!.with!.args).replace("new-api-keys.json", "more-keys.json") } });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/changed since/);
  });
});
