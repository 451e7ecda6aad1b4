// No API key is lost when apply dies: `hgw apply --api-key-file` creating many keys is killed
// (SIGKILL) at random points, again and again, on the sandbox and on `hgw emulator` (a real
// process on 127.0.0.1). After every kill, each key the account holds is either in the key
// file (the very key: its hash matches the account's) or marked undelivered, and then the
// next plan rotates it. A last apply converges with every key delivered, in the file, and
// working. Rotations are killed the same way: whatever the moment, each workspace keeps a
// working key that the file holds, a key a rotation replaced is revoked by the next apply,
// and never before its successor is stored.

import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../../src/domain/secrets.js";
import { seededRandom } from "../../src/emulator/faults.js";
import type { AccountState } from "../../src/model/state.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";
import { hgwBin, runHgw, tempDir } from "../helpers/cli.js";

// Each round asks for 8 more keys, so that every kill finds keys being made.
const PER_ROUND = 8;
const ROUNDS = 6;
const ADMIN_KEY = "hgw_sa_crash_test_0b7d";
const specFor = (n: number, prefix = "k"): string =>
  `version: 1\nworkspace: {}\ndefaults:\n  billing: parent\n  apiAccess: true\nsubWorkspaces:\n${Array.from({ length: n }, (_, i) => `  - name: ${prefix}${String(i + 1).padStart(2, "0")}\n`).join("")}`;

interface Target {
  name: string;
  env: Record<string, string | undefined>;
  args: string[];
  /** The account as stored, key hashes and delivery marks included. */
  account(): Promise<AccountState>;
}

let t: Awaited<ReturnType<typeof tempDir>>;
let emu: EmulatorProcess | null = null;
const targets: Target[] = [];

beforeAll(async () => {
  t = await tempDir("hgw-key-crash-");
  const sandboxDir = join(t.dir, "sandbox", ".hgw");
  targets.push({
    name: "sandbox",
    env: { HGW_SANDBOX_DIR: sandboxDir, HGW_PROVIDER: undefined },
    args: [],
    account: async () => {
      // `sandbox show` replays the journal a killed apply left behind.
      const r = await runHgw(["sandbox", "show", "--format", "json"], { cwd: t.dir, env: { HGW_SANDBOX_DIR: sandboxDir } });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as AccountState;
    },
  });
  const stateFile = join(t.dir, "emulator.json");
  emu = await spawnEmulator(["--state", stateFile], { HEYGEN_API_KEY: ADMIN_KEY });
  targets.push({
    name: "emulator",
    env: { HEYGEN_API_KEY: ADMIN_KEY, HEYGEN_API_URL: undefined, HGW_PROVIDER: undefined },
    args: ["--provider", "http", "--api-url", emu.url],
    // Written before each answer goes out. A request the killed apply sent may still be
    // running in the server, so wait until the file stops changing.
    account: async () => {
      let text = await readFile(stateFile, "utf8");
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setTimeout(r, 150));
        const again = await readFile(stateFile, "utf8");
        if (again === text) break;
        text = again;
      }
      return JSON.parse(text) as AccountState;
    },
  });
});

afterAll(async () => {
  if (emu) expect(await emu.stop()).toBe(0);
  await t?.cleanup();
});

/**
 * Starts an apply and kills it with SIGKILL: after `afterKeys` keys were reported done (0:
 * once it starts applying), `delayMs` later; or, when the apply is quicker, not at all.
 */
function applyKilled(
  target: Target,
  keyFile: string,
  afterKeys: number,
  delayMs: number,
  opts: { spec?: string; env?: Record<string, string> } = {},
): Promise<{ killed: boolean; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hgwBin, "apply", opts.spec ?? "spec.yaml", "--auto-approve", "--api-key-file", keyFile, ...target.args], {
      cwd: t.dir,
      env: { ...process.env, NO_COLOR: "1", ...target.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let armed = false;
    let killed = false;
    const kill = (): void => {
      if (armed) return;
      armed = true;
      setTimeout(() => {
        killed = child.exitCode === null && child.kill("SIGKILL");
      }, delayMs);
    };
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const done = stdout.split("\n").filter((l) => /^done\s+\S+ apikey\[/.test(l)).length;
      if (stdout.includes("Applying ") && done >= afterKeys) kill();
    });
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", () => resolve({ killed, stdout }));
  });
}

async function keyFileEntries(path: string): Promise<{ workspace: string; key: string; keyId?: string }[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return [];
  }
  // Written whole and renamed into place: whatever the kill, it parses.
  return (JSON.parse(text) as { apiKeys: { workspace: string; key: string; keyId?: string }[] }).apiKeys;
}

