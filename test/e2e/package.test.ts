// The package as users get it: `npm pack` builds the tarball, which is installed into a
// fresh project in the system's temp directory (no node_modules above it, so nothing can
// resolve into this repository's), and used there as a new user would: `npx hgw init`,
// `validate`, `plan`, `apply`, the library import, the GitHub Action, and the clear errors
// of the optional Pulumi and emulator parts when their packages are absent.
// Installing needs the npm registry for the package's dependencies (few, by design).

import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runProcess, type RunResult } from "../helpers/cli.js";
import { readAction, runAction } from "../helpers/action.js";
import { requireBuilt } from "../pulumi/project.js";

const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
};

/**
 * This process's environment without what `npm test` adds (npm_config_*, npm_package_*,
 * INIT_CWD): an inherited npm_config_local_prefix would send `npm install` into this repo.
 */
function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const k of Object.keys(process.env)) if (/^npm_/i.test(k) || k === "INIT_CWD") env[k] = undefined;
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...extra };
}

let work = "";
let project = "";
let tarball = "";
let packed: string[] = [];
let install: RunResult;

const inProject = (command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> =>
  runProcess(command, args, { cwd: project, env: cleanEnv({ HGW_SANDBOX_DIR: join(project, ".hgw"), ...env }) });
/**
 * `npx hgw …` as users type it, with `--no --`: never download a package called hgw from
 * the registry should the local one be missing, and pass every flag on to hgw.
 */
const npx = (...args: string[]): Promise<RunResult> => inProject("npx", ["--no", "--", ...args]);
const said = (r: RunResult): string => `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

beforeAll(async () => {
  // The tarball holds dist/ as built; `npm test` builds first, and packing must not rebuild
  // it while other test files read it (hence --ignore-scripts).
  requireBuilt();
  work = await mkdtemp(join(tmpdir(), "hgw-package-"));
  const nodeModulesAbove = [work, ...ancestorsOf(work)].filter((d) => existsSync(join(d, "node_modules")));
  expect(nodeModulesAbove, "the temp project must not see a node_modules above it").toEqual([]);

  const p = await runProcess("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { env: cleanEnv() });
  expect(p.code, `npm pack failed: ${said(p)}`).toBe(0);
  const manifest = JSON.parse(p.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, manifest[0]!.filename);
  packed = manifest[0]!.files.map((f) => f.path).sort();

  project = join(work, "project");
  await mkdir(project);
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "acme-workspaces", private: true, type: "module" }, null, 2));
  const r = await inProject("npm", ["install", "--save-dev", tarball]);
  install = r;
  expect(r.code, `npm install of the packed tarball failed (it needs the npm registry for the dependencies): ${said(r)}`).toBe(0);
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function ancestorsOf(dir: string): string[] {
  const out: string[] = [];
  for (let d = dirname(dir); d !== out[out.length - 1]; d = dirname(d)) out.push(d);
  return out;
}

describe("npm pack", () => {
  it("ships only what a user runs: bin, compiled code and types, schemas, the action and the workflow recipes", () => {
    const allowed = [/^bin\/hgw\.js$/, /^dist\/.+\.(js|d\.ts)$/, /^schema\/[\w.-]+\.(json|yaml)$/, /^action\.yml$/, /^examples\/github-actions\/\w+\.yml$/, /^README\.md$/, /^package\.json$/];
    expect(packed.filter((f) => !allowed.some((re) => re.test(f))), "files in the tarball that users never need").toEqual([]);
    for (const f of ["bin/hgw.js", "dist/cli/main.js", "dist/index.js", "dist/index.d.ts", "dist/pulumi/index.js", "schema/workspaces.schema.json", "schema/plan.schema.json", "schema/admin-api.openapi.yaml", "action.yml", "examples/github-actions/plan.yml"]) {
      expect(packed, `the tarball lacks ${f}`).toContain(f);
    }
  });
});

describe("the installed package", () => {
  it("installs its dependencies only: no Pulumi, no fastify, and no engine warnings", async () => {
    const installed = await readdir(join(project, "node_modules"));
    for (const dep of Object.keys(pkg.dependencies)) expect(installed, `dependency ${dep} not installed`).toContain(dep.split("/")[0]);
    expect(installed.filter((d) => ["@pulumi", "@grpc", "@opentelemetry", "fastify", "protobufjs"].includes(d)), "optional peers were installed").toEqual([]);
    expect(install.stderr + install.stdout).not.toMatch(/EBADENGINE/);
  });

  it("npx hgw: --version, init, validate, plan, apply, and plan again shows no changes", async () => {
    const v = await npx("hgw", "--version");
    expect(v.stdout, said(v)).toBe(`${pkg.version}\n`);

    const init = await npx("hgw", "init");
    expect(init.code, `hgw init: ${said(init)}`).toBe(0);
    expect(init.stderr, "the package is installed, so init has nothing to ask").toBe("");
    const spec = await readFile(join(project, "workspaces.yaml"), "utf8");
    const ref = /\$schema=(\S+)/.exec(spec)![1]!;
    expect(ref).toBe("./node_modules/heygen-workspaces/schema/workspaces.schema.json");
    expect(existsSync(resolve(project, ref)), `$schema=${ref} does not resolve in the user's project`).toBe(true);
    expect(await readFile(join(project, ".gitignore"), "utf8")).toMatch(/^\.hgw\/$/m);

    const validate = await npx("hgw", "validate");
    expect(validate.code, `hgw validate: ${said(validate)}`).toBe(0);
    expect(validate.stdout).toMatch(/workspaces\.yaml: valid/);

    const plan = await npx("hgw", "plan", "--detailed-exitcode", "--out", "plan.json");
    expect(plan.code, `hgw plan: ${said(plan)}`).toBe(2);
    expect(plan.stdout).toMatch(/\+ subworkspace\[first-client\]/);

    const apply = await npx("hgw", "apply", "--plan", "plan.json", "--auto-approve", "workspaces.yaml");
    expect(apply.code, `hgw apply: ${said(apply)}`).toBe(0);

    const again = await npx("hgw", "plan", "--detailed-exitcode");
    expect(again.code, `hgw plan after apply: ${said(again)}`).toBe(0);
  });

  it('import { plan } from "heygen-workspaces", with types', async () => {
    await writeFile(
      join(project, "use.mjs"),
      `import { plan, loadSpec, createProvider, renderText } from "heygen-workspaces";
const { desired, diagnostics } = await loadSpec(["workspaces.yaml"]);
if (!desired) throw new Error(JSON.stringify(diagnostics));
const provider = await createProvider({ provider: "sandbox", sandboxDir: ".hgw-library" });
const p = plan(desired, await provider.read());
console.log(typeof plan, renderText(p, { color: false }).trim().split("\\n").at(-1));
`,
    );
    const r = await inProject(process.execPath, ["use.mjs"]);
    expect(r.code, `the library import: ${said(r)}`).toBe(0);
    expect(r.stdout).toMatch(/^function Plan: \d+ to create/);

    // The package's types resolve through its exports, from the user's project.
    await writeFile(
      join(project, "use.ts"),
      `import { plan, type Plan, type WorkspacesSpec } from "heygen-workspaces";\nconst spec: WorkspacesSpec = { version: 1 };\nexport const run: typeof plan = plan;\nexport const none: Plan | null = null;\nexport { spec };\n`,
    );
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["use.ts"] }),
    );
    const tsc = await inProject(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"]);
    expect(tsc.code, `type-checking an import of the package: ${said(tsc)}`).toBe(0);
  });

  it("heygen-workspaces/pulumi without @pulumi/pulumi: one error naming it and how to install it", async () => {
    const r = await inProject(process.execPath, ["--input-type=module", "-e", 'await import("heygen-workspaces/pulumi")']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/heygen-workspaces\/pulumi needs @pulumi\/pulumi, which is not installed/);
    expect(r.stderr).toMatch(/npm install "@pulumi\/pulumi@\^3/);
  });

  it("hgw emulator without fastify: exit 1, naming it and how to install it", async () => {
    const r = await npx("hgw", "emulator", "--port", "0");
    expect(r.code, said(r)).toBe(1);
    expect(r.stderr).toMatch(/error\[missing-dependency\]: the emulator needs fastify, which is not installed/);
    expect(r.stderr).toMatch(/npm install "fastify@\^5/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it("the action, used as the recipes do (uses: ./node_modules/heygen-workspaces)", async () => {
    const actionPath = join(project, "node_modules/heygen-workspaces");
    const r = await runAction(await readAction(join(actionPath, "action.yml")), { command: "validate" }, { actionPath, workspace: project, env: cleanEnv() });
    expect(r.code, `the action: ${said(r)}`).toBe(0);
    expect(r.outputs["exit-code"]).toBe("0");
    expect(r.stdout).toMatch(/workspaces\.yaml: valid/);
  });
});
