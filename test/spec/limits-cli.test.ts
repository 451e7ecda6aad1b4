// Hostile specs through the real CLI (`hgw validate` and `hgw plan`): each bound on input
// cost (src/spec/limits.ts, the README's "Limits") ends in one located error and exit 1,
// never a crash, a hang or gigabytes of memory. Big files are sparse, so they cost no disk.
import { mkdir, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSpec } from "../../bench/gen-spec.mjs";
import { runHgw, tempDir } from "../helpers/cli.js";

const HEAD = "version: 1\nworkspace:\n  name: Acme Agency\n";
const MiB = 1024 * 1024;

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("hgw-limits-"));
  const files: Record<string, string> = {};
  // Billion laughs: ten aliases per level, nine levels, a billion values if expanded.
  let laughs = `${HEAD}subWorkspaces:\n  - name: a\n    formerNames: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
  for (let i = 1; i <= 9; i++) laughs += `  - name: a${i}\n    formerNames: &l${i} [${Array(10).fill(`*l${i - 1}`).join(", ")}]\n`;
  files["laughs.yaml"] = laughs;
  files["deep-block.yaml"] = `${HEAD}  members:\n    ${"- ".repeat(10_000)}x\n`;
  files["deep-flow.yaml"] = `${HEAD}  members: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
  files["deep-flow-maps.yaml"] = `${HEAD}  members:\n    - ${"{ a: ".repeat(10_000)}1${" }".repeat(10_000)}\n`;
  // Thousands of aliases to one anchor: once quadratic, now read in one pass.
  let many = `${HEAD}defaults:\n  settings: &s { joinPolicy: invite_only }\nsubWorkspaces:\n`;
  for (let i = 0; i < 20_000; i++) many += `  - { name: w${i}, settings: *s }\n`;
  files["many-aliases.yaml"] = many;
  // About 9 MiB of plain spec with one anchor near its end: too large for the full reader.
  const big = generateSpec({ subWorkspaces: 1400, membersPerWorkspace: 100 }).split("\n");
  const at = big.length - 100;
  big[at] = big[at]!.replace("role: ", "role: &r ");
  files["big-anchor.yaml"] = big.join("\n");
  files["split.yaml"] = `${HEAD}include: ["parts/*.yaml"]\n`;
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  // Sparse: sizes on disk without the bytes.
  await writeFile(join(dir, "huge.yaml"), HEAD);
  await truncate(join(dir, "huge.yaml"), 129 * MiB);
  await mkdir(join(dir, "parts"));
  await mkdir(join(dir, "dir"));
  for (const [i, d] of [0, 1, 2].flatMap((i) => [[i, "parts"], [i, "dir"]] as const)) {
    const f = join(dir, d, `p${i}.yaml`);
    await writeFile(f, "subWorkspaces: []\n");
    await truncate(f, 50 * MiB);
  }
  await writeFile(join(dir, "dir", "a-root.yaml"), HEAD);
});

afterAll(async () => {
  await cleanup();
});

/** `hgw validate FILE` and `hgw plan FILE`: the same one error from both, exit 1, no stack trace. */
async function refuse(args: string[]): Promise<string> {
  const v = await runHgw(["validate", ...args], { cwd: dir });
  const p = await runHgw(["plan", ...args, "--sandbox-dir", join(dir, ".hgw")], { cwd: dir });
  for (const r of [v, p]) {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/internal error|RangeError|at .*\.js:\d+/);
    expect(r.stderr).toMatch(/\n1 error\n?$/);
  }
  expect(p.stderr).toBe(v.stderr);
  return v.stderr;
}

describe("input bounds, through the real CLI", () => {
  it("aliases: a billion laughs is stopped at a million values, where the budget runs out", async () => {
    const err = await refuse(["laughs.yaml"]);
    expect(err).toMatch(/^laughs\.yaml:\d+:\d+: error\[yaml-alias-limit\]: aliases expand to more than 1,000,000 values\n/);
  });

  it("aliases: twenty thousand aliases to one anchor are read in one pass", async () => {
    const r = await runHgw(["validate", "many-aliases.yaml"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("many-aliases.yaml: valid (20000 sub-workspaces, 0 members, 0 shares)\n");
  });

  it.each([
    ["deep-block.yaml", "5:5"],
    ["deep-flow.yaml", "4:"],
    ["deep-flow-maps.yaml", "5:"],
  ])("nesting: %s, 10,000 levels deep, is refused where it passes 256 levels", async (file, at) => {
    const err = await refuse([file]);
    expect(err).toMatch(new RegExp(`^${file.replace(".", "\\.")}:${at}\\d*:? ?\\d*:? ?error\\[yaml-too-deep\\]: mappings and lists are nested more than 256 levels deep here\\n`));
  });

  it("size: a file over the bound is refused before it is read", async () => {
    const err = await refuse(["huge.yaml"]);
    expect(err).toMatch(/^huge\.yaml:1:1: error\[spec-too-large\]: huge\.yaml is 129 MiB; a spec may be at most 128 MiB, all its files together\n/);
  });

  it("size: included files adding up past the bound are refused at the include, before any is read", async () => {
    const err = await refuse(["split.yaml"]);
    expect(err).toMatch(/^split\.yaml:4:11: error\[spec-too-large\]: parts\/p2\.yaml \(50 MiB\) takes the spec's files to 150 MiB; a spec may be at most 128 MiB/);
  });

  it("size: files of a directory adding up past the bound are refused", async () => {
    const err = await refuse(["dir"]);
    expect(err).toMatch(/^dir\/p2\.yaml:1:1: error\[spec-too-large\]: dir\/p2\.yaml \(50 MiB\) takes the spec's files to 150 MiB/);
  });

  it("size: a large file outside the fast subset is refused at the first line outside it", async () => {
    const err = await refuse(["big-anchor.yaml"]);
    expect(err).toMatch(/^big-anchor\.yaml:\d+:\d+: error\[yaml-too-large\]: big-anchor\.yaml is not plain YAML from here on, and at 8\.7 MiB it is too large for the full YAML reader \(it takes 4 MiB per spec\)\n\d+ \|         role: &r viewer\n/);
  });
});
