// The HTTP client against a real `hgw emulator` process, through the real CLI:
// - under a server rate limit the client was never told, it adapts: few requests meet a 429,
//   and nothing fails for lack of retries;
// - when the API disappears mid-apply (the emulator is killed), apply stops after a bounded
//   number of attempts, reports what was applied, what failed and what was not attempted, and
//   the same command run again (the API back) finishes the job.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { defaultAccount } from "../../src/domain/default-account.js";
import { runHgw, tempDir, type RunResult } from "../helpers/cli.js";
import { startCountingProxy } from "../helpers/tiny-server.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";

const KEY = "hgw_sa_resilience_key_90ab17";

let tmp: { dir: string; cleanup: () => Promise<void> };
const running: EmulatorProcess[] = [];

beforeAll(async () => {
  tmp = await tempDir("hgw-resilience-");
});
afterAll(async () => {
  await Promise.all(running.map((e) => e.stop().catch(() => null)));
  await tmp?.cleanup();
});

/** A spec of `subs` parent-billed sub-workspaces with `members` members each (2 + members changes each). */
async function specFile(name: string, subs: number, members: number): Promise<string> {
  const lines = ["version: 1", "workspace:", "  name: Acme Agency", "subWorkspaces:"];
  for (let s = 0; s < subs; s++) {
    lines.push(`  - name: team-${s}`, "    billing: parent", "    allocation: { seats: " + members + " }", "    members:");
    for (let m = 0; m < members; m++) lines.push(`      - { email: "p${m}@team-${s}.example", role: creator }`);
  }
  const path = join(tmp.dir, name);
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}

/** The default account with room for a few hundred seats, written where the emulator reads it. */
async function stateFile(name: string): Promise<string> {
  const s = defaultAccount("2026-01-01T00:00:00.000Z");
  s.workspaces.find((w) => w.parentId === null)!.subscription = { seats: 500, avatarSlots: 50, generativeCredits: 100_000, apiCredits: 50_000 };
  const path = join(tmp.dir, name);
  await writeFile(path, JSON.stringify(s));
  return path;
}

async function emulator(state: string, extra: string[] = []): Promise<EmulatorProcess> {
  const e = await spawnEmulator(["--state", state, ...extra], { HEYGEN_API_KEY: KEY });
  running.push(e);
  return e;
}

function hgw(args: string[], url: string): Promise<RunResult> {
  return runHgw([...args, "--provider", "http", "--api-url", url], {
    cwd: tmp.dir,
    env: { HEYGEN_API_KEY: KEY, HEYGEN_API_URL: undefined, HGW_PROVIDER: undefined, HEYGEN_API_RATE_LIMIT: undefined },
  });
}

/** Requests in the emulator's log (`<id> <METHOD> <path> <status> <ms>ms key=…`), and how many were 429. */
function requestLog(e: EmulatorProcess): { total: number; throttled: number } {
  const lines = e.stderr().split("\n").filter((l) => / (GET|POST|PUT|PATCH|DELETE) \S+ \d{3} \d+ms key=/.test(l));
  return { total: lines.length, throttled: lines.filter((l) => / 429 \d+ms /.test(l)).length };
}

describe("a server rate limit the client was not told", () => {
  it("is found and kept to: a small share of 429s, nothing fails", async () => {
    const emu = await emulator(await stateFile("rate.account.json"), ["--rate-limit", "20/s"]);
    const spec = await specFile("rate.yaml", 6, 12);
    const applied = await hgw(["apply", "--auto-approve", spec], emu.url);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).toMatch(/^Applied 84 change\(s\) in/m);
    const again = await hgw(["plan", "--detailed-exitcode", spec], emu.url);
    expect(again.code, again.stderr).toBe(0);

    const { total, throttled } = requestLog(emu);
    expect(total).toBeGreaterThan(84);
    // A client pinned at a fixed 50 requests/s met 429 on 38% of its requests here. What is
    // left is each process's first burst (three fresh clients: apply's plan, apply, plan).
    expect(throttled / total, `${throttled} of ${total} requests answered 429`).toBeLessThan(0.15);
  });
});

describe("the API disappearing mid-apply", () => {
  it("stops the apply after a bounded number of attempts, with a summary, and a re-run finishes", async () => {
    const state = await stateFile("gone.account.json");
    const first = await emulator(state);
    const spec = await specFile("gone.yaml", 5, 12);
    const changes = 5 * (2 + 12);

    // Between the CLI and the emulator, a proxy that counts requests; the emulator is killed
    // (SIGKILL, a real process) when the 16th write goes through.
    let writes = 0;
    let killedAt: number | null = null;
    const proxy = await startCountingProxy(Number(new URL(first.url).port), (n, method) => {
      if (method !== "GET" && ++writes === 16 && killedAt === null) {
        process.kill(first.pid, "SIGKILL");
        killedAt = n;
      }
    });
    try {
      const r = await hgw(["apply", "--auto-approve", spec], proxy.url);
      expect(killedAt).not.toBeNull();
      const after = proxy.requests() - killedAt!;
      const out = r.stdout + r.stderr;
      expect(r.code, out).toBe(1);
      expect(out).not.toMatch(/internal error|^\s+at /m);
      expect(out).not.toContain(KEY);
      // One error for all: the breaker, after a handful of attempts. Retried one change at a
      // time, 8 attempts each, the ~55 changes left would have taken over 400.
      expect(r.stderr).toMatch(/^error\[network\]: the API at http:\/\/127\.0\.0\.1:\d+ is unavailable: \d+ attempts in a row failed/m);
      expect(after, out).toBeLessThanOrEqual(24);
      const summary = /^Applied (\d+) change\(s\)(?:, (\d+) failed)?(?:, (\d+) skipped)?, (\d+) not attempted in /m.exec(r.stderr);
      expect(summary, r.stderr).not.toBeNull();
      const [applied, failed, skipped, notAttempted] = summary!.slice(1).map((x) => Number(x ?? 0));
      expect(applied).toBeGreaterThanOrEqual(4);
      expect(failed).toBeGreaterThanOrEqual(1);
      expect(notAttempted).toBeGreaterThan(0);
      expect(applied! + failed! + skipped! + notAttempted!).toBe(changes);
      expect(r.stderr).toMatch(/^ {2}not attempted member\[team-\d\]/m);
      expect(r.stderr).toContain("Run the same command again once it is fixed: it plans from the account as it is now and picks up where this left off.");

      // The API comes back (same account file, a new port): the same command finishes the job.
      const second = await emulator(state);
      proxy.retarget(Number(new URL(second.url).port));
      const rerun = await hgw(["apply", "--auto-approve", spec], proxy.url);
      expect(rerun.code, rerun.stderr).toBe(0);
      const left = /^Applied (\d+) change\(s\) in/m.exec(rerun.stdout + rerun.stderr);
      expect(Number(left?.[1])).toBeLessThanOrEqual(changes - applied!);
      const plan = await hgw(["plan", "--detailed-exitcode", spec], proxy.url);
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});
