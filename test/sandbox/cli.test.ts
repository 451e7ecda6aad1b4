import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireLock } from "../../src/providers/sandbox/lock.js";
import type { AccountState } from "../../src/model/state.js";
import { runHgw, tempDir } from "../helpers/cli.js";

let dir = "";
let cleanup: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("hgw-sandbox-cli-"));
});
afterAll(() => cleanup());

const hgw = (...args: string[]) => runHgw(["sandbox", ...args, "--sandbox-dir", dir]);
const account = async (): Promise<AccountState> => JSON.parse(await readFile(join(dir, "account.json"), "utf8")) as AccountState;

describe("hgw sandbox", () => {
  it("init, show, accept, request, use, add-asset, add-content, expire, reset", async () => {
    let r = await hgw("init", "--seats", "10", "--name", "Test Co");
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('Initialized the sandbox account "Test Co"');
    expect((await account()).workspaces[0]!.subscription!.seats).toBe(10);

    r = await hgw("show", "--format", "json");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as AccountState).account.name).toBe("Test Co");

    r = await hgw("accept", "REVIEWER@client-a.example");
    expect(r.stdout).toContain("reviewer@client-a.example accepted the invitation to client-a");
    expect((await account()).members.find((m) => m.email === "reviewer@client-a.example")!.status).toBe("active");

    r = await hgw("request", "client-a", "joiner@x.example");
    expect(r.code).toBe(0);
    expect((await account()).joinRequests).toMatchObject([{ email: "joiner@x.example", workspaceId: "ws_client_a" }]);

    r = await hgw("use", "client-a", "--generative", "1500");
    expect(r.code).toBe(0);
    r = await hgw("use", "client-a", "--generative", "1");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('generative credit allocation of "client-a" exceeded by 1: 2,001 used > 2,000 generative credits allocated');

    r = await hgw("add-asset", "voice", "vc_new", "New voice", "--workspace", "client-a");
    expect(r.code).toBe(0);
    r = await hgw("add-content", "video", "vd_new", "New video");
    expect(r.code).toBe(0);
    const s = await account();
    expect(s.assets.find((a) => a.id === "vc_new")!.workspaceId).toBe("ws_client_a");
    expect(s.content.find((c) => c.id === "vd_new")!.workspaceId).toBe("ws_main");

    await hgw("init");
    r = await hgw("expire", "reviewer@client-a.example", "--workspace", "client-a");
    expect(r.code).toBe(0);
    r = await hgw("accept", "reviewer@client-a.example", "--workspace", "client-a");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/expired at .*; it must be re-sent first/);

    r = await hgw("show");
    expect(r.stdout).toContain("member reviewer@client-a.example viewer (invited, expired)");

    r = await hgw("reset");
    expect(r.code).toBe(0);
    r = await hgw("show");
    expect(r.stdout).toContain('Account "Acme Agency"');
  });

  it("fails clearly on unknown workspaces, bad numbers and rule violations", async () => {
    let r = await hgw("request", "nowhere", "a@b.example");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no workspace "nowhere" in the sandbox account');
    expect(r.stderr).toContain("workspaces: workspace, client-a");
    r = await hgw("use", "client-a", "--generative", "lots");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--generative must be a whole number >= 0 (got "lots")');
    r = await hgw("init", "--seats", "2");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('seat limit of workspace "Acme Agency" exceeded by 3');
    r = await hgw("init", "--empty", "--seats", "2");
    expect(r.code).toBe(0);
    expect((await account()).members).toEqual([]);
  });

  it("waits for an apply's lock and names its holder when giving up", async () => {
    const release = await acquireLock(join(dir, "lock"), "hgw apply (test)");
    try {
      const r = await runHgw(["sandbox", "use", "workspace", "--generative", "1", "--sandbox-dir", dir], { env: { HGW_LOCK_TIMEOUT_MS: "200" } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/locked by "hgw apply \(test\)" \(pid \d+/);
    } finally {
      await release();
    }
  });
});
