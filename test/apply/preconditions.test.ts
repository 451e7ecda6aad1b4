// Writes are conditional on the `before` they were planned from, on both providers: a change
// made to the resource between plan and write is never overwritten (refused, naming the
// field), one made between the HTTP provider's read and its write is caught by If-Match (412),
// a change the account already holds is done, and a write retried after its answer was lost
// is not mistaken for someone else's.

import { afterEach, describe, expect, it } from "vitest";
import { defaultAccount } from "../../src/domain/index.js";
import { PreconditionFailed } from "../../src/domain/precondition.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { tryPlan } from "../../src/plan/plan.js";
import type { Change, Plan } from "../../src/plan/types.js";
import type { ExecuteContext, Provider } from "../../src/model/provider.js";
import type { FetchLike } from "../../src/providers/http/client.js";
import { createHttpProvider } from "../../src/providers/http/index.js";
import { createSandboxProvider } from "../../src/providers/sandbox/index.js";
import { loadSpecObject } from "../../src/spec/index.js";
import { tempDir } from "../helpers/cli.js";

const NOW = "2026-03-01T12:00:00.000Z";
const ADMIN = "hgw_sa_preconditions";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Planned against the default account: client-a to 5 seats, legacy@ removed, ops@'s settings kept. */
function planned(): Plan {
  const spec = loadSpecObject({
    version: 1,
    workspace: { name: "Acme Agency", members: [{ email: "ops@acme.example", role: "super_admin" }] },
    subWorkspaces: [{ name: "client-a", allocation: { seats: 5 } }],
    contentShares: [{ type: "folder", id: "fd_campaigns", generalAccess: "workspace" }],
  });
  expect(spec.diagnostics).toEqual([]);
  return tryPlan(spec.desired!, defaultAccount(NOW), { now: NOW }).plan!;
}
const at = (plan: Plan, address: string): Change => plan.changes.find((c) => c.address === address)!;
const ctx = (): ExecuteContext => ({ resolveSecret: () => "unused", workspaceIds: new Map() });

async function sandbox(): Promise<Provider> {
  const t = await tempDir("hgw-precondition-");
  cleanups.push(t.cleanup);
  const p = createSandboxProvider({ dir: t.dir, now: () => NOW });
  await p.read();
  return p;
}

