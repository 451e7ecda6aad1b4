// A saved plan on a busy account, through the real CLI, on the sandbox and on the emulator
// over HTTP: `plan --out`, then the account moves in ways that touch nothing the plan reads or
// changes (credits spent, an invitation accepted, a join request, a library item and a video
// added, a setting and a member changed in the dashboard), and `apply --plan` still applies
// it. Then someone changes what a plan changes, and `apply --plan` is refused, naming it.

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccountState } from "../../src/model/state.js";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";
import { runHgw, tempDir, type RunResult } from "../helpers/cli.js";

const ADMIN_KEY = "hgw_sa_saved_plans_2c41d9";

/** The account seen from outside hgw: the world moving, and people in the dashboard. */
interface World {
  hgw(...args: string[]): Promise<RunResult>;
  /** `hgw sandbox …` events (credits, acceptances, requests, new assets and content). */
  events(commands: string[][]): Promise<void>;
  account(): Promise<AccountState>;
  stop(): Promise<void>;
}

let dir = "";
let cleanup: () => Promise<void> = async () => {};
let world: World | null = null;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("hgw-saved-plans-"));
});
afterEach(async () => {
  await world?.stop();
  world = null;
  await cleanup();
});

async function sandboxWorld(): Promise<World> {
  const env = { HGW_SANDBOX_DIR: join(dir, ".hgw"), HGW_PROVIDER: undefined };
  const hgw = (...args: string[]) => runHgw(args, { cwd: dir, env });
  return {
    hgw,
    async events(commands) {
      for (const c of commands) {
        const r = await hgw("sandbox", ...c);
        expect(r.code, r.stderr).toBe(0);
      }
    },
    async account() {
      return JSON.parse((await hgw("sandbox", "show", "--format", "json")).stdout) as AccountState;
    },
    async stop() {},
  };
}

/** The emulator over HTTP; world events are played on its account file between two runs of it. */
async function emulatorWorld(): Promise<World> {
  const stateDir = join(dir, "emulator");
  await mkdir(stateDir);
  const stateFile = join(stateDir, "account.json");
  const start = () => spawnEmulator(["--state", stateFile, "--quiet"], { HEYGEN_API_KEY: ADMIN_KEY });
  let emu: EmulatorProcess = await start();
  const env = () => ({ HGW_PROVIDER: "http", HEYGEN_API_URL: emu.url, HEYGEN_API_KEY: ADMIN_KEY, HGW_SANDBOX_DIR: undefined });
  const hgw = (...args: string[]) => runHgw(args, { cwd: dir, env: env() });
  return {
    hgw,
    async events(commands) {
      expect(await emu.stop()).toBe(0);
      for (const c of commands) {
        const r = await runHgw(["sandbox", ...c, "--sandbox-dir", stateDir], { cwd: dir, env: { HGW_PROVIDER: undefined } });
        expect(r.code, r.stderr).toBe(0);
      }
      emu = await start();
    },
    async account() {
      // The account as the API serves it (what hgw itself reads).
      const res = await fetch(`${emu.url}/v3/workspaces?limit=1000`, { headers: { "x-api-key": ADMIN_KEY } });
      const members = await fetch(`${emu.url}/v3/members?limit=1000`, { headers: { "x-api-key": ADMIN_KEY } });
      const ws = ((await res.json()) as { data: { id: string; name: string; parent_id: string | null; allocation: { seats: number } | null; settings: { public_invite_link: boolean } }[] }).data;
      const ms = ((await members.json()) as { data: { workspace_id: string; email: string; role: string; status: string }[] }).data;
      return {
        workspaces: ws.map((w) => ({ id: w.id, name: w.name, parentId: w.parent_id, allocation: w.allocation, settings: { publicInviteLink: w.settings.public_invite_link } })),
        members: ms.map((m) => ({ workspaceId: m.workspace_id, email: m.email, role: m.role, status: m.status })),
      } as unknown as AccountState;
    },
    async stop() {
      await emu.stop();
    },
  };
}

const BASE = `version: 1
workspace:
  name: Acme Agency
  members:
    - { email: ops@acme.example, role: super_admin }
    - { email: producer@acme.example, role: creator }
subWorkspaces:
  - name: client-a
    allocation: { seats: 3, avatarSlots: 1, generativeCredits: 2000 }
    members:
      - { email: reviewer@client-a.example, role: viewer }
  - name: client-b
    allocation: { seats: 3, generativeCredits: 1000 }
    members:
      - { email: lead@client-b.example, role: developer }
`;

/** The pull request: client-b grows and gets a new member; client-c is new, with a shared avatar. */
const PR = `${BASE.replace("allocation: { seats: 3, generativeCredits: 1000 }", "allocation: { seats: 4, generativeCredits: 1000 }")}      - { email: new@client-b.example, role: creator }
  - name: client-c
    allocation: { seats: 1 }
assetShares:
  - { type: avatar, id: av_anna, to: [client-c] }
`;

