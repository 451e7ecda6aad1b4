// The README's section on the people commands shows real output: each block is what the
// command prints on a copy of the repository's workspaces.yaml. UPDATE_GOLDEN=1 rewrites them.

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runHgw, tempDir } from "../helpers/cli.js";

const readmePath = join(repoRoot, "README.md");
let tmp: { dir: string; cleanup: () => Promise<void> };
let n = 0;
beforeAll(async () => {
  tmp = await tempDir("hgw-spec-edit-readme-");
});
afterAll(() => tmp?.cleanup());

function copy(extra: Record<string, string> = {}): string {
  const dir = join(tmp.dir, String(n++));
  mkdirSync(dir);
  copyFileSync(join(repoRoot, "workspaces.yaml"), join(dir, "workspaces.yaml"));
  for (const [f, t] of Object.entries(extra)) writeFileSync(join(dir, f), t);
  return dir;
}

function check(name: string, body: string): void {
  const readme = readFileSync(readmePath, "utf8");
  const open = `<!-- ${name}:start -->\n`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(`<!-- ${name}:end -->`);
  expect(start >= 0 && end > start, `README.md has no ${name} block`).toBe(true);
  const expected = `\`\`\`\n${body.trimEnd()}\n\`\`\`\n`;
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(readmePath, readme.slice(0, start + open.length) + expected + readme.slice(end));
    return;
  }
  expect(readme.slice(start + open.length, end)).toBe(expected);
}

describe("README: People, from the command line", () => {
  it("hgw member add", async () => {
    const r = await runHgw(["member", "add", "new@client-a.example", "--role", "creator", "--to", "client-a", "client-b"], { cwd: copy() });
    expect(r.code, r.stderr).toBe(0);
    check("member-add-output", r.stdout);
  });

  it("hgw member remove", async () => {
    const r = await runHgw(["member", "remove", "dev@acme.example"], { cwd: copy() });
    expect(r.code, r.stderr).toBe(0);
    check("member-remove-output", `$ hgw member remove dev@acme.example\n${r.stdout}`);
  });

  it("hgw member import, with bad rows", async () => {
    const csv = "email,role,workspace\nanna@client-a.example,creator,client-a\nben@client-b.example,reviewer,client-b;client-c\n";
    const r = await runHgw(["member", "import", "people.csv"], { cwd: copy({ "people.csv": csv }) });
    expect(r.code).toBe(1);
    check("member-import-output", `$ cat people.csv\n${csv}$ hgw member import people.csv\n${r.stderr}`);
  });

  it("hgw fmt --check, then --diff", async () => {
    const messy = "workspace:\n    members:\n    - {role: creator, email: producer@acme.example}\n    name: Acme Agency   # the main workspace\nversion: 1\n";
    const dir = copy();
    writeFileSync(join(dir, "workspaces.yaml"), messy);
    const listed = await runHgw(["fmt", "--check"], { cwd: dir });
    expect(listed.code).toBe(1);
    const diff = await runHgw(["fmt", "--diff"], { cwd: dir });
    expect(diff.code, diff.stderr).toBe(0);
    expect(readFileSync(join(dir, "workspaces.yaml"), "utf8")).toBe(messy);
    check("fmt-output", `$ hgw fmt --check\n${listed.stdout}$ hgw fmt --diff\n${diff.stdout}`);
  });
});