/** Every key the account holds is in the file (the same secret), or undelivered and planned for rotation. */
async function checkNoKeyLost(target: Target, keyFile: string, prefix = "k"): Promise<{ undelivered: number; held: number }> {
  const all = await target.account();
  // Only this test's sub-workspaces: the others keep their keys in their own files.
  const mine = new Set(all.workspaces.filter((w) => w.name.startsWith(prefix)).map((w) => w.id));
  const account = { ...all, apiKeys: all.apiKeys.filter((k) => mine.has(k.workspaceId)) };
  const inFile = new Map((await keyFileEntries(keyFile)).filter((e) => e.keyId).map((e) => [e.keyId!, e.key]));
  const pathOf = new Map(account.workspaces.map((w) => [w.id, w.name]));
  const undelivered: string[] = [];
  for (const k of account.apiKeys) {
    if (k.delivered === false) {
      undelivered.push(`apikey[${pathOf.get(k.workspaceId)}]`);
      continue;
    }
    const secret = inFile.get(k.keyId);
    expect(secret, `${target.name}: the delivered key ${k.keyId} of ${pathOf.get(k.workspaceId)} is in the key file`).toBeDefined();
    expect(hashSecret(secret!)).toBe(k.secretHash);
  }
  if (undelivered.length > 0) {
    const plan = await runHgw(["plan", "spec.yaml", "--format", "json", ...target.args], { cwd: t.dir, env: target.env });
    expect(plan.code, plan.stderr).toBe(0);
    const rotations = (JSON.parse(plan.stdout) as { changes: { address: string; action: string }[] }).changes
      .filter((c) => c.action === "replace")
      .map((c) => c.address);
    expect(rotations.sort()).toEqual(undelivered.sort());
  }
  return { undelivered: undelivered.length, held: account.apiKeys.length };
}

describe.each(["sandbox", "emulator"])("kill -9 during an apply that creates keys (%s)", (name) => {
  it("loses no key, and the next apply delivers every one", async () => {
    const target = targets.find((x) => x.name === name)!;
    const keyFile = join(t.dir, `${name}-keys.json`);
    const random = seededRandom(name === "sandbox" ? 7 : 11);
    let killedMidway = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await writeFile(join(t.dir, "spec.yaml"), specFor(PER_ROUND * (round + 1)));
      const afterKeys = Math.floor(random() * 5);
      const delayMs = Math.floor(random() ** 2 * 30);
      const r = await applyKilled(target, keyFile, afterKeys, delayMs);
      if (r.killed) killedMidway++;
      await checkNoKeyLost(target, keyFile);
    }
    // At least some rounds died with work left to do (else this tested nothing).
    expect(killedMidway).toBeGreaterThan(0);

    const last = await runHgw(["apply", "spec.yaml", "--auto-approve", "--api-key-file", keyFile, ...target.args], { cwd: t.dir, env: target.env });
    expect(last.code, last.stderr).toBe(0);
    const after = await checkNoKeyLost(target, keyFile);
    expect(after).toEqual({ undelivered: 0, held: PER_ROUND * ROUNDS });
    const plan = await runHgw(["plan", "spec.yaml", "--detailed-exitcode", ...target.args], { cwd: t.dir, env: target.env });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);

    if (emu && name === "emulator") {
      // The keys in the file are the ones the account accepts.
      const account = await target.account();
      const byKeyId = new Map((await keyFileEntries(keyFile)).map((e) => [e.keyId, e.key]));
      for (const k of account.apiKeys) {
        const res = await fetch(`${emu.url}/v3/workspaces/${k.workspaceId}`, { headers: { "x-api-key": byKeyId.get(k.keyId)! } });
        expect(res.status).toBe(200);
      }
    }
  });
});