/** Someone in the dashboard: a setting of client-a and a member added to it (client-a is not in the plan). */
const DASHBOARD = `version: 1
workspace:
  name: Acme Agency
subWorkspaces:
  - name: client-a
    settings: { publicInviteLink: true }
    memberOwnership: additive
    members:
      - { email: intern@client-a.example, role: viewer }
`;

const wsNamed = (a: AccountState, name: string) => a.workspaces.find((w) => w.name === name);
const membersIn = (a: AccountState, name: string): string[] =>
  a.members
    .filter((m) => m.workspaceId === wsNamed(a, name)?.id)
    .map((m) => `${m.email}:${m.role}`)
    .sort();

async function scenario(w: World): Promise<void> {
  const file = (name: string, text: string) => writeFile(join(dir, name), text);
  await file("workspaces.yaml", BASE);
  const base = await w.hgw("apply", "--auto-approve");
  expect(base.code, base.stderr).toBe(0);

  // The pull request's plan, saved for apply-on-merge.
  await file("workspaces.yaml", PR);
  const planned = await w.hgw("plan", "--out", "plan.json");
  expect(planned.code, planned.stderr).toBe(0);
  for (const a of ["allocation[client-b]", "member[client-b](new@client-b.example)", "subworkspace[client-c]", "allocation[client-c]", "asset_share[avatar:av_anna -> client-c]"]) {
    expect(planned.stdout).toContain(a);
  }

  // The account moves: seven kinds of activity, none of it at an address the plan changes.
  await w.events([
    ["use", "client-a", "--generative", "300"],
    ["use", "workspace", "--api", "100", "--avatar-slots", "1"],
    ["accept", "producer@acme.example"],
    ["request", "client-a", "stranger@elsewhere.example"],
    ["add-asset", "avatar", "av_new", "New presenter"],
    ["add-content", "video", "vd_new", "New video", "--workspace", "client-a"],
  ]);
  await file("dashboard.yaml", DASHBOARD);
  const dashboard = await w.hgw("apply", "dashboard.yaml", "--auto-approve");
  expect(dashboard.code, dashboard.stderr).toBe(0);

  const applied = await w.hgw("apply", "--plan", "plan.json", "--auto-approve");
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stderr).toMatch(/Applied 5 change\(s\)/);
  // What the plan does not change is left as the dashboard made it, and apply says that the
  // spec disagrees with the account elsewhere (intern@; the setting is one the spec leaves alone).
  expect(applied.stderr).toMatch(/differs from the spec at 1 address this plan does not change/);
  let acc = await w.account();
  expect(wsNamed(acc, "client-b")!.allocation!.seats).toBe(4);
  expect(wsNamed(acc, "client-c")).toBeDefined();
  expect(membersIn(acc, "client-b")).toEqual(["lead@client-b.example:developer", "new@client-b.example:creator"]);
  expect(membersIn(acc, "client-a")).toEqual(["intern@client-a.example:viewer", "reviewer@client-a.example:viewer"]);
  expect(wsNamed(acc, "client-a")!.settings.publicInviteLink).toBe(true);

  // The next pull request raises client-b to 5 seats; meanwhile the dashboard sets it to 6.
  await file("workspaces.yaml", PR.replace("allocation: { seats: 4, generativeCredits: 1000 }", "allocation: { seats: 5, generativeCredits: 1000 }").replace("{ email: new@client-b.example, role: creator }", "{ email: new@client-b.example, role: creator }\n      - { email: second@client-b.example, role: viewer }"));
  expect((await w.hgw("plan", "--out", "plan.json")).code).toBe(0);
  await file("dashboard.yaml", "version: 1\nworkspace:\n  name: Acme Agency\nsubWorkspaces:\n  - name: client-b\n    allocation: { seats: 6 }\n");
  expect((await w.hgw("apply", "dashboard.yaml", "--auto-approve")).code).toBe(0);
  const refused = await w.hgw("apply", "--plan", "plan.json", "--auto-approve");
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/error\[stale-plan\]: the account changed since this plan was made, at 1 of the 3 addresses the plan changes; nothing was applied/);
  expect(refused.stderr).toContain("allocation[client-b] changed since the plan was made");
  expect(refused.stderr).toContain("seats: planned 4 → 5, now 6 → 5");
  expect(refused.stderr).not.toMatch(/sha256:/);
  acc = await w.account();
  expect(wsNamed(acc, "client-b")!.allocation!.seats).toBe(6);
  expect(membersIn(acc, "client-b")).not.toContain("second@client-b.example:viewer");
}

describe("saved plans on a busy account", () => {
  it("on the sandbox", async () => {
    world = await sandboxWorld();
    await scenario(world);
  });

  it("on the emulator, over HTTP", async () => {
    world = await emulatorWorld();
    await scenario(world);
  });
});
