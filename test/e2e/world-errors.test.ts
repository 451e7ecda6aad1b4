// Failures of the outside world through the real CLI: each ends in one diagnostic with its
// code and a hint, exit 1, no stack trace and no "internal error", and never prints the key,
// a password in the URL, or the URL's query. Real servers on 127.0.0.1: purpose-made ones
// for 401, 5xx, 429, pages that are not JSON and hangs; `hgw emulator` for a key that may
// read but not write; a closed port; a host name that cannot resolve; a full device.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import { createServer } from "node:net";
import { repoRoot, runHgw, tempDir, type RunResult } from "../helpers/cli.js";
import { answer, startTinyServer, type TinyServer } from "../helpers/tiny-server.js";
import { spawnEmulator } from "../emulator/process.js";

const KEY = "hgw_sa_world_errors_key_5e1f0c";
// examples/agency.yaml protects a share page with this password, read at apply.
const SHARE_PASSWORD = "pw-world-errors-3d9a";
const SPEC = join(repoRoot, "examples/agency.yaml");

let tmp: { dir: string; cleanup: () => Promise<void> };
const servers: TinyServer[] = [];

beforeAll(async () => {
  tmp = await tempDir("hgw-world-");
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => tmp?.cleanup());

async function server(handler: (req: { method?: string; url?: string }, res: ServerResponse) => void): Promise<TinyServer> {
  const s = await startTinyServer(handler);
  servers.push(s);
  return s;
}

/** `hgw <args>` against `url` over HTTP, from a folder of its own. */
function hgw(args: string[], url: string, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return runHgw([...args, "--provider", "http", "--api-url", url], {
    cwd: tmp.dir,
    env: {
      HEYGEN_API_KEY: KEY,
      HEYGEN_API_URL: undefined,
      HGW_PROVIDER: undefined,
      HEYGEN_API_RATE_LIMIT: undefined,
      LAUNCH_REVIEW_PASSWORD: SHARE_PASSWORD,
      ...env,
    },
  });
}

/** One clean diagnostic: its code, exit 1, no stack, no bug report, no secrets. */
function expectWorldError(r: RunResult, code: string, secrets: string[] = []): void {
  const out = r.stdout + r.stderr;
  expect(r.code, out).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`^error\\[${code}\\]: `, "m"));
  expect(r.stderr).toMatch(/^ {2}hint: /m);
  expect(out).not.toMatch(/internal error|this is a bug/i);
  expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  for (const s of [KEY, SHARE_PASSWORD, ...secrets]) expect(out).not.toContain(s);
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("the API refuses", () => {
  it("401: a key the API does not know is one line, naming the request", async () => {
    const s = await server((_req, res) => answer(res, 401, "unauthorized", "missing or unknown X-Api-Key"));
    const r = await hgw(["plan", SPEC], s.url);
    expectWorldError(r, "auth");
    expect(r.stderr).toContain("the API refused the key");
    expect(r.stderr).toContain("HEYGEN_API_KEY");
    expect(r.stderr).toContain("req_tiny_401");
  });

  it("403 on writes: apply with a key that may only read stops at once, and changes nothing", async () => {
    const state = join(tmp.dir, "readonly.account.json");
    const minted = await runHgw(["emulator", "keys", "--state", state, "--role", "developer"], { cwd: tmp.dir });
    expect(minted.code, minted.stderr).toBe(0);
    const devKey = /: (\S+)$/m.exec(minted.stdout)![1]!;
    const emu = await spawnEmulator(["--state", state], { HEYGEN_API_KEY: KEY });
    try {
      const before = await runHgw(["plan", "--detailed-exitcode", SPEC, "--provider", "http", "--api-url", emu.url], {
        cwd: tmp.dir,
        env: { HEYGEN_API_KEY: devKey },
      });
      expect(before.code, before.stderr).toBe(2);
      const [, create, update, remove] = /^Plan: (\d+) to create, (\d+) to update, (\d+) to delete/m.exec(before.stdout)!;
      const changes = Number(create) + Number(update) + Number(remove);

      const r = await hgw(["apply", "--auto-approve", "--parallelism", "2", SPEC], emu.url, { HEYGEN_API_KEY: devKey });
      expectWorldError(r, "permission", [devKey]);
      expect(r.stderr).toMatch(/^Applied 0 change\(s\), [12] failed, \d+ not attempted/m);
      expect(r.stderr).toContain("Stopped early");
      expect(r.stderr).toContain("Run the same command again");
      // Two changes at most were tried; everything else was left alone.
      const tried = Number(/, ([12]) failed/.exec(r.stderr)![1]);
      expect(changes).toBeGreaterThan(5);
      expect(r.stderr).toContain(`${changes - tried} not attempted`);

      const after = await runHgw(["plan", "--detailed-exitcode", SPEC, "--provider", "http", "--api-url", emu.url], {
        cwd: tmp.dir,
        env: { HEYGEN_API_KEY: devKey },
      });
      expect(after.stdout).toBe(before.stdout);
    } finally {
      expect(await emu.stop()).toBe(0);
    }
  });

  it("5xx on every request: the breaker opens and plan ends in one server error", async () => {
    const s = await server((_req, res) => answer(res, 503, "internal_error", "down for maintenance"));
    const r = await hgw(["plan", SPEC], s.url);
    expectWorldError(r, "server");
    expect(r.stderr).toMatch(/the API at http:\/\/127\.0\.0\.1:\d+ is unavailable: \d+ attempts in a row failed/);
    // The breaker, not every request's own retries, decided: a bounded number of attempts.
    expect(s.requests.length).toBeLessThanOrEqual(16);
  });

  it("429 that never ends: rate-limit after the retries run out", async () => {
    const s = await server((req, res) => {
      if (req.url?.startsWith("/v3/account")) return answer(res, 429, "rate_limit_exceeded", "slow down", { "retry-after": "0" });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: [], has_more: false, next_token: null }));
    });
    const r = await hgw(["plan", SPEC], s.url);
    expectWorldError(r, "rate-limit");
    expect(s.requests.filter((q) => q === "GET /v3/account")).toHaveLength(8);
  });

  it("a page that is not JSON (a proxy's error page) is an unexpected answer, not a crash", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>Sign in to the corporate proxy</body></html>");
    });
    const r = await hgw(["plan", SPEC], s.url);
    expectWorldError(r, "api-response");
    expect(r.stderr).toContain("not JSON");
  });
});