describe("a key the account never heard was delivered", () => {
  it("is reported by drift, planned as a rotation with its reason, and delivered by the next apply", async () => {
    const target = targets.find((x) => x.name === "emulator")!;
    // Its own sub-workspaces, so that the other tests' keys (in their own files) stay out of it.
    await writeFile(join(t.dir, "spec.yaml"), specFor(2, "u"));
    const keyFile = join(t.dir, "undelivered-keys.json");
    const first = await runHgw(["apply", "spec.yaml", "--auto-approve", "--api-key-file", keyFile, ...target.args], { cwd: t.dir, env: target.env });
    expect(first.code, first.stderr).toBe(0);
    // What an apply killed between the answer and the key file leaves: a key made undelivered.
    const ws = (await target.account()).workspaces.find((w) => w.name === "u01")!;
    const res = await fetch(`${emu!.url}/v3/workspaces/${ws.id}/api-key`, {
      method: "POST",
      headers: { "x-api-key": ADMIN_KEY, "content-type": "application/json", "idempotency-key": "lost-key-1" },
      body: JSON.stringify({ rotate: true, await_delivery: true }),
    });
    expect(res.status).toBe(201);
    const lost = ((await res.json()) as { data: { key_id: string; last4: string; delivered: boolean } }).data;
    expect(lost.delivered).toBe(false);

    const plan = await runHgw(["plan", "spec.yaml", "--format", "json", ...target.args], { cwd: t.dir, env: target.env });
    expect(JSON.parse(plan.stdout).changes).toEqual([
      expect.objectContaining({
        address: "apikey[u01]",
        action: "replace",
        reason: `the key …${lost.last4} was made by an apply that stopped before it stored the key, so nobody has it; rotate it and deliver the new one`,
      }),
    ]);
    const drift = await runHgw(["drift", "spec.yaml", ...target.args], { cwd: t.dir, env: target.env });
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain("a key made by an apply that stopped before storing it: nobody holds it");
    // Without a place for the new key, nothing is done.
    const nowhere = await runHgw(["apply", "spec.yaml", "--auto-approve", ...target.args], { cwd: t.dir, env: target.env });
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain("error[api-key-destination]");

    const applied = await runHgw(["apply", "spec.yaml", "--auto-approve", "--api-key-file", keyFile, ...target.args], { cwd: t.dir, env: target.env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(await checkNoKeyLost(target, keyFile, "u")).toEqual({ undelivered: 0, held: 2 });
    const again = await runHgw(["plan", "spec.yaml", "--detailed-exitcode", ...target.args], { cwd: t.dir, env: target.env });
    expect(again.code).toBe(0);
  });
});

// Rotation: every key is older than maxAgeDays at each round (HGW_NOW moves 2 days a round),
// so each apply rotates them all: make a new key (the old one kept working), store it,
// confirm it, revoke the old one. Killed anywhere in that, the account stays consistent.
const ROTATING = 6;
const ROTATION_ROUNDS = 6;
const MAX_ROTATION_ROUNDS = 30;
const rotationSpec = `version: 1\nworkspace: {}\ndefaults:\n  billing: parent\n  apiAccess: true\n  apiKeyRotation: { maxAgeDays: 1 }\n# Up to every key twice in one plan: its own, and one a killed rotation left working.\npolicies: { maxKeyRevocations: 20 }\nsubWorkspaces:\n${Array.from({ length: ROTATING }, (_, i) => `  - name: r${String(i + 1).padStart(2, "0")}\n`).join("")}`;

/**
 * For each rotating workspace: a key someone holds still works (the current one or the one
 * it replaces is in the key file, the very secret), and the next plan rotates an undelivered
 * key and revokes a key left working by a rotation.
 */
async function checkRotationConsistent(target: Target, keyFile: string, now: string): Promise<{ undelivered: number; previous: number }> {
  const all = await target.account();
  const mine = new Map(all.workspaces.filter((w) => /^r\d\d$/.test(w.name)).map((w) => [w.id, w.name]));
  const keys = all.apiKeys.filter((k) => mine.has(k.workspaceId));
  expect(keys, `${target.name}: every rotating workspace still has a key`).toHaveLength(ROTATING);
  const inFile = new Map((await keyFileEntries(keyFile)).filter((e) => e.keyId).map((e) => [e.keyId!, e.key]));
  const expected = new Map<string, string>();
  let undelivered = 0;
  let previous = 0;
  for (const k of keys) {
    const name = mine.get(k.workspaceId)!;
    const held = [k, ...(k.previous ? [k.previous] : [])].filter((x) => inFile.has(x.keyId));
    expect(held.length, `${target.name}: ${name} has a working key that the file holds (current ${k.keyId}, previous ${k.previous?.keyId ?? "none"})`).toBeGreaterThan(0);
    for (const h of held) expect(hashSecret(inFile.get(h.keyId)!)).toBe(h.secretHash);
    if (k.delivered === false) {
      undelivered++;
      expected.set(`apikey[${name}]`, "replace");
    } else if (k.previous) {
      previous++;
      // Stored and confirmed, the old key not yet revoked: the plan revokes it (or, the key
      // being due again, rotates it and revokes both).
      expected.set(`apikey[${name}]`, "update|replace");
    }
  }
  const plan = await runHgw(["plan", "rotation-spec.yaml", "--format", "json", ...target.args], { cwd: t.dir, env: { ...target.env, HGW_NOW: now } });
  expect(plan.code, plan.stderr).toBe(0);
  const planned = new Map((JSON.parse(plan.stdout) as { changes: { address: string; action: string }[] }).changes.map((c) => [c.address, c.action]));
  for (const [address, actions] of expected) expect(actions.split("|"), `${target.name}: ${address}`).toContain(planned.get(address));
  return { undelivered, previous };
}

describe.each(["sandbox", "emulator"])("kill -9 during an apply that rotates keys (%s)", (name) => {
  it("keeps a working key in the file for every workspace, and revokes each old key only after its successor is stored", async () => {
    const target = targets.find((x) => x.name === name)!;
    const keyFile = join(t.dir, `${name}-rotation-keys.json`);
    await writeFile(join(t.dir, "rotation-spec.yaml"), rotationSpec);
    // Two days a round from a day after now: the emulator's own clock (now) makes its keys,
    // the sandbox's follows HGW_NOW; either way each round finds every key due.
    const base = Date.now() + 86_400_000;
    const at = (round: number): string => new Date(base + round * 2 * 86_400_000).toISOString();
    const first = await runHgw(["apply", "rotation-spec.yaml", "--auto-approve", "--api-key-file", keyFile, ...target.args], { cwd: t.dir, env: { ...target.env, HGW_NOW: at(0) } });
    expect(first.code, first.stderr).toBe(0);
    const random = seededRandom(name === "sandbox" ? 23 : 29);
    let killedMidway = 0;
    let leftOver = 0;
    // A kill lands where the clock puts it: on a quick machine a round may find every rotation
    // finished, so rounds go on (up to a bound) until some kill has left one half-done.
    let round = 1;
    for (; round <= ROTATION_ROUNDS || (leftOver === 0 && round <= MAX_ROTATION_ROUNDS); round++) {
      const planned = Math.floor(random() * 4);
      const afterKeys = round > ROTATION_ROUNDS ? 0 : planned;
      // Past the planned rounds, kill as soon as the apply starts: mid-rotation if anywhere.
      const delayMs = round > ROTATION_ROUNDS ? Math.floor(random() * 5) : Math.floor(random() ** 2 * 40);
      const r = await applyKilled(target, keyFile, afterKeys, delayMs, { spec: "rotation-spec.yaml", env: { HGW_NOW: at(round) } });
      if (r.killed) killedMidway++;
      const left = await checkRotationConsistent(target, keyFile, at(round));
      leftOver += left.undelivered + left.previous;
    }
    expect(killedMidway).toBeGreaterThan(0);
    // Some kill left a rotation half-done (else the consistency checks checked little).
    expect(leftOver).toBeGreaterThan(0);

    const now = at(round);
    const last = await runHgw(["apply", "rotation-spec.yaml", "--auto-approve", "--api-key-file", keyFile, ...target.args], { cwd: t.dir, env: { ...target.env, HGW_NOW: now } });
    expect(last.code, last.stderr).toBe(0);
    expect(await checkRotationConsistent(target, keyFile, now)).toEqual({ undelivered: 0, previous: 0 });
    const account = await target.account();
    const mine = new Set(account.workspaces.filter((w) => /^r\d\d$/.test(w.name)).map((w) => w.id));
    const byKeyId = new Map((await keyFileEntries(keyFile)).map((e) => [e.keyId, e.key]));
    for (const k of account.apiKeys.filter((x) => mine.has(x.workspaceId))) {
      expect(k.previous).toBeUndefined();
      expect(hashSecret(byKeyId.get(k.keyId)!)).toBe(k.secretHash);
      if (emu && name === "emulator") {
        const res = await fetch(`${emu.url}/v3/workspaces/${k.workspaceId}`, { headers: { "x-api-key": byKeyId.get(k.keyId)! } });
        expect(res.status).toBe(200);
      }
    }
    // Planned when the last key was made (the emulator's clock is its own): nothing left to do.
    const madeAt = account.apiKeys.filter((x) => mine.has(x.workspaceId)).map((k) => k.createdAt).sort().at(-1)!;
    const plan = await runHgw(["plan", "rotation-spec.yaml", "--detailed-exitcode", ...target.args], { cwd: t.dir, env: { ...target.env, HGW_NOW: madeAt } });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });
});
