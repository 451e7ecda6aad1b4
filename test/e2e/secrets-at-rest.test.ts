// Secrets at rest, through the real CLI and `hgw emulator` on 127.0.0.1: a share-page password
// is kept as a scrypt digest that never leaves the account (no key reads it; the account
// answers only "matches or not"), a password changed in the account or in the secret is
// found by the next plan, an account written with the old digest still works, and every
// file that holds account state is readable by its owner only.

import { createHash } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountState } from "../../src/model/state.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";
import { runHgw, tempDir, type RunResult } from "../helpers/cli.js";

const ADMIN_KEY = "hgw_sa_secrets_at_rest_5d1e";
const ONE = "pw-one-8c1f2e";
const TWO = "pw-two-b03d71";
const SPEC = "version: 1\nworkspace: {}\ncontentShares:\n  - type: video\n    id: vd_launch\n    sharePage: { password: { env: PW } }\n";

let t: Awaited<ReturnType<typeof tempDir>>;
let emu: EmulatorProcess;
let stateFile: string;
let devKey: string;

const mode = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8);

beforeAll(async () => {
  t = await tempDir("hgw-secrets-");
  stateFile = join(t.dir, "emulator.json");
  await writeFile(join(t.dir, "spec.yaml"), SPEC);
  // A developer key (read-only) minted before the server starts, as the README shows.
  const minted = await runHgw(["emulator", "keys", "--state", stateFile], { cwd: t.dir });
  expect(minted.code, minted.stderr).toBe(0);
  devKey = /developer key \S+: (\S+)/.exec(minted.stdout)![1]!;
  emu = await spawnEmulator(["--state", stateFile], { HEYGEN_API_KEY: ADMIN_KEY });
});

afterAll(async () => {
  expect(await emu?.stop()).toBe(0);
  await t?.cleanup();
});

function viaApi(args: string[], pw: string | undefined): Promise<RunResult> {
  return runHgw([...args, "--provider", "http", "--api-url", emu.url], {
    cwd: t.dir,
    env: { HEYGEN_API_KEY: ADMIN_KEY, HEYGEN_API_URL: undefined, HGW_PROVIDER: undefined, PW: pw },
  });
}

interface JsonPlan {
  changes: { address: string; action: string; reason: string }[];
  warnings: { code: string; message: string }[];
}

async function planJson(pw: string | undefined): Promise<JsonPlan> {
  const r = await viaApi(["plan", "spec.yaml", "--format", "json"], pw);
  expect(r.code, r.stderr).toBe(0);
  for (const s of [ONE, TWO]) expect(r.stdout + r.stderr).not.toContain(s);
  return JSON.parse(r.stdout) as JsonPlan;
}

