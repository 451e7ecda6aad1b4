// `include:` and the spec paths on the command line stay inside the root spec's folder and
// read only YAML, through the real CLI. Every file outside holds a marker that must never
// reach the output: a refusal names the include line, never the text of what it refused.
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHgw, tempDir } from "../helpers/cli.js";

const SECRET = "HEYGEN_API_KEY=hgw_sk_do_not_print_me";
const ROOT = "version: 1\nworkspace:\n  name: Acme\n";

let t: Awaited<ReturnType<typeof tempDir>>;
let repo: string;

beforeAll(async () => {
  t = await tempDir("hgw-include-");
  repo = join(t.dir, "repo");
  await mkdir(join(repo, "clients"), { recursive: true });
  // Outside the repository: a spec-shaped file and an environment file, both holding the marker.
  await writeFile(join(t.dir, "outside.yaml"), `subWorkspaces:\n  - name: "${SECRET}"\n    bogus: 1\n`);
  await writeFile(join(t.dir, ".env"), `${SECRET}\n`);
  // Inside: an environment file (not a spec), links out, and one good fragment.
  await writeFile(join(repo, ".env"), `${SECRET}\n`);
  await writeFile(join(repo, "clients", "a.yaml"), "subWorkspaces:\n  - name: a\n");
  await symlink(join(t.dir, "outside.yaml"), join(repo, "clients", "linked.yaml"));
  await symlink(join(t.dir, ".env"), join(repo, "env.yaml"));
  await symlink("/", join(repo, "disk"));
});

afterAll(async () => {
  await t.cleanup();
});

async function validateWith(include: string[], file = "workspaces.yaml"): Promise<{ code: number; stdout: string; stderr: string }> {
  await writeFile(join(repo, file), `${ROOT}include:\n${include.map((p) => `  - ${JSON.stringify(p)}\n`).join("")}`);
  const r = await runHgw(["validate", file], { cwd: repo });
  expect(r.stdout + r.stderr).not.toContain("do_not_print_me");
  return r;
}

describe("include stays inside the root spec's folder", () => {
  it("refuses an absolute path, at the include's line", async () => {
    const r = await validateWith([join(t.dir, "outside.yaml")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`workspaces.yaml:5:5: error[include-outside-root]: include "${join(t.dir, "outside.yaml")}" is an absolute path; it was not read`);
    expect(r.stderr).toContain("hint: Includes stay inside the root spec's folder (.)");
  });

  it("refuses .. in any form", async () => {
    for (const p of ["../outside.yaml", "clients/../../outside.yaml", "{..,clients}/*.yaml", "../.env"]) {
      const r = await validateWith([p]);
      expect(r.code, p).toBe(1);
      expect(r.stderr, p).toContain(`error[include-outside-root]: include ${JSON.stringify(p)} leaves the root spec's folder through ".."`);
    }
  });

  it("refuses a link out of the folder, named or matched", async () => {
    const named = await validateWith(["clients/linked.yaml"]);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('error[include-outside-root]: include "clients/linked.yaml" matches clients/linked.yaml, a link out of the root spec\'s folder');
    // A pattern does not follow links at all: the good fragment is read, the link is not.
    const matched = await validateWith(["clients/*.yaml"]);
    expect(matched.stderr).toBe("");
    expect(matched.code).toBe(0);
    expect(matched.stdout).toMatch(/valid \(1 sub-workspace/);
  });

  it("never walks through a link to / (the pattern's fixed part is checked first)", async () => {
    const r = await validateWith(["disk/**/*.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[include-outside-root]: include "disk/**/*.yaml" goes through disk, a link out of the root spec\'s folder');
    // `**` from the folder itself does not descend into the link either.
    const all = await validateWith(["**/*.yaml"]);
    expect(all.stderr).toBe("");
    expect(all.code).toBe(0);
  });

  it("reads only .yaml and .yml files, and never shows a line of one it refused", async () => {
    const named = await validateWith([".env"]);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('workspaces.yaml:5:5: error[include-not-yaml]: include ".env" matches .env, which is not a .yaml or .yml file; it was not read');
    // The excerpt under the error is the include line of the root spec, nothing else.
    expect(named.stderr).toContain('5 |   - ".env"');
    const linked = await validateWith(["env.yaml"]);
    expect(linked.code).toBe(1);
    expect(linked.stderr).toContain("error[include-outside-root]");
    const star = await validateWith(["clients/*"]);
    expect(star.code).toBe(0);
    const dir = await validateWith(["clients"]);
    expect(dir.code).toBe(1);
    expect(dir.stderr).toContain('error[include-is-directory]: include "clients" is a directory');
    expect(dir.stderr).toContain('hint: Name its files with a pattern such as "clients/*.yaml".');
  });
});

describe("spec paths on the command line", () => {
  it("reads no file that is not YAML, even through a link", async () => {
    for (const p of [".env", join(t.dir, ".env"), "env.yaml"]) {
      const r = await runHgw(["validate", p], { cwd: repo });
      expect(r.code, p).toBe(1);
      expect(r.stdout + r.stderr).not.toContain("do_not_print_me");
      expect(r.stderr, p).toContain(`error[spec-not-yaml]: ${p} is not a .yaml or .yml file (or links to one that is not); it was not read`);
    }
  });

  it("never quotes a file given as a saved plan that is not one", async () => {
    const r = await runHgw(["apply", "--plan", ".env", "--auto-approve"], { cwd: repo, env: { HGW_SANDBOX_DIR: join(t.dir, ".hgw") } });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain("HEYGEN_API_KEY");
    expect(r.stderr).toContain("error[bad-plan-file]: .env: not JSON, so not a plan file");
  });

  it("takes a directory's own YAML files only", async () => {
    const r = await runHgw(["validate", "clients"], { cwd: repo });
    expect(r.stdout + r.stderr).not.toContain("do_not_print_me");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[spec-outside-directory]: clients/linked.yaml is not a YAML file of clients (a link out of it, or not a file); it was not read");
  });
});
