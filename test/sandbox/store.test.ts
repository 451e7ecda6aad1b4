import { spawn } from "node:child_process";
import { readFile, readdir, writeFile, appendFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { acquireLock } from "../../src/providers/sandbox/lock.js";
import { SandboxStore } from "../../src/providers/sandbox/store.js";
import { writeFileAtomic } from "../../src/util/atomic-write.js";
import { createSandboxProvider } from "../../src/providers/sandbox/index.js";
import { UserError } from "../../src/model/diagnostics.js";
import type { Change } from "../../src/plan/types.js";
import { repoRoot, tempDir } from "../helpers/cli.js";
import { existsSync } from "node:fs";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function dir(): Promise<string> {
  const t = await tempDir("hgw-sandbox-");
  cleanups.push(t.cleanup);
  return t.dir;
}

beforeAll(() => {
  // The lock tests run a second, real process on the built code (`npm test` builds first).
  // Building here would rewrite dist/ under the other test files running meanwhile.
  if (!existsSync(join(repoRoot, "dist/providers/sandbox/lock.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first (`npm test` does)");
  }
});

const invite = (seq: number, email: string, path = "client-a", role = "creator"): Change => ({
  seq,
  address: `member[${path}](${email})`,
  kind: "member",
  action: "create",
  before: null,
  after: { workspacePath: path, workspaceId: null, email, role, status: "invited" },
  reason: "test",
  source: null,
  dependsOn: [],
});
const ctx = () => ({ resolveSecret: () => "x", workspaceIds: new Map<string, string>() });

describe("atomic writes", () => {
  it("replaces the file whole and leaves no temporary file", async () => {
    const d = await dir();
    const f = join(d, "a.json");
    await writeFileAtomic(f, "one");
    await writeFileAtomic(f, "two");
    expect(await readFile(f, "utf8")).toBe("two");
    expect(await readdir(d)).toEqual(["a.json"]);
  });
});

describe("sandbox store", () => {
  it("creates the default account on first read, under the given directory", async () => {
    const d = await dir();
    const s = await new SandboxStore({ dir: join(d, "nested", ".hgw") }).read();
    expect(s.workspaces[0]!.id).toBe("ws_main");
    expect(await readdir(join(d, "nested", ".hgw"))).toEqual(["account.json"]);
  });

  it("honours HGW_SANDBOX_DIR", async () => {
    const d = await dir();
    const st = new SandboxStore({ env: { HGW_SANDBOX_DIR: join(d, "x") }, cwd: "/" });
    expect(st.dir).toBe(join(d, "x"));
  });

  it("journals changes during a session and folds them into the snapshot at the end", async () => {
    const d = await dir();
    const store = new SandboxStore({ dir: d, compactEvery: 1000 });
    const release = await store.beginSession("test");
    await store.execute(invite(1, "a@x.example"), ctx());
    await store.execute(invite(2, "b@x.example"), ctx());
    const journal = await readFile(join(d, "journal.ndjson"), "utf8");
    expect(journal.trim().split("\n")).toHaveLength(2);
    // Another reader (no lock) sees the journaled changes already.
    const other = await new SandboxStore({ dir: d }).read();
    expect(other.members.map((m) => m.email)).toContain("b@x.example");
    await release();
    expect(await readFile(join(d, "journal.ndjson"), "utf8")).toBe("");
    const snap = JSON.parse(await readFile(join(d, "account.json"), "utf8")) as { $sandbox: { journalSeq: number } };
    expect(snap.$sandbox.journalSeq).toBe(2);
  });

  it("recovers completed changes after a crash, ignoring a torn last line and never replaying twice", async () => {
    const d = await dir();
    const store = new SandboxStore({ dir: d });
    const release = await store.beginSession("test");
    await store.execute(invite(1, "a@x.example"), ctx());
    // Simulate a crash: the process dies mid-append; the lock's pid is gone.
    await appendFile(join(d, "journal.ndjson"), '{"seq":2,"at":"2026');
    await writeFile(join(d, "lock"), JSON.stringify({ pid: 999999, host: hostname(), holder: "crashed", since: "x" }));
    const after = await new SandboxStore({ dir: d }).read();
    expect(after.members.filter((m) => m.email === "a@x.example")).toHaveLength(1);
    // A new session takes the stale lock over, folds the journal in and starts clean.
    const s2 = new SandboxStore({ dir: d });
    const r2 = await s2.beginSession("second");
    expect((await s2.read()).members.filter((m) => m.email === "a@x.example")).toHaveLength(1);
    await r2();
    expect((await new SandboxStore({ dir: d }).read()).members.filter((m) => m.email === "a@x.example")).toHaveLength(1);
    void release; // the crashed session's release is never called
  });

  it("replays ids, key hashes and password digests exactly as they were first made", async () => {
    const d = await dir();
    const store = new SandboxStore({ dir: d });
    await store.transaction("setup", (s) => void (s.workspaces[1]!.apiAccess = true));
    const release = await store.beginSession("test");
    const settings = { joinPolicy: "invite_only", joinDomains: [], whoCanInvite: "super_admins", publicInviteLink: false, defaultSharing: "only_me", unlistedJoinRequests: "ignore" };
    const c = ctx();
    await store.execute({ seq: 1, address: "subworkspace[new]", kind: "subworkspace", action: "create", before: null, after: { workspacePath: "new", workspaceId: null, name: "new", parentPath: "", parentId: null, billing: "parent", apiAccess: false, image: null, settings, deletionProtection: false, subscription: null }, reason: "", source: null, dependsOn: [] }, c);
    await store.execute({ seq: 2, address: "apikey[client-a]", kind: "apikey", action: "create", before: null, after: { workspacePath: "client-a", workspaceId: null, keyId: null, last4: null }, reason: "", source: null, dependsOn: [] }, c);
    await store.execute({ seq: 3, address: "content_share[video:vd_launch]", kind: "content_share", action: "update", before: null, after: { workspacePath: "", workspaceId: null, type: "video", id: "vd_launch", generalAccess: "workspace", users: [], sharePage: { password: { env: "PW" }, publicPublishing: false, captions: true } }, reason: "", source: null, dependsOn: [] }, c);
    const live = await store.read();
    // Crash: no release. A fresh reader replays the journal.
    const replayed = await new SandboxStore({ dir: d }).read();
    expect(replayed).toEqual(live);
    expect(await readFile(join(d, "journal.ndjson"), "utf8")).not.toContain("hgw_sk_");
    await release();
  });

  it("rejects a rule-breaking change without journaling it", async () => {
    const d = await dir();
    const p = createSandboxProvider({ dir: d });
    const release = await p.lock!("test");
    await p.execute(invite(1, "a@x.example"), ctx());
    await p.execute(invite(2, "b@x.example"), ctx());
    await expect(p.execute(invite(3, "c@x.example"), ctx())).rejects.toMatchObject({ code: "seat_limit" });
    await release();
    expect((await p.read()).members.filter((m) => m.workspaceId === "ws_client_a")).toHaveLength(3);
  });

  it("runs a single change outside a session as its own transaction", async () => {
    const d = await dir();
    const p = createSandboxProvider({ dir: d });
    await p.execute(invite(1, "solo@x.example"), ctx());
    expect((await createSandboxProvider({ dir: d }).read()).members.some((m) => m.email === "solo@x.example")).toBe(true);
  });
});

describe("lock", () => {
  it("makes a second process wait, then fail naming the holder", async () => {
    const d = await dir();
    const lockPath = join(d, "lock");
    const release = await acquireLock(lockPath, "first apply");
    const script = `
      import { acquireLock } from ${JSON.stringify(join(repoRoot, "dist/providers/sandbox/lock.js"))};
      try { await acquireLock(${JSON.stringify(lockPath)}, "second", { timeoutMs: 300 }); console.log("GOT"); }
      catch (e) { console.log("ERR " + e.message); }`;
    const out = await runNode(script);
    expect(out).toMatch(/^ERR the sandbox account is locked by "first apply" \(pid \d+ on .+, since .+\); gave up after 0.3 s/);
    // Released: the other process gets it.
    await release();
    expect(await runNode(script)).toBe("GOT\n");
  });

  it("hands the lock over when the holder releases it while the other waits", async () => {
    const d = await dir();
    const lockPath = join(d, "lock");
    const release = await acquireLock(lockPath, "first");
    const script = `
      import { acquireLock } from ${JSON.stringify(join(repoRoot, "dist/providers/sandbox/lock.js"))};
      const r = await acquireLock(${JSON.stringify(lockPath)}, "second", { timeoutMs: 20000 }); console.log("GOT"); await r();`;
    const pending = runNode(script);
    await new Promise((r) => setTimeout(r, 300));
    await release();
    expect(await pending).toBe("GOT\n");
  });

  it("takes over a stale lock whose process is gone", async () => {
    const d = await dir();
    const lockPath = join(d, "lock");
    const dead = await runNode("console.log(process.pid)");
    await writeFile(lockPath, JSON.stringify({ pid: Number(dead.trim()), host: hostname(), holder: "dead", since: "x" }));
    const release = await acquireLock(lockPath, "new", { timeoutMs: 100 });
    expect(JSON.parse(await readFile(lockPath, "utf8"))).toMatchObject({ holder: "new", pid: process.pid });
    await release();
    expect(await readdir(d)).toEqual([]);
  });

  it("does not take over a live holder's lock", async () => {
    const d = await dir();
    const lockPath = join(d, "lock");
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), holder: "alive", since: "x" }));
    const e = await acquireLock(lockPath, "new", { timeoutMs: 100 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).diagnostics[0]!.code).toBe("sandbox-locked");
  });
});

function runNode(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}
