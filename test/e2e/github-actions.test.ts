// The GitOps recipes in examples/github-actions/ run as written: their `run` steps in bash,
// with the environment GitHub gives them, against the emulator over HTTP (the plan and drift
// jobs with a read-only developer key, apply with the admin key); the steps that use the
// action (`uses: ./node_modules/heygen-workspaces`, the package root after npm ci; here this
// checkout) run its action.yml with their `with:` inputs; their `actions/github-script` steps
// run in node with Octokit, against a fake GitHub REST API served on 127.0.0.1 by this test.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { appendFile, copyFile, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hgwBin, repoRoot, runHgw, runProcess, tempDir, type RunResult } from "../helpers/cli.js";
import { readAction, runAction, substitute } from "../helpers/action.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";

interface Step {
  name?: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string | boolean>;
}

/** The action as the recipes name it: the installed package's root. */
const ACTION = "./node_modules/heygen-workspaces";
interface Workflow {
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

async function workflow(name: string): Promise<Workflow> {
  return parse(await readFile(join(repoRoot, "examples/github-actions", name), "utf8")) as Workflow;
}
const jobOf = (wf: Workflow) => Object.values(wf.jobs)[0]!;
/** The steps that run hgw: through the action, or as written (`npx hgw` pointed at this checkout). */
const hgwSteps = (wf: Workflow): Step[] => jobOf(wf).steps.filter((s) => s.uses === ACTION || s.run?.includes("hgw"));
const stepNamed = (wf: Workflow, name: string): Step => jobOf(wf).steps.find((s) => s.name === name)!;
const scriptSteps = (wf: Workflow): Step[] => jobOf(wf).steps.filter((s) => s.uses?.startsWith("actions/github-script"));

// --- a fake GitHub REST API: the endpoints the recipes' scripts call

interface Comment {
  id: number;
  body: string;
}
class FakeGitHub {
  server!: Server;
  url = "";
  comments: Comment[] = [];
  pulls = new Map<string, { number: number; merged_at: string | null; head: { sha: string } }[]>();
  runs = new Map<string, { id: number }[]>();
  requests: string[] = [];
  private nextId = 1000;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = "";
    for await (const chunk of req) text += String(chunk);
    const url = new URL(req.url!, this.url);
    this.requests.push(`${req.method} ${url.pathname}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== "token ghs_fake_token") return send(401, { message: "Bad credentials" });
    let m: RegExpExecArray | null;
    if ((m = /^\/repos\/acme\/workspaces\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
      if (req.method === "POST") {
        const c = { id: this.nextId++, body: (JSON.parse(text) as { body: string }).body };
        this.comments.push(c);
        return send(201, c);
      }
      // Paged as GitHub pages, with a Link header to the next page.
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const slice = this.comments.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < this.comments.length;
      return send(200, slice, more ? { link: `<${this.url}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"` } : {});
    }
    if ((m = /^\/repos\/acme\/workspaces\/issues\/comments\/(\d+)$/.exec(url.pathname)) && req.method === "PATCH") {
      const c = this.comments.find((x) => x.id === Number(m![1]));
      if (!c) return send(404, { message: "Not Found" });
      c.body = (JSON.parse(text) as { body: string }).body;
      return send(200, c);
    }
    if ((m = /^\/repos\/acme\/workspaces\/commits\/(\w+)\/pulls$/.exec(url.pathname))) return send(200, this.pulls.get(m[1]!) ?? []);
    if (/^\/repos\/acme\/workspaces\/actions\/workflows\/plan\.yml\/runs$/.test(url.pathname)) {
      const list = url.searchParams.get("status") === "success" ? (this.runs.get(url.searchParams.get("head_sha") ?? "") ?? []) : [];
      return send(200, { total_count: list.length, workflow_runs: list });
    }
    send(404, { message: "Not Found" });
  }
}

// --- the job's world: a checkout, the emulator, GitHub