async function emulator(fetch?: (real: FetchLike) => FetchLike): Promise<{ emu: RunningEmulator; p: Provider; admin: (method: string, path: string, body?: unknown) => Promise<Response> }> {
  const emu = await startEmulator({ initialState: defaultAccount(NOW), adminKey: ADMIN, now: () => new Date(NOW) });
  cleanups.push(() => emu.close());
  const real: FetchLike = (u, i) => globalThis.fetch(u, i);
  const p = createHttpProvider({ baseUrl: emu.url, apiKey: ADMIN, rateLimit: 1000, backoffBaseMs: 1, ...(fetch ? { fetch: fetch(real) } : {}) });
  const admin = (method: string, path: string, body?: unknown) =>
    globalThis.fetch(`${emu.url}${path}`, {
      method,
      headers: { "x-api-key": ADMIN, "content-type": "application/json", "idempotency-key": `t-${Math.random()}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { emu, p, admin };
}

describe("a write meets a resource changed since the plan", () => {
  it("sandbox: refused, naming the address and the field; nothing is written", async () => {
    const p = await sandbox();
    const plan = planned();
    const store = (p as unknown as { store: { transaction(h: string, f: (s: ReturnType<typeof defaultAccount>) => void): Promise<unknown> } }).store;
    await store.transaction("test", (s) => {
      s.workspaces.find((w) => w.id === "ws_client_a")!.allocation!.seats = 4;
      s.members.find((m) => m.email === "legacy@acme.example")!.role = "developer";
    });
    const release = await p.lock!("test");
    try {
      const alloc = await p.execute(at(plan, "allocation[client-a]"), ctx()).catch((e: unknown) => e);
      expect(alloc).toBeInstanceOf(PreconditionFailed);
      expect((alloc as Error).message).toMatch(/^allocation\[client-a\]: it changed since the plan was made: seats is 4 in the account, the plan expected 3; nothing was written/);
      const removal = await p.execute(at(plan, "member[workspace](legacy@acme.example)"), ctx()).catch((e: unknown) => e);
      expect((removal as Error).message).toMatch(/role is "developer" in the account, the plan expected "creator"/);
    } finally {
      await release();
    }
    const s = await p.read();
    expect(s.workspaces.find((w) => w.id === "ws_client_a")!.allocation!.seats).toBe(4);
    expect(s.members.some((m) => m.email === "legacy@acme.example")).toBe(true);
  });

  it("sandbox: a change the account already holds is done, and a re-run of the plan converges", async () => {
    const p = await sandbox();
    const plan = planned();
    for (const c of plan.changes) await p.execute(c, ctx());
    // The same writes again (a re-run after a crash): each finds its `after` and does nothing.
    for (const c of plan.changes) await expect(p.execute(c, ctx())).resolves.toEqual({});
    expect((await p.read()).workspaces.find((w) => w.id === "ws_client_a")!.allocation!.seats).toBe(5);
  });

  it("http: refused before the write when the GET differs from before", async () => {
    const { p, admin } = await emulator();
    const plan = planned();
    expect((await admin("PUT", "/v3/workspaces/ws_client_a/allocation", { seats: 4, avatar_slots: 1, generative_credits: 2000, api_credits: 0 })).status).toBe(200);
    expect((await admin("PATCH", "/v3/content/folder/fd_campaigns/sharing", { general_access: "selected", users: [], share_page: { public_publishing: false, captions: false } })).status).toBe(200);
    const alloc = await p.execute(at(plan, "allocation[client-a]"), ctx()).catch((e: unknown) => e);
    expect(alloc).toBeInstanceOf(PreconditionFailed);
    expect((alloc as Error).message).toMatch(/seats is 4 in the account, the plan expected 3/);
    const share = await p.execute(at(plan, "content_share[folder:fd_campaigns]"), ctx()).catch((e: unknown) => e);
    expect((share as Error).message).toMatch(/generalAccess is "selected" in the account, the plan expected "only_me"/);
    const s = await p.read();
    expect(s.workspaces.find((w) => w.id === "ws_client_a")!.allocation!.seats).toBe(4);
    expect(s.content.find((c) => c.id === "fd_campaigns")!.generalAccess).toBe("selected");
  });

  it("http: in the window between read and write, credits spent do not count, another field is kept, and the planned-from field refuses", async () => {
    let between: (() => Promise<void>) | null = null;
    const { p, emu, admin } = await emulator((real) => async (u, i) => {
      // Someone else's write lands between hgw's GET and its PUT.
      if (i.method === "PUT" && between) {
        const b = between;
        between = null;
        await b();
      }
      return real(u, i);
    });
    const plan = planned();
    // Usage moving (a render) is not a change to the allocation: the ETag leaves it out.
    between = async () => {
      emu.state().workspaces.find((w) => w.id === "ws_client_a")!.usage.generativeCredits += 250;
    };
    await p.execute(at(plan, "allocation[client-a]"), ctx());
    expect((await p.read()).workspaces.find((w) => w.id === "ws_client_a")!.allocation!.seats).toBe(5);

    const again = planned();
    const reset = { seats: 3, avatar_slots: 1, generative_credits: 2000, api_credits: 0 };
    expect((await admin("PUT", "/v3/workspaces/ws_client_a/allocation", reset)).status).toBe(200);
    between = async () => {
      expect((await admin("PUT", "/v3/workspaces/ws_client_a/allocation", { ...reset, seats: 4 })).status).toBe(200);
    };
    const e = await p.execute(at(again, "allocation[client-a]"), ctx()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PreconditionFailed);
    expect((e as Error).message).toMatch(/^allocation\[client-a\] changed during the apply, between hgw's read of it and its write \(seats\); nothing was written/);
    expect((await p.read()).workspaces.find((w) => w.id === "ws_client_a")!.allocation!.seats).toBe(4);

    // A field this write does not set moves in the window (another change of the same plan,
    // run at the same time, renames it): the 412 is read again, seats are still as planned
    // from, and the write goes through with the new ETag, keeping the other change.
    expect((await admin("PUT", "/v3/workspaces/ws_client_a/allocation", reset)).status).toBe(200);
    between = async () => {
      expect((await admin("PATCH", "/v3/workspaces/ws_client_a", { settings: { public_invite_link: true } })).status).toBe(200);
    };
    await p.execute(at(again, "allocation[client-a]"), ctx());
    const after = (await p.read()).workspaces.find((w) => w.id === "ws_client_a")!;
    expect(after.allocation!.seats).toBe(5);
    expect(after.settings.publicInviteLink).toBe(true);
  });

  it("http: a write whose answer was lost is retried, meets 412 from its own first attempt, and counts as done", async () => {
    let dropped = 0;
    const { p } = await emulator((real) => async (u, i) => {
      const res = await real(u, i);
      if ((i.method === "PUT" || i.method === "DELETE") && dropped < 2) {
        dropped++;
        throw new TypeError("fetch failed: socket hang up");
      }
      return res;
    });
    const plan = planned();
    await p.execute(at(plan, "allocation[client-a]"), ctx());
    await p.execute(at(plan, "member[workspace](legacy@acme.example)"), ctx());
    expect(dropped).toBe(2);
    const s = await p.read();
    expect(s.workspaces.find((w) => w.id === "ws_client_a")!.allocation!.seats).toBe(5);
    expect(s.members.some((m) => m.email === "legacy@acme.example")).toBe(false);
  });

  it("http: an invitation someone made since, with another role, is never overwritten", async () => {
    const spec = loadSpecObject({ version: 1, workspace: { name: "Acme Agency", memberOwnership: "additive", members: [{ email: "new@acme.example", role: "creator" }] } });
    const plan = tryPlan(spec.desired!, defaultAccount(NOW), { now: NOW }).plan!;
    const { p, admin } = await emulator();
    expect((await admin("POST", "/v3/workspaces/ws_main/members", { email: "new@acme.example", role: "developer" })).status).toBe(201);
    const e = await p.execute(at(plan, "member[workspace](new@acme.example)"), ctx()).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/it exists already, made since the plan: role is "developer" in the account, the plan expected "creator"/);
    expect((await p.read()).members.find((m) => m.email === "new@acme.example")!.role).toBe("developer");
  });
});
