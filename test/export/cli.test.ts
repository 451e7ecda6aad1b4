// `hgw export` through the real CLI, as a subprocess on a temporary sandbox account
// (run `npm run build` first: the tests run bin/hgw.js).

import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultAccount } from "../../src/domain/index.js";
import { exportSpecObject } from "../../src/export/to-spec.js";
import { repoRoot, runHgw, tempDir, type RunResult } from "../helpers/cli.js";
import { spawnEmulator } from "../emulator/process.js";

let dir = "";
let cleanup: () => Promise<void> = async () => undefined;

const hgw = (...args: string[]): Promise<RunResult> => hgwEnv({}, ...args);
const hgwEnv = (env: Record<string, string>, ...args: string[]): Promise<RunResult> =>
  runHgw(args, { cwd: dir, env: { HGW_SANDBOX_DIR: join(dir, ".hgw"), ...env } });

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("hgw-export-cli-"));
  expect((await hgw("sandbox", "init")).code).toBe(0);
});
afterEach(() => cleanup());

describe("hgw export", () => {
  it("writes a spec that validates, with ids pinned and the editor's schema comment", async () => {
    expect((await hgw("sandbox", "request", "client-a", "walk-in@elsewhere.example")).code).toBe(0);
    const r = await hgw("export", "--out", "spec.yaml");
    expect(r.stderr).toMatch(/Wrote spec.yaml: 1 sub-workspace, 3 members/);
    expect(r.code).toBe(0);
    const text = await readFile(join(dir, "spec.yaml"), "utf8");
    // This hgw is not installed in the temp dir, so the comment points where a local install
    // (npm install -D heygen-workspaces) puts the schema, never at a URL nothing serves.
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./node_modules/heygen-workspaces/schema/workspaces.schema.json");
    expect(text).toMatch(/written by `hgw export` from the sandbox/);
    expect(text).toMatch(/id: ws_client_a/);
    expect(text).toMatch(/join request is waiting \(walk-in@elsewhere.example\)/);

    const v = await hgw("validate", "spec.yaml");
    expect(v.stderr).toBe("");
    expect(v.code).toBe(0);
  });

  it("prints to stdout the same spec it writes to a file", async () => {
    const toFile = await hgw("export", "--out", "spec.yaml");
    expect(toFile.code).toBe(0);
    const toStdout = await hgw("export");
    expect(toStdout.code).toBe(0);
    expect(toStdout.stderr).toBe("");
    expect(parse(toStdout.stdout)).toEqual(parse(await readFile(join(dir, "spec.yaml"), "utf8")));
  });

  it("refuses to overwrite a file unless --force", async () => {
    await writeFile(join(dir, "spec.yaml"), "# mine\n");
    const refused = await hgw("export", "--out", "spec.yaml");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/spec.yaml exists; hgw export does not overwrite it/);
    expect(refused.stderr).toMatch(/--force/);
    expect(await readFile(join(dir, "spec.yaml"), "utf8")).toBe("# mine\n");

    const forced = await hgw("export", "--out", "spec.yaml", "--force");
    expect(forced.code).toBe(0);
    expect(await readFile(join(dir, "spec.yaml"), "utf8")).toMatch(/^# yaml-language-server/);
  });

  it("points the schema comment at the shipped schema, relative to the file, inside the checkout", async () => {
    const out = join(dir, "spec.yaml");
    const r = await runHgw(["export", "--out", out], { cwd: repoRoot, env: { HGW_SANDBOX_DIR: join(dir, ".hgw") } });
    expect(r.code).toBe(0);
    const ref = /\$schema=(\S+)/.exec(await readFile(out, "utf8"))?.[1];
    expect(ref && existsSync(join(dir, ref))).toBe(true);
  });

  it("writes what no spec can say with a comment, and warns that the file will not validate", async () => {
    // An account may hold a name the spec forbids; edit the stored account as a dashboard would.
    const file = join(dir, ".hgw", "account.json");
    const stored = JSON.parse(await readFile(file, "utf8")) as { workspaces: { id: string; name: string }[] };
    stored.workspaces.find((w) => w.id === "ws_client_a")!.name = "client (a)";
    await writeFile(file, JSON.stringify(stored));

    const r = await hgw("export", "--out", "spec.yaml");
    expect(r.code).toBe(0);
    const text = await readFile(join(dir, "spec.yaml"), "utf8");
    const line = text.split("\n").findIndex((l) => l.includes("- name: client (a)")) + 1;
    expect(r.stderr).toMatch(new RegExp(`^spec\\.yaml:${line}:\\d+: warning\\[invalid-value\\]: subWorkspaces\\[0\\]\\.name`));
    expect(r.stderr).toMatch(/The account holds what a spec cannot express, so spec.yaml does not validate/);
    expect((await hgw("validate", "spec.yaml")).code).toBe(1);
  });

  it("warns as well when it prints what no spec can say, and prints it all the same", async () => {
    const file = join(dir, ".hgw", "account.json");
    const stored = JSON.parse(await readFile(file, "utf8")) as { workspaces: { id: string; name: string }[] };
    stored.workspaces.find((w) => w.id === "ws_client_a")!.name = "client (a)";
    await writeFile(file, JSON.stringify(stored));

    const r = await hgw("export");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}- name: client \(a\)$/m);
    expect(r.stdout).toMatch(/^# yaml-language-server/);
    expect(r.stderr).toMatch(/^warning\[invalid-value\]: subWorkspaces\[0\]\.name/m);
    expect(r.stderr).toMatch(/The account holds what a spec cannot express, so the output does not validate/);
  });

  it("exports through the REST contract what it exports from the sandbox", async () => {
    const emu = await spawnEmulator(["--quiet"]);
    try {
      const r = await runHgw(["export", "--provider", "http", "--api-url", emu.url], { cwd: dir, env: { HEYGEN_API_KEY: emu.adminKey } });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/written by `hgw export` from the http/);
      expect(parse(r.stdout)).toEqual(exportSpecObject(defaultAccount()));
      expect(r.stdout).not.toContain(emu.adminKey);
    } finally {
      await emu.stop();
    }
  });

  it("round-trips: `hgw plan --detailed-exitcode` on the export exits 0", async () => {
    expect((await hgw("export", "--out", "spec.yaml")).code).toBe(0);
    const p = await hgw("plan", "spec.yaml", "--detailed-exitcode");
    expect(p.code, p.stdout + p.stderr).toBe(0);
  });

  it("round-trips the account that applying the agency example leaves (a share password set)", async () => {
    const spec = join(repoRoot, "examples", "agency.yaml");
    const env = { LAUNCH_REVIEW_PASSWORD: "review-me-please" };
    const a = await hgwEnv(env, "apply", spec, "--auto-approve", "--allow-delete", "--max-removal-share", "1");
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect((await hgw("export", "--out", "spec.yaml")).code).toBe(0);
    const text = await readFile(join(dir, "spec.yaml"), "utf8");
    expect(text).toMatch(/# A password is set on this share page/);
    expect(text).not.toContain(env.LAUNCH_REVIEW_PASSWORD);
    const p = await hgw("plan", "spec.yaml", "--detailed-exitcode");
    expect(p.code, p.stdout + p.stderr).toBe(0);
  });
});
