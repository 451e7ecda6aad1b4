// `hgw completion bash|zsh|fish`: each script is valid in its shell and completes what the
// program declares (commands, subcommands, options, choices, file arguments). bash always
// runs; zsh and fish run where they are installed.

import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHgw, runProcess } from "../helpers/cli.js";

const has = (shell: string): boolean => spawnSync(shell, ["-c", "exit 0"], { timeout: 5000 }).status === 0;

let dir = "";
const scripts: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hgw-completion-"));
  for (const shell of ["bash", "zsh", "fish"]) {
    const r = await runHgw(["completion", shell]);
    expect(r.code, r.stderr).toBe(0);
    scripts[shell] = join(dir, `hgw.${shell}`);
    await writeFile(scripts[shell]!, r.stdout);
  }
  // A file for file-name completion to find.
  await writeFile(join(dir, "workspaces.yaml"), "version: 1\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it("refuses an unknown shell", async () => {
  const r = await runHgw(["completion", "tcsh"]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
});

describe("bash", () => {
  /** What the completion function offers for a command line whose last word is being typed. */
  async function complete(...words: string[]): Promise<string[]> {
    const script = `source ${scripts.bash}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _hgw_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = await runProcess("bash", ["--norc", "--noprofile", "-c", script], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    return r.stdout.split("\n").filter(Boolean);
  }

  it("is valid bash and registers itself for hgw", async () => {
    expect((await runProcess("bash", ["-n", scripts.bash!])).code).toBe(0);
    const r = await runProcess("bash", ["--norc", "-c", `source ${scripts.bash}; complete -p hgw`]);
    expect(r.stdout).toMatch(/complete -F _hgw_complete hgw/);
  });

  it("completes commands, subcommands, options, choices and files", async () => {
    expect(await complete("hgw", "pl")).toEqual(["plan"]);
    expect(await complete("hgw", "")).toEqual(["init", "validate", "plan", "apply", "drift", "emulator", "sandbox", "export", "member", "fmt", "completion"]);
    expect(await complete("hgw", "member", "")).toEqual(["add", "remove", "import"]);
    expect(await complete("hgw", "member", "add", "a@b.example", "--role", "")).toEqual(["super_admin", "developer", "creator", "viewer"]);
    expect(await complete("hgw", "member", "import", "work")).toEqual(["workspaces.yaml"]);
    expect(await complete("hgw", "--no-color", "dr")).toEqual(["drift"]);
    expect(await complete("hgw", "sandbox", "ac")).toEqual(["accept"]);
    expect(await complete("hgw", "sandbox", "init", "--em")).toEqual(["--empty"]);
    expect(await complete("hgw", "plan", "--format", "")).toEqual(["text", "markdown", "json"]);
    expect(await complete("hgw", "plan", "--provider", "=", "h")).toEqual(["http"]);
    expect(await complete("hgw", "plan", "--out", "x.json", "--det")).toEqual(["--detailed-exitcode"]);
    expect(await complete("hgw", "completion", "")).toEqual(["bash", "zsh", "fish"]);
    expect(await complete("hgw", "plan", "work")).toEqual(["workspaces.yaml"]);
    expect(await complete("hgw", "apply", "--api-key-file", "work")).toEqual(["workspaces.yaml"]);
    // Options that take no file complete to nothing rather than to file names.
    expect(await complete("hgw", "emulator", "--port", "")).toEqual([]);
  });
});

describe.skipIf(!has("zsh"))("zsh", () => {
  /** Runs the completion function with zsh's completion builtins replaced by printers. */
  async function complete(...words: string[]): Promise<string> {
    const script = [
      "compdef() { }",
      `source ${scripts.zsh}`,
      "_describe() { local arr=$4; print -rl -- \"${(@P)arr}\" }",
      "compadd() { [[ $1 == -- ]] && shift; print -rl -- \"$@\" }",
      "_files() { print -r -- '<files>' }",
      "compset() { }",
      `words=(${words.map((w) => `'${w}'`).join(" ")}); CURRENT=${words.length}; _hgw`,
    ].join("\n");
    const r = await runProcess("zsh", ["-f", "-c", script], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    return r.stdout;
  }

  it("is valid zsh", async () => {
    expect((await runProcess("zsh", ["-n", scripts.zsh!])).code).toBe(0);
  });

  it("offers commands with descriptions, options, choices and files", async () => {
    expect(await complete("hgw", "")).toMatch(/^plan:show what apply would change$/m);
    expect(await complete("hgw", "sandbox", "")).toMatch(/^accept:a pending invitation is accepted$/m);
    expect(await complete("hgw", "plan", "--")).toMatch(/^--detailed-exitcode:exit 0 when/m);
    expect((await complete("hgw", "plan", "--format", "")).split("\n").filter(Boolean)).toEqual(["text", "markdown", "json"]);
    expect(await complete("hgw", "validate", "")).toBe("<files>\n");
  });
});

describe.skipIf(!has("fish"))("fish", () => {
  async function complete(line: string): Promise<string[]> {
    const r = await runProcess("fish", ["--no-config", "-c", `source ${scripts.fish}; complete -C '${line}'`], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.split("\n").filter(Boolean).map((l) => l.split("\t")[0]!);
  }

  it("is valid fish", async () => {
    expect((await runProcess("fish", ["--no-execute", scripts.fish!])).code).toBe(0);
  });

  it("completes commands, subcommands, options, choices and files", async () => {
    expect(await complete("hgw pl")).toEqual(["plan"]);
    expect(await complete("hgw sandbox ac")).toEqual(["accept"]);
    expect(await complete("hgw sandbox init --em")).toEqual(["--empty"]);
    expect((await complete("hgw plan --format ")).sort()).toEqual(["json", "markdown", "text"]);
    expect(await complete("hgw plan --out x.json --det")).toEqual(["--detailed-exitcode"]);
    expect(await complete("hgw plan work")).toEqual(["workspaces.yaml"]);
  });
});
