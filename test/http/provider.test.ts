// The HTTP provider against the in-process emulator over real HTTP on 127.0.0.1: every
// request it sends and every response the server returns is checked against the contract.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Exchange, type RunningEmulator } from "../../src/emulator/server.js";
import { loadContract } from "../../src/contract/openapi.js";
import { createHttpProvider, ApiError } from "../../src/providers/http/index.js";
import { seededAccount } from "../emulator/fixture.js";
import { PlanBuilder, recordingFetch, runChanges, type Recorded } from "./helpers.js";

const contract = loadContract();
let emu: RunningEmulator;
const exchanges: Exchange[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({
    initialState: seededAccount(),
    adminKey: "hgw_sa_test_admin_key_0123456789",
    onExchange: (x) => exchanges.push(x),
    log: (l) => logLines.push(l),
  });
});
afterAll(() => emu.close());

function plan(): PlanBuilder {
  const b = new PlanBuilder();
  const a = b.subworkspace("", "client-x", "parent");
  const own = b.subworkspace("", "client-b", "own");
  const emea = b.subworkspace("client-b", "emea", "parent", [own]);
  const alloc = b.allocation("client-x", 5, [a]);
  const allocEmea = b.allocation("client-b/emea", 3, [emea]);
  b.member("", "Boss@Example.com", "super_admin", []);
  b.member("client-x", "ann@client-x.com", "creator", [alloc]);
  b.member("client-x", "bob@client-x.com", "viewer", [alloc]);
  b.member("client-b/emea", "eve@client-b.com", "developer", [allocEmea]);
  b.member("client-b", "own@client-b.com", "super_admin", [own]);
  b.apikey("client-x", [a]);
  b.assetShare("avatar", "av_1", "client-x", [a]);
  b.contentShare("video", "vd_1", [{ email: "boss@example.com", access: "edit" }], []);
  return b;
}

