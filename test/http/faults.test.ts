// A fault run: the same plan applied through 10% injected 5xx (before and after the write
// commits), 429 bursts, slow answers and dropped connections (before and after commit) ends
// in the same account as a fault-free run: nothing lost, duplicated or half-made.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { tempDir } from "../helpers/cli.js";
import { startEmulator } from "../../src/emulator/server.js";
import { createHttpProvider } from "../../src/providers/http/index.js";
import { seededAccount } from "../emulator/fixture.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";
import { PlanBuilder, comparable, runChanges } from "./helpers.js";

function bigPlan(): PlanBuilder {
  const b = new PlanBuilder();
  const own = b.subworkspace("", "agency", "own");
  for (let i = 0; i < 8; i++) {
    const parent = i < 4 ? "" : "agency";
    const ws = b.subworkspace(parent, `client-${i}`, "parent", parent === "" ? [] : [own]);
    const path = parent === "" ? `client-${i}` : `agency/client-${i}`;
    const alloc = b.allocation(path, 6, [ws]);
    for (let j = 0; j < 5; j++) b.member(path, `user${j}@client-${i}.com`, j === 0 ? "super_admin" : "creator", [alloc]);
    b.assetShare("avatar", "av_1", path, [ws]);
    if (i % 2 === 0) b.apikey(path, [ws]);
  }
  for (let j = 0; j < 5; j++) b.member("", `staff${j}@example.com`, "developer", []);
  b.contentShare("video", "vd_1", [{ email: "staff0@example.com", access: "edit" }], []);
  return b;
}

const secrets = { HGW_TEST_SHARE_PASSWORD: "pw-1" };
let dir: { dir: string; cleanup: () => Promise<void> };
let faulty: EmulatorProcess;

beforeAll(async () => {
  dir = await tempDir();
  const state = join(dir.dir, "account.json");
  await writeFile(state, JSON.stringify(seededAccount()));
  faulty = await spawnEmulator(["--state", state, "--fault-rate", "0.1", "--seed", "52"], {
    HEYGEN_API_KEY: "hgw_sa_fault_run_key_abcdef",
  });
}, 30_000);

afterAll(async () => {
  if (faulty) expect(await faulty.stop()).toBe(0);
  await dir?.cleanup();
});

describe("fault run", () => {
  it("converges to the fault-free account", async () => {
    const clean = await startEmulator({ initialState: seededAccount(), adminKey: "hgw_sa_clean" });
    try {
      const p = createHttpProvider({ baseUrl: clean.url, apiKey: clean.adminKey, rateLimit: 1000 });
      await runChanges(p, bigPlan().changes, { secrets });
      const want = comparable(await p.read());

      const f = createHttpProvider({
        baseUrl: faulty.url,
        apiKey: faulty.adminKey,
        rateLimit: 1000,
        backoffBaseMs: 10,
        backoffMaxMs: 100,
        maxAttempts: 12,
      });
      const { apiKeys } = await runChanges(f, bigPlan().changes, { secrets });
      expect(apiKeys).toHaveLength(4);
      expect(comparable(await f.read())).toEqual(want);

      const log = faulty.stderr();
      // The schedule really did hurt: errors and drops after commit included.
      expect(log).toMatch(/fault (500|503) before/);
      expect(log).toMatch(/fault 500 after/);
      expect(log).toMatch(/fault drop after/);
      expect(log).toMatch(/fault drop before/);
      expect(log).toMatch(/fault burst429/);
      expect(log).not.toContain(faulty.adminKey);
    } finally {
      await clean.close();
    }
  }, 60_000);
});
