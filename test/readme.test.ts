// The README shows real output: its plan block is what `npx hgw plan` prints on a fresh
// clone, and its seat-limit error is what the planner says. UPDATE_GOLDEN=1 rewrites them.

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runHgw, tempDir } from "./helpers/cli.js";

const readmePath = join(repoRoot, "README.md");
let dir = "";
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("hgw-readme-"));
});
afterAll(() => cleanup());

function block(readme: string, name: string): { start: number; end: number; body: string } {
  const open = `<!-- ${name}:start -->\n`;
  const close = `<!-- ${name}:end -->`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) throw new Error(`README.md has no ${name} block`);
  return { start: start + open.length, end, body: readme.slice(start + open.length, end) };
}

describe("README", () => {
  it("pastes the real output of `npx hgw plan` on a fresh clone", async () => {
    // A fresh clone has no .hgw/: the sandbox starts from its default account.
    const r = await runHgw(["plan"], { cwd: repoRoot, env: { HGW_SANDBOX_DIR: join(dir, ".hgw") } });
    expect(r.code, r.stderr).toBe(0);
    const expected = `\`\`\`\n${r.stdout.trimEnd()}\n\`\`\`\n`;
    const readme = await readFile(readmePath, "utf8");
    const b = block(readme, "plan-output");
    if (process.env.UPDATE_GOLDEN) {
      await writeFile(readmePath, readme.slice(0, b.start) + expected + readme.slice(b.end));
      return;
    }
    expect(b.body).toBe(expected);
  });

  it("pastes the real output of `npx hgw usage` on a fresh clone", async () => {
    const r = await runHgw(["usage"], { cwd: repoRoot, env: { HGW_SANDBOX_DIR: join(dir, ".hgw-usage") } });
    expect(r.code, r.stderr).toBe(0);
    const expected = `\`\`\`\n${r.stdout.trimEnd()}\n\`\`\`\n`;
    const readme = await readFile(readmePath, "utf8");
    const b = block(readme, "usage-output");
    if (process.env.UPDATE_GOLDEN) {
      await writeFile(readmePath, readme.slice(0, b.start) + expected + readme.slice(b.end));
      return;
    }
    expect(b.body).toBe(expected);
  });

  it("pastes the real output of `npx hgw init --github` in a new repository", async () => {
    const project = join(dir, "new-repo");
    await mkdir(project);
    const r = await runHgw(["init", "--github"], { cwd: project });
    expect(r.code, r.stderr).toBe(0);
    const expected = `\`\`\`\n${r.stdout.trimEnd()}\n\`\`\`\n`;
    const readme = await readFile(readmePath, "utf8");
    const b = block(readme, "init-output");
    if (process.env.UPDATE_GOLDEN) {
      await writeFile(readmePath, readme.slice(0, b.start) + expected + readme.slice(b.end));
      return;
    }
    expect(b.body).toBe(expected);
  });

  // Key ids and last fours are random: the goldens (real output, those names made stable,
  // checked by test/e2e/api-key-rotation.test.ts on the sandbox and the emulator) are pasted.
  it.each([
    ["rotation-due-output", "plan-due-soon.txt"],
    ["rotation-output", "plan-rotate.txt"],
  ])("pastes the rotation golden %s", async (name, file) => {
    const golden = await readFile(join(repoRoot, "test", "fixtures", "rotation", file), "utf8");
    const expected = `\`\`\`\n${golden.trimEnd()}\n\`\`\`\n`;
    const readme = await readFile(readmePath, "utf8");
    const b = block(readme, name);
    if (process.env.UPDATE_GOLDEN) {
      await writeFile(readmePath, readme.slice(0, b.start) + expected + readme.slice(b.end));
      return;
    }
    expect(b.body).toBe(expected);
  });

  it("names the two commands a newcomer runs", async () => {
    const readme = await readFile(readmePath, "utf8");
    expect(readme).toContain("npm install\nnpx hgw plan\n");
    expect(readme).toContain("npm test\n");
    const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toBeDefined();
    expect(pkg.scripts.prepare).toBeDefined();
  });
});
