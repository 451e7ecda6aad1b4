// CLI conventions through the real CLI: --version, an example in every command's --help,
// colour switches, and what start-up loads (only the command that runs; heavy packages
// never for commands that do not need them).

import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { colorEnabled } from "../../src/cli/io.js";
import { hgwBin, repoRoot, runHgw, runProcess } from "../helpers/cli.js";

const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { version: string };

/** Every command path, from `hgw --help` and the help of each command with subcommands. */
async function commandPaths(prefix: string[] = []): Promise<string[][]> {
  const r = await runHgw([...prefix, "--help"]);
  expect(r.code, r.stderr).toBe(0);
  const section = r.stdout.split("\nCommands:\n")[1]?.split("\n\n")[0] ?? "";
  const names = [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((n) => n !== "help");
  const out: string[][] = [];
  for (const n of names) out.push([...prefix, n], ...(await commandPaths([...prefix, n])).filter((p) => p.length > prefix.length + 1));
  return out;
}

describe("hgw --version", () => {
  it("prints package.json's version and exits 0", async () => {
    for (const flag of ["--version", "-v"]) {
      const r = await runHgw([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
  });
});

describe("--help", () => {
  it("shows --rotate-key on plan and apply, with an example of each", async () => {
    for (const cmd of ["plan", "apply"]) {
      const r = await runHgw([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/--rotate-key <workspace>\s+rotate this sub-workspace's API key now/);
      expect(r.stdout).toMatch(/--max-key-revocations <n>/);
      expect(r.stdout.split("\nExamples:\n")[1]).toContain(`$ hgw ${cmd} --rotate-key client-a`);
    }
  });

  it("ends with examples for hgw and for every command and subcommand", async () => {
    const paths = await commandPaths();
    expect(paths.map((p) => p.join(" "))).toEqual(
      expect.arrayContaining(["init", "validate", "plan", "apply", "drift", "access", "export", "completion", "sandbox accept", "emulator keys"]),
    );
    for (const p of [[], ...paths]) {
      const r = await runHgw([...p, "--help"]);
      expect(r.code, p.join(" ")).toBe(0);
      const examples = r.stdout.split("\nExamples:\n")[1];
      expect(examples, `hgw ${p.join(" ")} --help has no examples`).toBeDefined();
      expect(examples, `hgw ${p.join(" ")} --help`).toMatch(/\$ (npm install -D heygen-workspaces && npx hgw|source <\(hgw|hgw|HGW_PROVIDER=http hgw) /);
    }
  });
});

describe("colour", () => {
  it("NO_COLOR counts only when non-empty; FORCE_COLOR forces unless 0 or false; --no-color wins", () => {
    expect(colorEnabled(undefined, {}, true)).toBe(true);
    expect(colorEnabled(undefined, {}, false)).toBe(false);
    expect(colorEnabled(undefined, { NO_COLOR: "" }, true)).toBe(true);
    expect(colorEnabled(undefined, { NO_COLOR: "1" }, true)).toBe(false);
    expect(colorEnabled(undefined, { FORCE_COLOR: "1" }, false)).toBe(true);
    expect(colorEnabled(undefined, { FORCE_COLOR: "" }, false)).toBe(true);
    expect(colorEnabled(undefined, { FORCE_COLOR: "0" }, true)).toBe(false);
    expect(colorEnabled(undefined, { FORCE_COLOR: "false" }, true)).toBe(false);
    expect(colorEnabled(undefined, { FORCE_COLOR: "1", NO_COLOR: "1" }, false)).toBe(true);
    expect(colorEnabled(false, { FORCE_COLOR: "1" }, true)).toBe(false);
  });

  const invalid = join(repoRoot, "test/fixtures/invalid");
  const colored = (s: string): boolean => s.includes("\u001b[");
  it("through the CLI: an empty NO_COLOR leaves FORCE_COLOR's colours on, --no-color turns them off", async () => {
    const forced = await runHgw(["validate", "viewer-edit.yaml"], { cwd: invalid, env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(forced.code).toBe(1);
    expect(colored(forced.stderr)).toBe(true);
    const off = await runHgw(["--no-color", "validate", "viewer-edit.yaml"], { cwd: invalid, env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(off.code).toBe(1);
    expect(colored(off.stderr)).toBe(false);
    const zero = await runHgw(["validate", "viewer-edit.yaml"], { cwd: invalid, env: { NO_COLOR: undefined, FORCE_COLOR: "0" } });
    expect(colored(zero.stderr)).toBe(false);
  });

  // util-linux `script` gives the CLI a terminal, where colours are on by default.
  const hasScript = spawnSync("script", ["--version"], { timeout: 5000 }).status === 0;
  it.skipIf(!hasScript)("on a terminal: NO_COLOR= (empty) keeps colours, NO_COLOR=1 removes them", async () => {
    const onTty = async (noColor: string): Promise<string> => {
      const cmd = `'${process.execPath}' '${hgwBin}' validate viewer-edit.yaml`;
      const r = await runProcess("script", ["-qfec", cmd, "/dev/null"], { cwd: invalid, env: { NO_COLOR: noColor, FORCE_COLOR: undefined } });
      return r.stdout;
    };
    expect(colored(await onTty(""))).toBe(true);
    expect(colored(await onTty("1"))).toBe(false);
  });
});

describe("start-up", () => {
  /** The packages a command loads (ES modules through a load hook, CommonJS from require.cache). */
  async function packagesLoaded(args: string[]): Promise<string[]> {
    const dir = await mkdtemp(join(tmpdir(), "hgw-modules-"));
    try {
      const log = join(dir, "loaded.txt");
      await writeFile(
        join(dir, "hooks.mjs"),
        `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + "\\n");\n  return next(url, context);\n}\n`,
      );
      await writeFile(
        join(dir, "preload.mjs"),
        `import { register, createRequire } from "node:module";\nimport { appendFileSync } from "node:fs";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\nconst require = createRequire(import.meta.url);\nprocess.on("exit", () => appendFileSync(${JSON.stringify(log)}, Object.keys(require.cache).join("\\n") + "\\n"));\n`,
      );
      const r = await runProcess(process.execPath, ["--import", pathToFileURL(join(dir, "preload.mjs")).href, hgwBin, ...args]);
      expect(r.code, r.stderr).toBe(0);
      const text = await readFile(log, "utf8");
      return [...new Set([...text.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].map((m) => m[1]!))].sort();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("hgw --help and hgw validate load no heavy package (yaml, ajv, diff, tinyglobby, fastify, Pulumi)", async () => {
    const heavy = ["yaml", "ajv", "ajv-formats", "diff", "tinyglobby", "fastify", "@pulumi/pulumi"];
    for (const args of [["--help"], ["validate", join(repoRoot, "workspaces.yaml")]]) {
      const loaded = await packagesLoaded(args);
      expect(loaded).toContain("commander");
      expect(loaded.filter((p) => heavy.includes(p)), `hgw ${args.join(" ")}`).toEqual([]);
    }
  });

  it("a spec the fast reader cannot take still loads yaml, on first use", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hgw-anchor-"));
    try {
      // An anchor and alias: outside the fast reader's subset.
      await writeFile(join(dir, "spec.yaml"), "version: 1\nworkspace:\n  name: &n Acme\nsubWorkspaces:\n  - name: client-a\n");
      expect(await packagesLoaded(["validate", join(dir, "spec.yaml")])).toContain("yaml");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