async function get(path: string, key: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${emu.url}${path}`, { headers: { "x-api-key": key } });
  return { status: res.status, text: await res.text() };
}

async function post(path: string, key: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${emu.url}${path}`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe("share-page passwords", () => {
  it("sets a password that is stored as scrypt and read by no key, not even as a digest", async () => {
    const applied = await viaApi(["apply", "spec.yaml", "--auto-approve"], ONE);
    expect(applied.code, applied.stderr).toBe(0);
    const stored = JSON.parse(await readFile(stateFile, "utf8")) as AccountState;
    const page = stored.content.find((c) => c.id === "vd_launch")!.sharePage;
    expect(page.passwordDigest).toMatch(/^scrypt:16384:8:1:[0-9a-f]{32}:[0-9a-f]{64}$/);
    for (const key of [devKey, ADMIN_KEY]) {
      const r = await get("/v3/content", key);
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(page.passwordDigest!.split(":").at(-1)!);
      expect(r.text).not.toMatch(/digest|scrypt|sha256/);
      const video = (JSON.parse(r.text) as { data: { id: string; share_page: Record<string, unknown> }[] }).data.find((c) => c.id === "vd_launch")!;
      expect(video.share_page).toEqual({ password_set: true, password_version: 1, public_publishing: false, captions: false });
    }
  });

  it("answers only whether a password matches, and only to the super admin key", async () => {
    const path = "/v3/content/video/vd_launch/sharing/password-check";
    expect(await post(path, ADMIN_KEY, { password: ONE })).toEqual({ status: 200, body: { data: { matches: true } } });
    expect(await post(path, ADMIN_KEY, { password: TWO })).toEqual({ status: 200, body: { data: { matches: false } } });
    const dev = await post(path, devKey, { password: ONE });
    expect(dev.status).toBe(403);
    expect(JSON.stringify(dev.body)).not.toContain("matches");
  });

  it("finds a password changed in the secret, and says when it could not compare", async () => {
    expect((await planJson(ONE)).changes).toEqual([]);
    const changed = await planJson(TWO);
    expect(changed.changes.map((c) => [c.address, c.action, c.reason])).toEqual([
      ["content_share[video:vd_launch]", "update", 'video "Launch video": password differs from PW (changed in the account or in the secret); set it again'],
    ]);
    const unset = await planJson(undefined);
    expect(unset.changes).toEqual([]);
    expect(unset.warnings.map((w) => w.code)).toEqual(["share-password-unchecked"]);
  });

  it("finds a password changed in the account, and sets it back", async () => {
    // Someone changes it in the dashboard: the account's version moves, the plan sees it.
    const res = await fetch(`${emu.url}/v3/content/video/vd_launch/sharing`, {
      method: "PATCH",
      headers: { "x-api-key": ADMIN_KEY, "content-type": "application/json" },
      body: JSON.stringify({ general_access: "only_me", users: [], share_page: { password: "set-in-the-dashboard", public_publishing: false, captions: false } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { share_page: { password_version: number } } }).data.share_page.password_version).toBe(2);
    expect((await planJson(ONE)).changes.map((c) => c.address)).toEqual(["content_share[video:vd_launch]"]);
    const applied = await viaApi(["apply", "spec.yaml", "--auto-approve"], ONE);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await planJson(ONE)).changes).toEqual([]);
  });

  it("keeps the emulator's state and keys files for their owner only", async () => {
    expect(await mode(stateFile)).toBe("600");
    expect(await mode(`${stateFile}.keys.json`)).toBe("600");
  });
});

describe("the sandbox", () => {
  it("still reads an account written with the old digest, shows no digest, and keeps its files 0600", async () => {
    const dir = join(t.dir, "sbx");
    const env = { HGW_SANDBOX_DIR: join(dir, ".hgw"), PW: ONE };
    expect((await runHgw(["sandbox", "init"], { cwd: t.dir, env })).code).toBe(0);
    // An account.json from before: world-readable, a salted sha256 and no version.
    const file = join(dir, ".hgw", "account.json");
    const account = JSON.parse(await readFile(file, "utf8")) as AccountState;
    const old = `salted-sha256:abcd:${createHash("sha256").update(`abcd\u0000${ONE}`).digest("hex")}`;
    account.content.find((c) => c.id === "vd_launch")!.sharePage = { passwordSet: true, passwordDigest: old, publicPublishing: false, captions: false };
    await writeFile(file, JSON.stringify(account), { mode: 0o644 });

    const same = await runHgw(["plan", "spec.yaml", "--format", "json"], { cwd: t.dir, env });
    expect(same.code, same.stderr).toBe(0);
    expect((JSON.parse(same.stdout) as JsonPlan).changes).toEqual([]);
    const other = await runHgw(["plan", "spec.yaml", "--format", "json"], { cwd: t.dir, env: { ...env, PW: TWO } });
    expect((JSON.parse(other.stdout) as JsonPlan).changes.map((c) => c.action)).toEqual(["update"]);

    const shown = await runHgw(["sandbox", "show", "--format", "json"], { cwd: t.dir, env });
    expect(shown.stdout).not.toContain("salted-sha256");
    expect(shown.stdout).toContain('"passwordVersion": 1');

    const applied = await runHgw(["apply", "spec.yaml", "--auto-approve"], { cwd: t.dir, env: { ...env, PW: TWO } });
    expect(applied.code, applied.stderr).toBe(0);
    const after = JSON.parse(await readFile(file, "utf8")) as AccountState;
    expect(after.content.find((c) => c.id === "vd_launch")!.sharePage).toMatchObject({ passwordSet: true, passwordVersion: 2, passwordDigest: expect.stringMatching(/^scrypt:/) });
    expect(await mode(file)).toBe("600");
    expect(await mode(join(dir, ".hgw"))).toBe("700");
  });
});
