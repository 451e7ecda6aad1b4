// `hgw init` through the real CLI in a fresh directory: the starter spec validates and
// plans, its $schema line resolves where the package is installed, .gitignore gains only
// what it lacks, the workflows are the tested recipes, and nothing existing is overwritten.

import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot, runHgw, runProcess, tempDir } from "../helpers/cli.js";
import { schemaRefFor } from "../../src/cli/schema-ref.js";

let dir = "";
let cleanup: () => Promise<void> = async () => {};
beforeEach(async () => ({ dir, cleanup } = await tempDir("hgw-init-")));
afterEach(() => cleanup());

const hgw = (...args: string[]) => runHgw(args, { cwd: dir, env: { HGW_SANDBOX_DIR: join(dir, ".hgw") } });
const schemaLine = (text: string): string => /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)![1]!;

describe("hgw init", () => {
  it("writes a starter spec that validates, plans and applies on the sandbox, and .gitignore entries", async () => {
    const r = await hgw("init");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote workspaces\.yaml$/m);
    expect(r.stdout).toMatch(/added \.hgw\/, keys\.json, \*\.keys\.json to \.gitignore/);
    expect(await readFile(join(dir, ".gitignore"), "utf8")).toBe(
      "# heygen-workspaces: the local sandbox account, and new API keys (secrets)\n.hgw/\nkeys.json\n*.keys.json\n",
    );
    expect(existsSync(join(dir, ".github"))).toBe(false);

    const v = await hgw("validate");
    expect(v.code, v.stderr).toBe(0);
    const p = await hgw("plan", "--detailed-exitcode");
    expect(p.code, p.stderr).toBe(2);
    expect(p.stdout).toMatch(/\+ subworkspace\[first-client\]/);
    // Additive membership: the account's other members are not removed.
    expect(p.stdout).not.toMatch(/^ {2}- member/m);
    expect((await hgw("apply", "--auto-approve")).code).toBe(0);
    expect((await hgw("plan", "--detailed-exitcode")).code).toBe(0);
  });

  it("points $schema at the installed package's schema, relative to the spec", async () => {
    // Not installed here: the path a local install will have, and a hint to install it.
    const r = await hgw("init", "--spec", "infra/workspaces.yaml");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/npm install -D heygen-workspaces/);
    expect(schemaLine(await readFile(join(dir, "infra/workspaces.yaml"), "utf8"))).toBe("../node_modules/heygen-workspaces/schema/workspaces.schema.json");

    // Installed (as npm would; here a link to this checkout): the path resolves to the
    // schema file, and there is no hint.
    const project = join(dir, "project");
    await mkdir(join(project, "node_modules"), { recursive: true });
    await symlink(repoRoot, join(project, "node_modules/heygen-workspaces"), "dir");
    const installed = await runProcess(process.execPath, [join(project, "node_modules/heygen-workspaces/bin/hgw.js"), "init"], {
      cwd: project,
      env: { HGW_SANDBOX_DIR: join(project, ".hgw") },
    });
    expect(installed.code, installed.stderr).toBe(0);
    const ref = schemaLine(await readFile(join(project, "workspaces.yaml"), "utf8"));
    expect(ref).toBe("./node_modules/heygen-workspaces/schema/workspaces.schema.json");
    expect(existsSync(resolve(project, ref))).toBe(true);
    expect(installed.stderr).toBe("");
  });

  it("--github writes the three recipes, the apply workflow finding the plan workflow by its new name", async () => {
    const r = await hgw("init", "--github");
    expect(r.code, r.stderr).toBe(0);
    for (const name of ["plan", "apply", "drift"]) {
      const text = await readFile(join(dir, `.github/workflows/hgw-${name}.yml`), "utf8");
      const recipe = await readFile(join(repoRoot, `examples/github-actions/${name}.yml`), "utf8");
      expect(parse(text)).toMatchObject({ name: parse(recipe).name });
      expect(text).toMatch(/uses: \.\/node_modules\/heygen-workspaces/);
    }
    const apply = await readFile(join(dir, ".github/workflows/hgw-apply.yml"), "utf8");
    expect(apply).toMatch(/workflow_id: "hgw-plan\.yml"/);
    expect(apply).not.toMatch(/"plan\.yml"/);
  });

  it("never overwrites a file, and adds to .gitignore only the lines it lacks", async () => {
    await writeFile(join(dir, "workspaces.yaml"), "# mine\n");
    await writeFile(join(dir, ".gitignore"), "node_modules/\n.hgw/\n");
    await mkdir(join(dir, ".github/workflows"), { recursive: true });
    await writeFile(join(dir, ".github/workflows/hgw-plan.yml"), "# my plan workflow\n");
    const r = await hgw("init", "--github");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^kept {2}workspaces\.yaml \(it exists; hgw init never overwrites a file\)$/m);
    expect(r.stdout).toMatch(/^kept {2}\.github\/workflows\/hgw-plan\.yml/m);
    expect(r.stdout).toMatch(/^wrote \.github\/workflows\/hgw-apply\.yml$/m);
    expect(await readFile(join(dir, "workspaces.yaml"), "utf8")).toBe("# mine\n");
    expect(await readFile(join(dir, ".github/workflows/hgw-plan.yml"), "utf8")).toBe("# my plan workflow\n");
    expect(await readFile(join(dir, ".gitignore"), "utf8")).toBe(
      "node_modules/\n.hgw/\n\n# heygen-workspaces: the local sandbox account, and new API keys (secrets)\nkeys.json\n*.keys.json\n",
    );
    // A second run changes nothing.
    const again = await hgw("init", "--github");
    expect(again.stdout).not.toMatch(/^wrote|^added/m);
    expect(await readFile(join(dir, ".gitignore"), "utf8")).toMatch(/\*\.keys\.json\n$/);
  });
});

describe("schemaRefFor", () => {
  const shipped = (root: string): string => join(root, "schema/workspaces.schema.json");
  const files = (...paths: string[]) => (p: string): boolean => paths.includes(p);
  const npx = shipped("/home/u/.npm/_npx/ab12/node_modules/heygen-workspaces");
  it("a project install, from the project or a subdirectory: that install's schema, relative to the spec", () => {
    const exists = files("/repo/node_modules/heygen-workspaces/schema/workspaces.schema.json");
    expect(schemaRefFor("workspaces.yaml", "/repo", npx, exists)).toEqual({ ref: "./node_modules/heygen-workspaces/schema/workspaces.schema.json", installed: true });
    expect(schemaRefFor("ws.yaml", "/repo/infra", npx, exists)).toEqual({ ref: "../node_modules/heygen-workspaces/schema/workspaces.schema.json", installed: true });
  });
  it("a checkout of hgw: its own schema/", () => {
    expect(schemaRefFor("examples/x.yaml", "/src/hgw", shipped("/src/hgw"), files())).toEqual({ ref: "../schema/workspaces.schema.json", installed: true });
  });
  it("no install (npx's cache, a global install): where a local install will put it, never an absolute path or a URL", () => {
    expect(schemaRefFor("workspaces.yaml", "/work/repo", npx, files())).toEqual({ ref: "./node_modules/heygen-workspaces/schema/workspaces.schema.json", installed: false });
    expect(schemaRefFor("deep/spec.yaml", "/work/repo", npx, files()).ref).toBe("../node_modules/heygen-workspaces/schema/workspaces.schema.json");
  });
});