describe("http provider against the emulator", () => {
  it("applies a plan, reads it back, and keeps to the contract both ways", async () => {
    const sent: Recorded[] = [];
    const violations: string[] = [];
    const provider = createHttpProvider({
      baseUrl: emu.url,
      apiKey: emu.adminKey,
      fetch: recordingFetch(sent, violations),
      rateLimit: 500,
    });
    const { apiKeys } = await runChanges(provider, plan().changes, {
      secrets: { HGW_TEST_SHARE_PASSWORD: "s3cret-pass" },
    });
    expect(apiKeys).toHaveLength(1);

    const state = await provider.read();
    const byPath = new Map(state.workspaces.map((w) => [w.name, w]));
    const a = byPath.get("client-x")!;
    const emea = byPath.get("emea")!;
    expect(a.allocation).toEqual({ seats: 5, avatarSlots: 1, generativeCredits: 100, apiCredits: 50 });
    expect(emea.parentId).toBe(byPath.get("client-b")!.id);
    expect(state.members.filter((m) => m.workspaceId === a.id).map((m) => m.email).sort()).toEqual([
      "ann@client-x.com",
      "bob@client-x.com",
    ]);
    expect(state.members.some((m) => m.email === "boss@example.com" && m.status === "invited")).toBe(true);
    expect(state.apiKeys.map((k) => k.workspaceId)).toEqual([a.id]);
    expect(state.assetShares).toContainEqual(expect.objectContaining({ assetId: "av_1", toWorkspaceId: a.id }));
    const video = state.content.find((c) => c.id === "vd_1")!;
    expect(video.sharePage.passwordSet).toBe(true);
    expect(JSON.stringify(state)).not.toContain("s3cret-pass");

    // Running the same plan again converges (409s and 404s become success), changing nothing.
    const before = JSON.stringify(await provider.read());
    const again = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey, fetch: recordingFetch(sent, violations) });
    await runChanges(again, plan().changes.filter((c) => c.kind !== "apikey"), {
      secrets: { HGW_TEST_SHARE_PASSWORD: "s3cret-pass" },
    });
    const after = await provider.read();
    expect(after.members.length).toBe(JSON.parse(before).members.length);
    expect(after.workspaces.length).toBe(JSON.parse(before).workspaces.length);

    expect(violations).toEqual([]);
    const responseViolations = exchanges.flatMap((x) =>
      contract.checkResponse(x.method, x.url.split("?")[0]!, x.status, x.responseBody).map((e) => `${x.method} ${x.url} ${x.status}: ${e}`),
    );
    expect(responseViolations).toEqual([]);
    expect(exchanges.every((x) => typeof x.headers["x-request-id"] === "string")).toBe(true);
    expect(sent.length).toBeGreaterThan(10);
    // Secrets never in a log line.
    for (const line of logLines) {
      expect(line).not.toContain(emu.adminKey);
      for (const k of apiKeys) expect(line).not.toContain(k);
    }
  });

  it("reports the API's code and request id, never the key", async () => {
    const provider = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey });
    const err = await provider.client
      .request("DELETE", "/v3/workspaces/ws_missing")
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(404);
    expect(e.code).toBe("not_found");
    expect(e.requestId).toMatch(/^req_/);
    expect(e.message).toContain(e.requestId!);
    expect(e.message).not.toContain(emu.adminKey);
    expect(String(e.stack)).not.toContain(emu.adminKey);
  });

  it("replays a POST with the same Idempotency-Key and refuses it with another body", async () => {
    const provider = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey });
    const main = (await provider.read()).workspaces.find((w) => w.parentId === null)!;
    const post = (email: string) =>
      provider.client.request<{ data: { email: string } }>("POST", `/v3/workspaces/${main.id}/members`, {
        body: { email, role: "viewer" },
        idempotencyKey: "idem-test-1",
      });
    const first = await post("idem@example.com");
    const second = await post("idem@example.com");
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    const third = await post("other@example.com").then(() => null, (e: unknown) => e as ApiError);
    expect(third?.status).toBe(422);
    expect(third?.param).toBe("Idempotency-Key");
    const noKey = await provider.client
      .request("POST", `/v3/workspaces/${main.id}/members`, { body: { email: "x@example.com", role: "viewer" } })
      .then(() => null, (e: unknown) => e as ApiError);
    expect(noKey?.status).toBe(400);
  });

  it("lets a retry that overtakes its original wait for it: one key minted, the same secret twice", async () => {
    const provider = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey });
    const main = (await provider.read()).workspaces.find((w) => w.parentId === null)!;
    const ws = await provider.client.request<{ data: { id: string } }>("POST", "/v3/workspaces", {
      body: { name: "twins", parent_id: main.id, billing: "parent", api_access: true },
      idempotencyKey: "twins-ws",
    });
    const mint = () =>
      provider.client.request<{ data: { key: string } }>("POST", `/v3/workspaces/${ws.body.data.id}/api-key`, {
        body: { rotate: true },
        idempotencyKey: "twins-key",
      });
    const [a, b] = await Promise.all([mint(), mint()]);
    expect(a.body.data.key).toBe(b.body.data.key);
    const listed = await provider.read();
    expect(listed.apiKeys.filter((k) => k.workspaceId === ws.body.data.id)).toHaveLength(1);
    expect(emu.state().apiKeys.find((k) => k.workspaceId === ws.body.data.id)?.last4).toBe(a.body.data.key.slice(-4));
  });

  it("refuses a stale If-Match with 412 precondition_failed", async () => {
    const provider = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey });
    const main = (await provider.read()).workspaces.find((w) => w.parentId === null)!;
    const got = await provider.client.request("GET", `/v3/workspaces/${main.id}`);
    expect(got.etag).toBeTruthy();
    const ok = await provider.client.request("PATCH", `/v3/workspaces/${main.id}`, {
      body: { name: "Renamed once" },
      ifMatch: got.etag!,
    });
    expect(ok.etag).not.toBe(got.etag);
    const stale = await provider.client
      .request("PATCH", `/v3/workspaces/${main.id}`, { body: { name: "Renamed twice" }, ifMatch: got.etag! })
      .then(() => null, (e: unknown) => e as ApiError);
    expect(stale?.status).toBe(412);
    expect(stale?.code).toBe("precondition_failed");
  });

  it("enforces the domain's seat limit as 402 insufficient_credit", async () => {
    const provider = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey });
    const state = await provider.read();
    const a = state.workspaces.find((w) => w.name === "client-x")!;
    const used = state.members.filter((m) => m.workspaceId === a.id).length;
    const errs: ApiError[] = [];
    for (let i = 0; i < (a.allocation!.seats - used) + 1; i++) {
      await provider.client
        .request("POST", `/v3/workspaces/${a.id}/members`, {
          body: { email: `seat${i}@client-x.com`, role: "viewer" },
          idempotencyKey: `seat-${i}`,
        })
        .catch((e: ApiError) => errs.push(e));
    }
    expect(errs).toHaveLength(1);
    expect(errs[0]!.status).toBe(402);
    expect(errs[0]!.code).toBe("insufficient_credit");
  });
});
