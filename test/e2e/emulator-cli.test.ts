// Plan -> apply -> plan-is-empty for every example spec, through the real CLI over real HTTP
// against `hgw emulator` on 127.0.0.1, and a fault run (injected 5xx, 429 bursts, slow
// answers, dropped connections, a server rate limit) that converges to the account a
// fault-free run gives. Secrets (the admin key, new API keys, a share password) never show
// in what the CLI prints.

import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AccountState } from "../../src/model/state.js";
import { comparable } from "../http/helpers.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";
import { repoRoot, runHgw, tempDir, type RunResult } from "../helpers/cli.js";

const ADMIN_KEY = "hgw_sa_e2e_admin_key_7f3c9a1d";
const SHARE_PASSWORD = "pw-e2e-launch-review-41b7";

let tmp: { dir: string; cleanup: () => Promise<void> };
const running: EmulatorProcess[] = [];
const emulators = new Map<string, Emulator>();

const spec = (p: string): string => join(repoRoot, p);

// Which sub-workspaces get an API key on a first apply to the default account. The default
// account (what `hgw emulator --state FILE` creates) holds every asset and content id the
// examples share, so no seeding is needed.
const EXAMPLES: { file: string; keys: string[] }[] = [
  { file: "workspaces.yaml", keys: ["integrations"] },
  { file: "examples/agency.yaml", keys: [] },
  { file: "examples/enterprise.yaml", keys: ["integrations"] },
  { file: "examples/nested-own-billing.yaml", keys: ["emea-partner"] },
];
const FAULTY = "faulty";

beforeAll(async () => {
  tmp = await tempDir("hgw-e2e-emulator-");
  // One after another: several starting at once on a busy machine miss the start timeout.
  for (const { file } of EXAMPLES) emulators.set(file, await emulator(file.replace(/\W+/g, "-")));
  // 10% of requests meet a fault (5xx before or after the write commits, 429 bursts with
  // Retry-After, slow answers, dropped connections before or after commit), on top of a
  // server-side rate limit. Seed 131 draws every kind within the first 40 requests.
  emulators.set(FAULTY, await emulator(FAULTY, ["--fault-rate", "0.1", "--seed", "131", "--rate-limit", "40/s"]));
});

afterAll(async () => {
  // Each emulator by its own PID; a clean exit means it flushed its account file.
  const codes = await Promise.all(running.map((e) => e.stop()));
  await tmp?.cleanup();
  expect(codes.every((c) => c === 0)).toBe(true);
});

interface Emulator {
  proc: EmulatorProcess;
  account(): Promise<AccountState>;
}

/** An emulator of its own (the default account, created at start) for one scenario. */
async function emulator(name: string, extra: string[] = []): Promise<Emulator> {
  const stateFile = join(tmp.dir, `${name}.account.json`);
  const proc = await spawnEmulator(["--state", stateFile, ...extra], { HEYGEN_API_KEY: ADMIN_KEY });
  running.push(proc);
  // The emulator writes the account file before it answers a write, so it is current here.
  const account = async (): Promise<AccountState> => JSON.parse(await readFile(stateFile, "utf8")) as AccountState;
  return { proc, account };
}

const secretsSeen: string[] = [ADMIN_KEY, SHARE_PASSWORD];

/** The CLI against an emulator, from a directory of its own (no sandbox, no stray files). */
async function hgw(emu: Emulator, args: string[]): Promise<RunResult> {
  const r = await runHgw([...args, "--provider", "http", "--api-url", emu.proc.url], {
    cwd: tmp.dir,
    env: {
      HEYGEN_API_KEY: ADMIN_KEY,
      HEYGEN_API_URL: undefined,
      HGW_PROVIDER: undefined,
      HGW_SANDBOX_DIR: undefined,
      LAUNCH_REVIEW_PASSWORD: SHARE_PASSWORD,
    },
  });
  for (const s of secretsSeen) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
  return r;
}

/** Arrays sorted by their items' JSON, all the way down. */
function asSets(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(asSets).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asSets(x)]));
  return v;
}

/** The fault-free run of the agency example, for the fault run to compare with. */
let agencyDone!: { resolve: () => void; reject: (e: unknown) => void };
const agencyClean = new Promise<void>((resolve, reject) => (agencyDone = { resolve, reject }));
agencyClean.catch(() => undefined);

