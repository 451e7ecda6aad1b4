// The people commands against a live API: `hgw emulator` on 127.0.0.1, the CLI over HTTP.
// An account that matches the spec; `hgw member add` and `hgw member remove` edit the spec;
// `hgw plan` shows exactly those people changing, `hgw apply` makes it so, and the next plan
// is empty.

import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountState } from "../../src/model/state.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";
import { repoRoot, runHgw, tempDir, type RunResult } from "../helpers/cli.js";

const ADMIN_KEY = "hgw_sa_spec_edit_e2e_5b1d7e";

/** UPDATE_GOLDEN=1 rewrites it. */
function golden(name: string, actual: string): void {
  const file = join(repoRoot, "test", "fixtures", "spec-edit", name);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, actual);
  expect(existsSync(file), `missing golden ${file} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual, `${file} differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, "utf8"));
}

let tmp: { dir: string; cleanup: () => Promise<void> };
let emu: EmulatorProcess;

beforeAll(async () => {
  tmp = await tempDir("hgw-spec-edit-emulator-");
  emu = await spawnEmulator(["--state", join(tmp.dir, "account.json")], { HEYGEN_API_KEY: ADMIN_KEY });
  copyFileSync(join(repoRoot, "workspaces.yaml"), join(tmp.dir, "workspaces.yaml"));
});

afterAll(async () => {
  const code = await emu?.stop();
  await tmp?.cleanup();
  expect(code).toBe(0);
});

/** The CLI from the spec's directory; over HTTP for the commands that read the account. */
function hgw(...args: string[]): Promise<RunResult> {
  const remote = ["plan", "apply"].includes(args[0]!) ? ["--provider", "http", "--api-url", emu.url] : [];
  return runHgw([...args, ...remote], {
    cwd: tmp.dir,
    env: { HEYGEN_API_KEY: ADMIN_KEY, HEYGEN_API_URL: undefined, HGW_PROVIDER: undefined, HGW_SANDBOX_DIR: undefined },
  });
}

/** The addresses a plan changes, each with its sign. */
const changes = (plan: string): string[] => [...plan.matchAll(/^ {2}([-+~]|-\/\+) (\S+\]\S*)/gm)].map((m) => `${m[1]} ${m[2]}`);

const account = (): AccountState => JSON.parse(readFileSync(join(tmp.dir, "account.json"), "utf8")) as AccountState;

describe("member add and remove, then plan and apply against the emulator", () => {
  it("plans exactly the people edited, applies them, and plans nothing after", async () => {
    const applied = await hgw("apply", "--auto-approve", "--api-key-file", "keys.json");
    expect(applied.code, applied.stderr).toBe(0);
    expect((await hgw("plan", "--detailed-exitcode")).code).toBe(0);

    const add = await hgw("member", "add", "new@client-a.example", "--role", "creator", "--to", "client-a", "integrations");
    expect(add.code, add.stderr).toBe(0);
    let plan = await hgw("plan", "--detailed-exitcode");
    expect(plan.code, plan.stderr).toBe(2);
    expect(changes(plan.stdout)).toEqual(["+ member[client-a](new@client-a.example)", "+ member[integrations](new@client-a.example)"]);
    expect(plan.stdout).toContain("Plan: 2 to create.");
    // The emulator makes workspace ids of its own; the rest is as over the sandbox.
    golden("emulator-plan-after-add.txt", plan.stdout.replace(/ws_[0-9a-f]{16}/g, "ws_…"));
    expect((await hgw("apply", "--auto-approve")).code).toBe(0);
    expect((await hgw("plan", "--detailed-exitcode")).code).toBe(0);
    const ws = (name: string): string => account().workspaces.find((w) => w.name === name)!.id;
    expect(account().members.filter((m) => m.email === "new@client-a.example").map((m) => m.workspaceId).sort()).toEqual([ws("client-a"), ws("integrations")].sort());

    const remove = await hgw("member", "remove", "dev@acme.example");
    expect(remove.code, remove.stderr).toBe(0);
    plan = await hgw("plan", "--detailed-exitcode", "--format", "json");
    expect(plan.code, plan.stderr).toBe(2);
    const json = JSON.parse(plan.stdout) as { changes: { address: string; action: string }[] };
    expect(json.changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual(
      ["delete member[workspace](dev@acme.example)", "delete member[integrations](dev@acme.example)", "update content_share[folder:fd_campaigns]"].sort(),
    );
    expect((await hgw("apply", "--auto-approve")).code).toBe(0);
    expect((await hgw("plan", "--detailed-exitcode")).code).toBe(0);
    expect(account().members.some((m) => m.email === "dev@acme.example")).toBe(false);
  });
});
