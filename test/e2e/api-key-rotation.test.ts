// API key rotation through the real CLI, on the sandbox and on `hgw emulator` (a real process
// on 127.0.0.1), with examples/api-clients.yaml: keys made on one day are announced 14 days
// before they fall due (plan and drift), rotated once older than apiKeyRotation.maxAgeDays
// or on demand (--rotate-key), the new key stored in the key file before the old one is
// revoked. Outputs (text, markdown, JSON) are compared with goldens under
// test/fixtures/rotation/, the same files for both providers, with key ids, last fours,
// random workspace ids, digests and the provider's name replaced by stable names. "Now" is fixed with HGW_NOW for the CLI and the
// accounts alike. UPDATE_GOLDEN=1 rewrites the goldens.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../../src/domain/secrets.js";
import type { AccountState } from "../../src/model/state.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";
import { repoRoot, runHgw, tempDir, type RunResult } from "../helpers/cli.js";

const update = process.env.UPDATE_GOLDEN === "1";
const ADMIN_KEY = "hgw_sa_rotation_e2e_5d21";
/** The keys are made on this day. */
const MADE = "2026-01-05T09:00:00Z";
/** payments-partner's key (maxAgeDays 30) falls due on 2026-02-04: within 14 days. */
const SOON = "2026-01-30T09:00:00Z";
/** 95 days on: every key is due (90 days), payments-partner's long since (30). */
const LATER = "2026-04-10T09:00:00Z";
const WORKSPACES = ["client-a", "northwind", "payments-partner"];

let t: Awaited<ReturnType<typeof tempDir>>;
const running: EmulatorProcess[] = [];

beforeAll(async () => {
  t = await tempDir("hgw-rotation-");
});

afterAll(async () => {
  for (const e of running) await e.stop();
  await t?.cleanup();
});

interface Target {
  name: "sandbox" | "emulator";
  dir: string;
  /** Makes the account's clock read `now` (the emulator restarts on the same account file). */
  at(now: string): Promise<void>;
  hgw(args: string[], now: string): Promise<RunResult>;
  account(): Promise<AccountState>;
  url(): string | null;
}

async function sandboxTarget(): Promise<Target> {
  const dir = join(t.dir, "sandbox");
  mkdirSync(dir, { recursive: true });
  const env = { HGW_SANDBOX_DIR: join(dir, ".hgw"), HGW_PROVIDER: undefined, HEYGEN_API_URL: undefined };
  return {
    name: "sandbox",
    dir,
    at: async () => undefined,
    hgw: (args, now) => runHgw(args, { cwd: dir, env: { ...env, HGW_NOW: now } }),
    account: async () => {
      const r = await runHgw(["sandbox", "show", "--format", "json"], { cwd: dir, env });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as AccountState;
    },
    url: () => null,
  };
}

async function emulatorTarget(): Promise<Target> {
  const dir = join(t.dir, "emulator");
  mkdirSync(dir, { recursive: true });
  const stateFile = join(dir, "account.json");
  let proc: EmulatorProcess | null = null;
  return {
    name: "emulator",
    dir,
    at: async (now) => {
      if (proc) {
        expect(await proc.stop()).toBe(0);
        running.splice(running.indexOf(proc), 1);
      }
      proc = await spawnEmulator(["--state", stateFile, "--quiet"], { HEYGEN_API_KEY: ADMIN_KEY, HGW_NOW: now });
      running.push(proc);
    },
    hgw: (args, now) =>
      runHgw([...args, "--provider", "http", "--api-url", proc!.url], {
        cwd: dir,
        env: { HEYGEN_API_KEY: ADMIN_KEY, HEYGEN_API_URL: undefined, HGW_PROVIDER: undefined, HGW_SANDBOX_DIR: undefined, HGW_NOW: now },
      }),
    // Written before each answer goes out.
    account: async () => JSON.parse(await readFile(stateFile, "utf8")) as AccountState,
    url: () => proc!.url,
  };
}

/** Stable names for what is random: each key id and last four by workspace and generation. */
class Names {
  private map = new Map<string, string>();
  private generation = new Map<string, number>();

  learn(account: AccountState): void {
    for (const k of account.apiKeys) {
      const w = account.workspaces.find((x) => x.id === k.workspaceId)!.name;
      for (const key of [k.previous, k].filter((x) => x !== undefined)) {
        if (this.map.has(key.keyId)) continue;
        const n = (this.generation.get(w) ?? 0) + 1;
        this.generation.set(w, n);
        this.map.set(key.keyId, `key_${w}_${n}`);
        this.map.set(key.last4, `${w[0]!.toUpperCase()}${n}${w[0]!}${w[0]!}`);
      }
    }
  }