describe("plan -> apply -> plan through the CLI against the emulator", () => {
  // Concurrent: each example has an emulator of its own, and the time is spent waiting.
  it.concurrent.each(EXAMPLES)("$file", async ({ file, keys }) => {
    try {
      await planApplyPlan(file, keys);
      if (file === "examples/agency.yaml") agencyDone.resolve();
    } catch (e) {
      if (file === "examples/agency.yaml") agencyDone.reject(e);
      throw e;
    }
  });
});

async function planApplyPlan(file: string, keys: string[]): Promise<void> {
  const emu = emulators.get(file)!;
  const keyFile = join(tmp.dir, `${file.replace(/\W+/g, "-")}.keys.json`);

  const first = await hgw(emu, ["plan", "--detailed-exitcode", spec(file)]);
  expect(first.stderr).toBe("");
  expect(first.code).toBe(2);
  expect(first.stdout).toMatch(/^Plan: \d+ to create, \d+ to update, \d+ to delete\.$/m);

  const applied = await hgw(emu, ["apply", "--auto-approve", "--api-key-file", keyFile, spec(file)]);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stderr).not.toMatch(/error/i);
  expect(applied.stdout + applied.stderr).toMatch(/^Applied \d+ change\(s\)/m);

  const acct = await emu.account();
  if (keys.length > 0) {
    // The new keys went to the file (0600), nowhere else; the account holds one per workspace.
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const written = (JSON.parse(await readFile(keyFile, "utf8")) as { apiKeys: { workspace: string; key: string }[] }).apiKeys;
    expect(written.map((k) => k.workspace).sort()).toEqual([...keys].sort());
    for (const k of written) {
      expect(k.key.length).toBeGreaterThan(8);
      expect(applied.stdout + applied.stderr).not.toContain(k.key);
      secretsSeen.push(k.key);
    }
    const withKey = acct.workspaces.filter((w) => acct.apiKeys.some((k) => k.workspaceId === w.id)).map((w) => w.name);
    expect(withKey.sort()).toEqual(keys.map((k) => k.split("/").pop()!).sort());
  } else {
    await expect(stat(keyFile)).rejects.toThrow(/ENOENT/);
  }

  const again = await hgw(emu, ["plan", "--detailed-exitcode", spec(file)]);
  expect(again.stderr).toBe("");
  expect(again.stdout).toContain("No changes");
  expect(again.code).toBe(0);
}

describe("a fault run through the CLI", () => {
  it.concurrent("converges on the account a fault-free apply of examples/agency.yaml makes", async () => {
    const agency = spec("examples/agency.yaml");
    const faulty = emulators.get(FAULTY)!;

    // Re-run apply until the plan is empty, as an operator (or CI) would after a failure.
    const runs: RunResult[] = [];
    let converged = false;
    for (let i = 0; i < 4 && !converged; i++) {
      runs.push(await hgw(faulty, ["apply", "--auto-approve", agency]));
      const p = await hgw(faulty, ["plan", "--detailed-exitcode", agency]);
      expect(p.code, p.stderr).not.toBe(1);
      converged = p.code === 0;
    }
    expect(converged, runs.map((r) => r.stdout + r.stderr).join("\n---\n")).toBe(true);

    // Same account as the fault-free run above: no lost, duplicated or half-made
    // workspaces, members or shares.
    await agencyClean.catch(() => expect.fail("the fault-free run of examples/agency.yaml failed; see that test"));
    const clean = emulators.get("examples/agency.yaml")!;
    expect(comparable(await faulty.account())).toEqual(comparable(await clean.account()));
    // And the same spec when exported, once generated workspace ids are set aside. Lists are
    // compared as sets: export keeps the account's order, and concurrent writes set that.
    const exported = async (e: Emulator): Promise<unknown> => {
      const r = await hgw(e, ["export"]);
      expect(r.code, r.stderr).toBe(0);
      return asSets(parse(r.stdout.replace(/ws_[A-Za-z0-9_-]+/g, "ws_ID")));
    };
    expect(await exported(faulty)).toEqual(await exported(clean));

    // The schedule really did hurt, and the emulator's log never holds the key.
    const log = faulty.proc.stderr();
    expect(log).toMatch(/fault (500|503)/);
    expect(log).toMatch(/fault burst429/);
    expect(log).toMatch(/fault drop/);
    // Writes whose answer was lost after they committed: only idempotency keys keep these single.
    expect(log).toMatch(/fault (500|drop) after (POST|PATCH|PUT|DELETE)/);
    expect(log).not.toContain(ADMIN_KEY);
  });
});
