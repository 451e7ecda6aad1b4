// `hgw emulator` as a real subprocess: keys and their roles. A developer key reads but may
// not administer; a sub-workspace key sees only its sub-workspace; no key, 401. No response,
// log line or error message holds a key.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { runHgw, tempDir } from "../helpers/cli.js";
import { ApiError, createHttpProvider } from "../../src/providers/http/index.js";
import { spawnEmulator, type EmulatorProcess } from "./process.js";

let dir: { dir: string; cleanup: () => Promise<void> };
let emu: EmulatorProcess;
let devKey: string;
const bodies: string[] = [];

async function call(key: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      ...(key ? { "x-api-key": key } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(method === "POST" ? { "idempotency-key": `auth-${Math.random()}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, json: JSON.parse(text) as { data?: unknown; error?: { code: string } }, rid: res.headers.get("x-request-id") };
}

beforeAll(async () => {
  dir = await tempDir();
  const state = join(dir.dir, "account.json");
  const minted = await runHgw(["emulator", "keys", "--state", state, "--role", "developer"]);
  expect(minted.code).toBe(0);
  devKey = /: (\S+)$/m.exec(minted.stdout)![1]!;
  emu = await spawnEmulator(["--state", state]);
}, 30_000);

afterAll(async () => {
  if (emu) expect(await emu.stop()).toBe(0);
  await dir?.cleanup();
});

describe("emulator keys and roles", () => {
  it("answers 401 unauthorized without a key or with a wrong one, with a request id", async () => {
    const none = await call(null, "GET", "/v3/workspaces");
    expect(none.status).toBe(401);
    expect(none.json.error?.code).toBe("unauthorized");
    expect(none.rid).toMatch(/^req_/);
    const wrong = await call("hgw_sa_not-a-key", "GET", "/v3/workspaces");
    expect(wrong.status).toBe(401);
  });

  it("lets a developer key read but not administer", async () => {
    const list = await call(devKey, "GET", "/v3/workspaces");
    expect(list.status).toBe(200);
    const main = (list.json.data as { id: string }[])[0]!;
    const create = await call(devKey, "POST", "/v3/workspaces", { name: "nope", parent_id: main.id, billing: "parent" });
    expect(create.status).toBe(403);
    expect(create.json.error?.code).toBe("forbidden");
    const patch = await call(devKey, "PATCH", `/v3/workspaces/${main.id}`, { name: "x" });
    expect(patch.status).toBe(403);
  });

  it("lets a sub-workspace key see only its sub-workspace, and write nothing", async () => {
    const admin = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey });
    const main = (await admin.read()).workspaces.find((w) => w.parentId === null)!;
    const mk = (name: string) =>
      admin.client.request<{ data: { id: string } }>("POST", "/v3/workspaces", {
        body: { name, parent_id: main.id, billing: "parent", api_access: true },
        idempotencyKey: `mk-${name}`,
      });
    const a = (await mk("team-a")).body.data.id;
    const b = (await mk("team-b")).body.data.id;
    const key = await admin.client.request<{ data: { key: string } }>("POST", `/v3/workspaces/${a}/api-key`, {
      body: {},
      idempotencyKey: "key-a",
    });
    const wsKey = key.body.data.key;
    // The secret is shown once: listing keys never returns it.
    const listed = await call(emu.adminKey, "GET", "/v3/api-keys");
    expect(JSON.stringify(listed.json)).not.toContain(wsKey);

    const seen = await call(wsKey, "GET", "/v3/workspaces");
    expect(seen.status).toBe(200);
    expect((seen.json.data as { id: string }[]).map((w) => w.id)).toEqual([a]);
    expect((await call(wsKey, "GET", `/v3/workspaces/${a}`)).status).toBe(200);
    const other = await call(wsKey, "GET", `/v3/workspaces/${b}`);
    expect(other.status).toBe(404);
    expect(other.json.error?.code).toBe("not_found");
    expect((await call(wsKey, "GET", "/v3/account")).status).toBe(403);
    const invite = await call(wsKey, "POST", `/v3/workspaces/${a}/members`, { email: "x@y.com", role: "viewer" });
    expect(invite.status).toBe(403);
    expect(invite.json.error?.code).toBe("forbidden");

    // A provider with that key: its error names the code and request id, not the key.
    const asWs = createHttpProvider({ baseUrl: emu.url, apiKey: wsKey });
    const err = await asWs.client
      .request("DELETE", `/v3/workspaces/${a}`)
      .then(() => null, (e: unknown) => e as ApiError);
    expect(err?.code).toBe("forbidden");
    expect(err?.message).toContain(err!.requestId!);
    expect(err?.message).not.toContain(wsKey);

    // Revoked: the key stops working.
    await admin.client.request("DELETE", `/v3/workspaces/${a}/api-key`);
    expect((await call(wsKey, "GET", "/v3/workspaces")).status).toBe(401);

    for (const text of bodies) {
      expect(text).not.toContain(emu.adminKey);
      expect(text).not.toContain(devKey);
    }
    const log = emu.stderr();
    expect(log).toMatch(/GET \/v3\/workspaces 200/);
    for (const k of [emu.adminKey, devKey, wsKey]) expect(log).not.toContain(k);
  });
});