  apply(text: string): string {
    let out = text;
    for (const [from, to] of this.map) out = out.split(from).join(to);
    return out
      .replace(/ws_[0-9a-f]{12,16}/g, "ws_<random>")
      .replace(/[0-9a-f]{64}/g, "<sha256>")
      .replace(/"provider": "(sandbox|http)"/g, '"provider": "<provider>"')
      .replace(/provider (sandbox|http) · state sha256:[0-9a-f]+/g, "provider <provider> · state sha256:<state>");
  }
}

function golden(file: string, actual: string): void {
  const dir = join(repoRoot, "test", "fixtures", "rotation");
  const path = join(dir, file);
  if (update) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, actual);
  }
  expect(existsSync(path), `missing golden ${path} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual, `${path} differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(path, "utf8"));
}

async function keyFile(target: Target): Promise<{ workspace: string; key: string; keyId?: string }[]> {
  return (JSON.parse(await readFile(join(target.dir, "keys.json"), "utf8")) as { apiKeys: { workspace: string; key: string; keyId?: string }[] }).apiKeys;
}

/** What an X-Api-Key gets from the emulator: 200 while the key works, 401 once revoked. */
async function keyStatus(target: Target, workspaceId: string, key: string): Promise<number> {
  const res = await fetch(`${target.url()}/v3/workspaces/${workspaceId}`, { headers: { "x-api-key": key } });
  await res.body?.cancel();
  return res.status;
}

