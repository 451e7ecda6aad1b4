// Long lists read in parallel parts: the first page hands out `next_tokens`, each part is walked
// with its own cursor, and together they hold every item once, in the server's order. Against
// the in-process emulator over HTTP, every exchange checked against the contract.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Exchange, type RunningEmulator } from "../../src/emulator/server.js";
import { loadContract } from "../../src/contract/openapi.js";
import { paginate } from "../../src/emulator/pages.js";
import { createHttpProvider } from "../../src/providers/http/index.js";
import { PARALLEL_PARTS } from "../../src/providers/http/read.js";
import { seededAccount } from "../emulator/fixture.js";

const contract = loadContract();
let emu: RunningEmulator;
const exchanges: Exchange[] = [];
const MEMBERS = 4321;

beforeAll(async () => {
  const s = seededAccount();
  const main = s.workspaces.find((w) => w.parentId === null)!;
  main.subscription = { seats: 10_000, avatarSlots: 50, generativeCredits: 100_000, apiCredits: 50_000 };
  for (let i = 0; i < MEMBERS; i++) {
    s.members.push({ workspaceId: main.id, email: `m${i}@example.com`, role: "viewer", status: "active", invitedAt: null, expiresAt: null });
  }
  emu = await startEmulator({ initialState: s, adminKey: "hgw_sa_parallel_read", onExchange: (x) => exchanges.push(x) });
});
afterAll(() => emu.close());

describe("paginate with parallel parts", () => {
  const items = Array.from({ length: 2345 }, (_, i) => i);
  const decode = (q: { limit?: string; token?: string; parallel?: string }) => paginate(items, q, { splittable: true });

  it("splits what follows the first page into disjoint parts that cover it once, in order", () => {
    for (const parallel of [2, 3, 16, 32]) {
      const first = decode({ limit: "100", parallel: String(parallel) });
      expect(first.data).toEqual(items.slice(0, 100));
      expect(first.next_tokens!.length).toBe(Math.min(parallel, Math.ceil(2245 / 100)));
      expect(first.next_token).toBe(first.next_tokens![0]);
      const seen: number[] = [...first.data];
      for (const start of first.next_tokens!) {
        for (let token: string | null = start; token !== null; ) {
          const page = decode({ limit: "100", token });
          expect(page.next_tokens).toBeUndefined();
          seen.push(...page.data);
          token = page.has_more ? page.next_token : null;
        }
      }
      expect(seen).toEqual(items);
    }
  });

  it("does not split a list that fits one page, nor a list that does not offer it", () => {
    expect(paginate(items.slice(0, 900), { limit: "1000", parallel: "8" }, { splittable: true }).next_tokens).toBeUndefined();
    expect(paginate(items, { limit: "100", parallel: "8" }).next_tokens).toBeUndefined();
    expect(() => decode({ parallel: "0" })).toThrow(/parallel/);
    expect(() => decode({ parallel: "33" })).toThrow(/parallel/);
  });
});

describe("the HTTP provider's read", () => {
  it("reads a long member list in parallel parts: the same list, fewer round trips, within the contract", async () => {
    const provider = createHttpProvider({ baseUrl: emu.url, apiKey: emu.adminKey });
    exchanges.length = 0;
    const state = await provider.read();
    expect(state.members.map((m) => m.email)).toEqual(emu.state().members.map((m) => m.email));

    const memberPages = exchanges.filter((x) => x.url.startsWith("/v3/members"));
    const total = emu.state().members.length;
    expect(memberPages).toHaveLength(Math.ceil(total / 1000));
    const first = memberPages.find((x) => x.url.includes("parallel="))!;
    expect(first.url).toContain(`parallel=${PARALLEL_PARTS}`);
    expect((first.responseBody as { next_tokens: string[] }).next_tokens).toHaveLength(Math.ceil((total - 1000) / 1000));

    const violations = exchanges.flatMap((x) =>
      contract.checkResponse(x.method, x.url.split("?")[0]!, x.status, x.responseBody).map((e) => `${x.method} ${x.url} ${x.status}: ${e}`),
    );
    expect(violations).toEqual([]);
    await provider.close!();
  });
});