describe("the API cannot be reached", () => {
  it("connection refused", async () => {
    const r = await hgw(["plan", SPEC], `http://127.0.0.1:${await closedPort()}`);
    expectWorldError(r, "network");
    expect(r.stderr).toContain("connection refused");
  });

  it("a host name that does not resolve", async () => {
    const r = await hgw(["plan", SPEC], "http://nonexistent.invalid");
    expectWorldError(r, "network");
    expect(r.stderr).toContain("http://nonexistent.invalid/v3/");
    expect(r.stderr).toMatch(/DNS/);
  });

  it("a server that accepts and never answers: timeout (HEYGEN_API_TIMEOUT seconds)", async () => {
    const s = await server(() => undefined);
    const r = await hgw(["plan", SPEC], s.url, { HEYGEN_API_TIMEOUT: "0.5" });
    expectWorldError(r, "timeout");
    expect(r.stderr).toContain("no answer within 0.5 s");
  });
});

describe("the API URL", () => {
  it("with user:password@ is refused before any request, and the password is never printed", async () => {
    const s = await server((_req, res) => answer(res, 500, "internal_error", "should not be called"));
    const withCreds = s.url.replace("http://", "http://admin:hunter2-pass@");
    const fromEnv = await runHgw(["plan", SPEC, "--provider", "http"], {
      cwd: tmp.dir,
      env: { HEYGEN_API_KEY: KEY, HEYGEN_API_URL: withCreds, HGW_PROVIDER: undefined },
    });
    for (const r of [await hgw(["plan", SPEC], withCreds), fromEnv]) {
      expectWorldError(r, "api-url", ["hunter2-pass", "admin:"]);
      expect(r.stderr).toContain("carries credentials");
      expect(r.stderr).toContain("HEYGEN_API_KEY");
    }
    expect(s.requests).toEqual([]);
  });

  it("with a query is refused, and the query is never printed", async () => {
    const r = await hgw(["plan", SPEC], "http://127.0.0.1:9/?api_key=q-secret-123#f-secret-456");
    expectWorldError(r, "api-url", ["q-secret-123", "f-secret-456", "api_key"]);
    expect(r.stderr).toContain("http://127.0.0.1:9");
  });
});

describe("the disk", () => {
  it("a full device for plan --out: ENOSPC, one line", async () => {
    const r = await runHgw(["plan", SPEC, "--out", "/dev/full"], { cwd: tmp.dir, env: { HGW_SANDBOX_DIR: join(tmp.dir, "sb-full") } });
    expectWorldError(r, "disk");
    expect(r.stderr).toContain("/dev/full");
    expect(r.stderr).toContain("ENOSPC");
  });

  it("a sandbox folder under a file: ENOTDIR, one line", async () => {
    const file = join(tmp.dir, "a-file");
    await writeFile(file, "not a folder\n");
    const r = await runHgw(["plan", SPEC, "--sandbox-dir", join(file, ".hgw")], { cwd: tmp.dir });
    expectWorldError(r, "disk");
    expect(r.stderr).toContain("ENOTDIR");
  });
});