let emulator: EmulatorProcess;
let gh: FakeGitHub;
let devKey = "";
let dir = "";
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("hgw-gha-"));
  const state = join(dir, "emulator-account.json");
  // The read-only key a pull request's plan uses: minted before the server starts.
  const minted = await runHgw(["emulator", "keys", "--state", state]);
  expect(minted.code, minted.stderr).toBe(0);
  devKey = /developer key \S+: (\S+)/.exec(minted.stdout)![1]!;
  emulator = await spawnEmulator(["--state", state, "--quiet"]);
  gh = new FakeGitHub();
  await gh.start();
  await copyFile(join(repoRoot, "workspaces.yaml"), join(dir, "workspaces.yaml"));
});
afterAll(async () => {
  await emulator?.stop();
  await gh?.stop();
  await cleanup();
});

/** The job's env block with vars and secrets filled in, and the files GitHub provides. */
async function jobEnv(wf: Workflow): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {
    "${{ secrets.HEYGEN_API_KEY }}": emulator.adminKey,
    "${{ secrets.HEYGEN_READ_API_KEY }}": devKey,
    "${{ vars.HEYGEN_API_URL }}": emulator.url,
  };
  const env = Object.fromEntries(Object.entries(jobOf(wf).env ?? {}).map(([k, v]) => [k, secrets[v] ?? v]));
  await writeFile(join(dir, "github_output"), "");
  return { ...env, GITHUB_OUTPUT: join(dir, "github_output"), GITHUB_STEP_SUMMARY: join(dir, "step_summary"), RUNNER_TEMP: dir };
}

/** Outputs of the steps run so far, by `steps.<id>.outputs.<name>`, for later steps' expressions. */
const stepOutputs: Record<string, string> = {};

/**
 * A step as GitHub runs it: an action step through action.yml with its `with:` inputs; a `run`
 * step with `shell: bash` (bash --noprofile --norc -eo pipefail) and its `env:` filled in.
 */
async function runStep(wf: Workflow, step: Step): Promise<RunResult> {
  const env = await jobEnv(wf);
  const values = { ...stepOutputs, "runner.temp": dir };
  if (step.uses === ACTION) {
    const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), values)]));
    const r = await runAction(await readAction(join(repoRoot, "action.yml")), inputs, { actionPath: repoRoot, workspace: dir, env, runnerTemp: dir });
    // The runner appends what the step wrote to the job's files.
    await appendFile(join(dir, "step_summary"), r.summary);
    await appendFile(join(dir, "github_output"), Object.entries(r.outputs).map(([k, v]) => `${k}=${v}\n`).join(""));
    if (step.id) for (const [k, v] of Object.entries(r.outputs)) stepOutputs[`steps.${step.id}.outputs.${k}`] = v;
    return r;
  }
  expect(wf.defaults?.run?.shell).toBe("bash");
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, values)]));
  return runProcess("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!.replaceAll("npx hgw", `node ${hgwBin}`)], { cwd: dir, env: { ...env, ...stepEnv } });
}

interface ScriptResult {
  outputs: Record<string, string>;
  failures: string[];
}
/** An `actions/github-script` step, in node with Octokit, against the fake GitHub. */
async function runScript(step: Step, context: object): Promise<ScriptResult> {
  const r = await runProcess(process.execPath, [join(repoRoot, "test/helpers/github-script.mjs")], {
    cwd: dir,
    env: { GHS_INPUT: JSON.stringify({ script: String(step.with!.script), context }), GITHUB_API_URL: gh.url, GITHUB_TOKEN: "ghs_fake_token" },
  });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as ScriptResult;
}

const prContext = { repo: { owner: "acme", repo: "workspaces" }, issue: { owner: "acme", repo: "workspaces", number: 7 }, sha: "headsha1" };
const adminEnv = () => ({ HGW_PROVIDER: "http", HEYGEN_API_URL: emulator.url, HEYGEN_API_KEY: emulator.adminKey });