describe.each(["sandbox", "emulator"] as const)("API key rotation through the CLI (%s)", (name) => {
  let target: Target;
  const names = new Names();

  beforeAll(async () => {
    target = name === "sandbox" ? await sandboxTarget() : await emulatorTarget();
    await copyFile(join(repoRoot, "examples", "api-clients.yaml"), join(target.dir, "workspaces.yaml"));
  });

  it("makes the keys, then names the one falling due within 14 days in plan and drift", async () => {
    await target.at(MADE);
    const made = await target.hgw(["apply", "--auto-approve", "--api-key-file", "keys.json"], MADE);
    expect(made.code, made.stderr).toBe(0);
    names.learn(await target.account());

    await target.at(SOON);
    for (const [format, ext] of [["text", "txt"], ["markdown", "md"], ["json", "json"]] as const) {
      const plan = await target.hgw(["plan", "--format", format, "--detailed-exitcode"], SOON);
      expect(plan.code, plan.stderr).toBe(0);
      golden(`plan-due-soon.${ext}`, names.apply(plan.stdout));
      const drift = await target.hgw(["drift", "--format", format], SOON);
      expect(drift.code, drift.stderr).toBe(0);
      golden(`drift-due-soon.${ext}`, names.apply(drift.stdout));
    }
  });

  it("rotates keys older than maxAgeDays: the new key is stored, then the old one revoked", async () => {
    await target.at(LATER);
    for (const [format, ext] of [["text", "txt"], ["markdown", "md"], ["json", "json"]] as const) {
      const plan = await target.hgw(["plan", "--format", format, "--detailed-exitcode"], LATER);
      expect(plan.code, plan.stderr).toBe(2);
      golden(`plan-rotate.${ext}`, names.apply(plan.stdout));
      // Time passing is expected drift: the scheduled check does not fail on it.
      const drift = await target.hgw(["drift", "--format", format], LATER);
      expect(drift.code, drift.stderr).toBe(0);
      golden(`drift-rotate.${ext}`, names.apply(drift.stdout));
    }
    const before = await target.account();
    const oldKeys = await keyFile(target);
    expect(oldKeys).toHaveLength(3);

    // More revocations than the limit allows: refused, with the way to allow it.
    const limited = await target.hgw(["plan", "--max-key-revocations", "2"], LATER);
    expect(limited.code).toBe(1);
    golden("too-many-key-revocations.txt", names.apply(limited.stderr));

    const applied = await target.hgw(["apply", "--auto-approve", "--api-key-file", "keys.json"], LATER);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain("Wrote 3 new API key(s) to keys.json (mode 0600).");

    const after = await target.account();
    names.learn(after);
    const file = await keyFile(target);
    expect(file.map((e) => e.workspace).sort()).toEqual(WORKSPACES);
    for (const k of after.apiKeys.filter((x) => before.apiKeys.some((b) => b.workspaceId === x.workspaceId))) {
      // A new key, stored, delivered, nothing left over from the rotation.
      expect(before.apiKeys.map((b) => b.keyId)).not.toContain(k.keyId);
      expect(k.delivered).toBeUndefined();
      expect(k.previous).toBeUndefined();
      expect(k.createdAt).toBe(new Date(LATER).toISOString());
      const stored = file.find((e) => e.keyId === k.keyId);
      expect(stored).toBeDefined();
      expect(hashSecret(stored!.key)).toBe(k.secretHash);
    }
    if (target.url()) {
      for (const k of after.apiKeys) expect(await keyStatus(target, k.workspaceId, file.find((e) => e.keyId === k.keyId)!.key)).toBe(200);
      for (const old of oldKeys) expect(await keyStatus(target, before.apiKeys.find((k) => k.keyId === old.keyId)!.workspaceId, old.key)).toBe(401);
    }
    const again = await target.hgw(["plan", "--detailed-exitcode"], LATER);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it("rotates on demand with --rotate-key, and names an unknown workspace with a did-you-mean", async () => {
    for (const [format, ext] of [["text", "txt"], ["markdown", "md"], ["json", "json"]] as const) {
      const plan = await target.hgw(["plan", "--rotate-key", "northwind", "--format", format], LATER);
      expect(plan.code, plan.stderr).toBe(0);
      golden(`plan-rotate-key.${ext}`, names.apply(plan.stdout));
    }
    const unknown = await target.hgw(["plan", "--rotate-key", "nortwind"], LATER);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    golden("rotate-key-unknown.txt", unknown.stderr);

    const before = (await target.account()).apiKeys;
    const applied = await target.hgw(["apply", "--rotate-key", "northwind", "--auto-approve", "--api-key-file", "keys.json"], LATER);
    expect(applied.code, applied.stderr).toBe(0);
    const after = (await target.account()).apiKeys;
    // Only northwind's key is new; the others are untouched.
    const changed = after.filter((k) => !before.some((b) => b.keyId === k.keyId));
    expect(changed).toHaveLength(1);
    const ws = (await target.account()).workspaces.find((w) => w.id === changed[0]!.workspaceId)!;
    expect(ws.name).toBe("northwind");
    expect(changed[0]!.previous).toBeUndefined();
    const again = await target.hgw(["plan", "--detailed-exitcode"], LATER);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });
});

describe("a rotation that stored its new key and stopped before revoking the old one (emulator)", () => {
  it("leaves the old key working; the next plan revokes it, and apply does", async () => {
    const target = await emulatorTarget();
    await copyFile(join(repoRoot, "examples", "api-clients.yaml"), join(target.dir, "workspaces.yaml"));
    await target.at(MADE);
    const made = await target.hgw(["apply", "--auto-approve", "--api-key-file", "keys.json"], MADE);
    expect(made.code, made.stderr).toBe(0);
    const names = new Names();
    const start = await target.account();
    const ws = start.workspaces.find((w) => w.name === "northwind")!;
    const oldKey = (await keyFile(target)).find((e) => e.workspace === "northwind")!.key;

    // What an apply killed between confirming the new key and revoking the old one leaves.
    const headers = { "x-api-key": ADMIN_KEY, "content-type": "application/json" };
    const res = await fetch(`${target.url()}/v3/workspaces/${ws.id}/api-key`, {
      method: "POST",
      headers: { ...headers, "idempotency-key": "rotation-between-1" },
      body: JSON.stringify({ rotate: true, await_delivery: true, keep_previous: true }),
    });
    expect(res.status).toBe(201);
    const made2 = ((await res.json()) as { data: { key_id: string; key: string; previous?: { key_id: string } } }).data;
    expect(made2.previous?.key_id).toBe(start.apiKeys.find((k) => k.workspaceId === ws.id)!.keyId);
    const confirm = await fetch(`${target.url()}/v3/workspaces/${ws.id}/api-key/confirm`, {
      method: "POST",
      headers: { ...headers, "idempotency-key": "rotation-between-2" },
      body: JSON.stringify({ key_id: made2.key_id }),
    });
    expect(confirm.status).toBe(200);
    names.learn(await target.account());
    // Both keys work until the old one is revoked.
    expect(await keyStatus(target, ws.id, oldKey)).toBe(200);
    expect(await keyStatus(target, ws.id, made2.key)).toBe(200);

    for (const [format, ext] of [["text", "txt"], ["markdown", "md"], ["json", "json"]] as const) {
      const plan = await target.hgw(["plan", "--format", format], MADE);
      expect(plan.code, plan.stderr).toBe(0);
      golden(`plan-revoke-previous.${ext}`, names.apply(plan.stdout));
    }
    const drift = await target.hgw(["drift"], MADE);
    expect(drift.code).toBe(0);
    expect(drift.stdout).toContain("apikey[northwind]: a rotated key still works: the apply that stored its successor stopped before revoking it");

    // Revoking makes no key, so it needs no key file.
    const applied = await target.hgw(["apply", "--auto-approve"], MADE);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await keyStatus(target, ws.id, oldKey)).toBe(401);
    expect(await keyStatus(target, ws.id, made2.key)).toBe(200);
    expect((await target.account()).apiKeys.find((k) => k.workspaceId === ws.id)!.previous).toBeUndefined();
    const again = await target.hgw(["plan", "--detailed-exitcode"], MADE);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });
});