describe("examples/github-actions", () => {
  it("plan and drift read with the read-only key, apply with the admin key; every script stops on a failure", async () => {
    for (const name of ["plan.yml", "apply.yml", "drift.yml"]) {
      const wf = await workflow(name);
      const env = jobOf(wf).env ?? {};
      expect(env.HGW_PROVIDER).toBe("http");
      expect(env.HEYGEN_API_KEY).toBe(name === "apply.yml" ? "${{ secrets.HEYGEN_API_KEY }}" : "${{ secrets.HEYGEN_READ_API_KEY }}");
      expect(wf.defaults?.run?.shell, name).toBe("bash");
      for (const s of jobOf(wf).steps.filter((x) => x.run && x.run.includes("\n"))) expect(s.run!.trimStart().startsWith("set -euo pipefail"), `${name}: ${s.name}`).toBe(true);
      expect(hgwSteps(wf).length).toBeGreaterThan(0);
    }
    // The read-only key can plan but not apply.
    const denied = await runHgw(["apply", "--auto-approve", "--show-api-keys"], { cwd: dir, env: { ...adminEnv(), HEYGEN_API_KEY: devKey } });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/forbidden/);
    expect(denied.stderr).not.toMatch(/internal error/);
    // The docs say to require branches to be up to date, where users read them.
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    expect(readme).toMatch(/Require branches to be up to date before merging/);
    expect(await readFile(join(repoRoot, "examples/github-actions/plan.yml"), "utf8")).toMatch(/Require branches to be up to/);
  });

  it("pull request: the plan comment is created, replaced on every push, and replaced by the error when the plan fails", async () => {
    const wf = await workflow("plan.yml");
    const [validate, plan] = hgwSteps(wf);
    const [comment] = scriptSteps(wf);
    const onFailure = stepNamed(wf, "Put the error in the comment");
    expect(plan!.if).toBe("${{ !cancelled() }}");
    expect(onFailure.if).toBe("${{ !cancelled() && steps.plan.outcome == 'failure' }}");
    expect(comment!.if).toBe("${{ !cancelled() && steps.plan.outcome != 'skipped' }}");
    gh.comments = [{ id: 1, body: "Looks good to me" }];

    expect((await runStep(wf, validate!)).code).toBe(0);
    const p = await runStep(wf, plan!);
    expect(p.code, p.stderr).toBe(0);
    expect(await readFile(join(dir, "github_output"), "utf8")).toContain("exit-code=2");
    expect(JSON.parse(await readFile(join(dir, "plan.json"), "utf8"))).toMatchObject({ formatVersion: 2, provider: "http" });
    const first = await runScript(comment!, prContext);
    expect(first.failures).toEqual([]);
    expect(gh.comments).toHaveLength(2);
    expect(gh.comments[1]!.body).toMatch(/^<!-- hgw:plan -->/);
    expect(gh.comments[1]!.body).toContain("subworkspace[client-b]");
    expect(gh.comments[1]!.body.length).toBeLessThanOrEqual(65_536);

    // Another push: the same comment is replaced, not a second one added.
    await writeFile(join(dir, "workspaces.yaml"), (await readFile(join(dir, "workspaces.yaml"), "utf8")).replace("seats: 5", "seats: 4"));
    expect((await runStep(wf, plan!)).code).toBe(0);
    expect((await runScript(comment!, prContext)).failures).toEqual([]);
    expect(gh.comments.map((c) => c.id)).toEqual([1, 1000]);
    expect(gh.comments[1]!.body).toMatch(/seats 3 → 4/);

    // A push that breaks the spec: the step fails, and the comment shows the error instead of the old plan.
    const good = await readFile(join(dir, "workspaces.yaml"), "utf8");
    await writeFile(join(dir, "workspaces.yaml"), good.replace("role: creator", "role: writer"));
    expect((await runStep(wf, validate!)).code).toBe(1);
    const failed = await runStep(wf, plan!);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/workspaces\.yaml:\d+:\d+: error/);
    expect(await readFile(join(dir, "github_output"), "utf8")).toContain("exit-code=1");
    // The step failed, so GitHub runs the one that turns its error into the comment.
    expect((await runStep(wf, onFailure)).code).toBe(0);
    expect((await runScript(comment!, prContext)).failures).toEqual([]);
    expect(gh.comments).toHaveLength(2);
    expect(gh.comments[1]!.body).toMatch(/^<!-- hgw:plan -->\n### hgw plan failed \(exit 1\)/);
    expect(gh.comments[1]!.body).toMatch(/workspaces\.yaml:\d+:\d+: error\[[a-z-]+\]: .*writer/);
    expect(gh.comments[1]!.body).not.toContain("subworkspace[client-b]");
    expect(gh.comments[1]!.body).not.toContain(devKey);
    await writeFile(join(dir, "workspaces.yaml"), good);
  });

  it("merge: the reviewed plan is found and applied; a missing review stops the script; drift reports what the dashboard did", async () => {
    const planWf = await workflow("plan.yml");
    const applyWf = await workflow("apply.yml");
    const [find] = scriptSteps(applyWf);
    const [apply] = hgwSteps(applyWf);

    // No merged pull request for the commit: the script fails and asks nothing further.
    gh.requests = [];
    const none = await runScript(find!, { ...prContext, sha: "orphan" });
    expect(none.failures).toEqual(["No merged pull request for this commit: nothing reviewed to apply."]);
    expect(none.outputs).toEqual({});
    expect(gh.requests).toEqual(["GET /repos/acme/workspaces/commits/orphan/pulls"]);

    // Merged, but its last commit has no successful plan run: fails, no run id.
    gh.pulls.set("merge1", [{ number: 7, merged_at: "2026-03-01T12:00:00Z", head: { sha: "headsha1" } }]);
    const unplanned = await runScript(find!, { ...prContext, sha: "merge1" });
    expect(unplanned.failures).toEqual(["No successful plan run for #7 at its last commit: nothing reviewed to apply."]);
    expect(unplanned.outputs).toEqual({});

    gh.runs.set("headsha1", [{ id: 4242 }]);
    const found = await runScript(find!, { ...prContext, sha: "merge1" });
    expect(found).toEqual({ outputs: { "run-id": 4242 }, failures: [] });

    // The downloaded artifact is the PR's plan.json; apply it.
    expect((await runStep(planWf, hgwSteps(planWf)[1]!)).code).toBe(0);
    const a = await runStep(applyWf, apply!);
    expect(a.code, a.stderr).toBe(0);
    const keys = join(dir, "new-api-keys.json");
    expect((await stat(keys)).mode & 0o777).toBe(0o600);
    const key = (JSON.parse(await readFile(keys, "utf8")) as { apiKeys: { key: string }[] }).apiKeys[0]!.key;
    expect(a.stdout + a.stderr).not.toContain(key);

    const driftWf = await workflow("drift.yml");
    const [drift] = hgwSteps(driftWf);
    const clean = await runStep(driftWf, drift!);
    expect(clean.code, clean.stderr).toBe(0);
    expect(await readFile(join(dir, "step_summary"), "utf8")).toMatch(/No drift/);

    // Someone adds a member in the dashboard: the scheduled check fails the job with exit 2.
    const outOfBand = join(dir, "dashboard.yaml");
    await writeFile(outOfBand, "version: 1\nworkspace:\n  name: Acme Agency\nsubWorkspaces:\n  - name: client-b\n    memberOwnership: additive\n    members:\n      - { email: intern@client-b.example, role: viewer }\n");
    const added = await runHgw(["apply", outOfBand, "--auto-approve"], { cwd: dir, env: adminEnv() });
    expect(added.code, added.stderr).toBe(0);
    const failing = await runStep(driftWf, drift!);
    expect(failing.code).toBe(2);
    expect(await readFile(join(dir, "step_summary"), "utf8")).toMatch(/intern@client-b\.example/);

    // The next pull request's plan removes intern@; before it merges, the dashboard makes them
    // a creator. Apply on merge refuses the reviewed plan, naming that member, and changes nothing.
    expect((await runStep(planWf, hgwSteps(planWf)[1]!)).code).toBe(0);
    await writeFile(outOfBand, (await readFile(outOfBand, "utf8")).replace("role: viewer", "role: creator"));
    expect((await runHgw(["apply", outOfBand, "--auto-approve"], { cwd: dir, env: adminEnv() })).code).toBe(0);
    await rm(join(dir, "more-keys.json"), { force: true });
    const stale = await runStep(applyWf, { ...apply!, with: { ...apply!.with, args: String(apply!.with!.args).replace("new-api-keys.json", "more-keys.json") } });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/error\[stale-plan\]: the account changed since this plan was made/);
    expect(stale.stderr).toContain("member[client-b](intern@client-b.example)");
    expect(stale.stderr).toContain('role: planned "viewer" → (none), now "creator" → (none)');
  });
});
