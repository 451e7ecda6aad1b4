// Blast-radius limits through the real CLI on a sandbox account: how much one plan may take
// away, per workspace (small workspaces included, as a count) and across the account
// (sub-workspaces deleted, members removed, shares revoked), each refusal located, with
// the flag and the value that would allow it.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHgw, tempDir } from "../helpers/cli.js";

const N = 30;
const names = Array.from({ length: N }, (_, i) => `c${String(i + 1).padStart(2, "0")}`);

let t: Awaited<ReturnType<typeof tempDir>>;
const env = (): Record<string, string> => ({ HGW_SANDBOX_DIR: join(t.dir, ".hgw") });
const hgw = (...args: string[]) => runHgw(args, { cwd: t.dir, env: env() });

/** A spec of the 30 sub-workspaces; `members(name)` lists each one's members. */
function spec(opts: { members?: (n: string) => string[]; shareTo?: string[]; policies?: string; workspaces?: string[] } = {}): string {
  const ws = opts.workspaces ?? names;
  const members = opts.members ?? ((n: string) => [`a@${n}.example`, `b@${n}.example`]);
  const lines = ["version: 1", "workspace:", "  name: Acme", "defaults:", "  billing: parent", "  allocation: { seats: 10 }"];
  if (opts.policies) lines.push("policies:", ...opts.policies.split("\n").map((l) => `  ${l}`));
  lines.push(ws.length ? "subWorkspaces:" : "subWorkspaces: []");
  for (const n of ws) {
    lines.push(`  - name: ${n}`, "    members:");
    for (const e of members(n)) lines.push(`      - { email: ${e}, role: creator }`);
  }
  const to = opts.shareTo ?? ws;
  if (to.length) lines.push("assetShares:", `  - { type: brand_kit, id: bk_acme, to: [${to.join(", ")}] }`);
  return `${lines.join("\n")}\n`;
}

async function planWith(yaml: string, ...flags: string[]) {
  const file = join(t.dir, "spec.yaml");
  await writeFile(file, yaml);
  return hgw("plan", "spec.yaml", "--format", "json", ...flags);
}

beforeAll(async () => {
  t = await tempDir("hgw-blast-");
  expect((await hgw("sandbox", "init", "--empty", "--seats", "1000")).code).toBe(0);
  expect((await hgw("sandbox", "add-asset", "brand_kit", "bk_acme", "Acme brand")).code).toBe(0);
  // Nine members in c01, two everywhere else, and the brand kit shared with all 30.
  const nine = Array.from({ length: 9 }, (_, i) => `p${i + 1}@c01.example`);
  await writeFile(join(t.dir, "spec.yaml"), spec({ members: (n) => (n === "c01" ? nine : [`a@${n}.example`, `b@${n}.example`]) }));
  const applied = await hgw("apply", "spec.yaml", "--auto-approve");
  expect(applied.code, applied.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await t.cleanup();
});

const nineThenTwo = (keep: (n: string) => string[]) => (n: string) => (n === "c01" ? keep(n) : [`a@${n}.example`, `b@${n}.example`]);
const firstNine = (k: number) => (): string[] => Array.from({ length: k }, (_, i) => `p${i + 1}@c01.example`);

describe("blast radius", () => {
  it("limits removals in a workspace of fewer than 10 members, as a count", async () => {
    // 5 of 9 at a share of 0.3: 3 is the most a small workspace may lose.
    const r = await planWith(spec({ members: nineThenTwo(firstNine(4)), policies: "maxMemberRemovalShare: 0.3" }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error[removal-threshold]: the plan would remove 5 of the 9 members of "c01" (56%), more than the 3 a workspace of fewer than 10 may lose at a share of 0.3',
    );
    expect(r.stderr).toContain("hint: if that is intended, raise the limit with --max-removal-share 0.5 or policies.maxMemberRemovalShare");
    expect(r.stderr).toMatch(/spec\.yaml:\d+:7: error\[removal-threshold\]/);
    // Three of nine is within it; the flag lets five go.
    expect((await planWith(spec({ members: nineThenTwo(firstNine(6)), policies: "maxMemberRemovalShare: 0.3" }))).code).toBe(0);
    const raised = await planWith(spec({ members: nineThenTwo(firstNine(4)), policies: "maxMemberRemovalShare: 0.3" }), "--max-removal-share", "0.5");
    expect(raised.code, raised.stderr).toBe(0);
  });

  it("limits sub-workspace deletions in one plan, even with --allow-delete", async () => {
    const r = await planWith(spec({ workspaces: [] }), "--allow-delete");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "spec.yaml:1:1: error[too-many-deletions]: the plan would delete 30 sub-workspaces, more than the 5 allowed in one plan (the default): subworkspace[c30], subworkspace[c29], subworkspace[c28] and 27 more",
    );
    expect(r.stderr).toContain("hint: if that is intended, allow it with --max-deletions 30, or apply it in smaller steps with --target");
    const ok = await planWith(spec({ workspaces: [] }), "--allow-delete", "--max-deletions", "30");
    expect(ok.code, ok.stderr).toBe(0);
    const plan = JSON.parse(ok.stdout) as { changes: { kind: string; action: string }[] };
    expect(plan.changes.filter((c) => c.kind === "subworkspace" && c.action === "delete")).toHaveLength(30);
    // A spec cannot raise it: an entry gone from the spec is no consent to delete it.
    const byPolicy = await planWith(spec({ workspaces: [], policies: "maxMemberRemovals: 100" }), "--allow-delete");
    expect(byPolicy.stderr).toContain("error[too-many-deletions]");
  });

  it("limits member removals across the account, each workspace within its own limit", async () => {
    // One member leaves each of the 30 workspaces: every workspace is fine, the account is not.
    const one = nineThenTwo(firstNine(8));
    const members = (n: string): string[] => (n === "c01" ? one(n) : [`a@${n}.example`]);
    const r = await planWith(spec({ members }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /spec\.yaml:\d+:7: error\[too-many-member-removals\]: the plan would remove 30 members \(invitations included\) across the account, more than the 25 allowed in one plan \(the default\)/,
    );
    expect(r.stderr).toContain("hint: if that is intended, allow it with --max-member-removals 30 (or policies.maxMemberRemovals: 30)");
    expect((await planWith(spec({ members }), "--max-member-removals", "30")).code).toBe(0);
    expect((await planWith(spec({ members, policies: "maxMemberRemovals: 30" }))).code).toBe(0);
    // A policy can lower it too, and the flag still decides.
    const lower = await planWith(spec({ members, policies: "maxMemberRemovals: 30" }), "--max-member-removals", "10");
    expect(lower.stderr).toContain("more than the 10 allowed in one plan (--max-member-removals 10)");
  });

  it("limits share revocations across the account", async () => {
    const r = await planWith(spec({ members: nineThenTwo(firstNine(9)), shareTo: ["c01"] }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/spec\.yaml:\d+:\d+: error\[too-many-share-revocations\]: the plan would revoke 29 shares/);
    expect(r.stderr).toContain("hint: if that is intended, allow it with --max-share-revocations 29 (or policies.maxShareRevocations: 29)");
    expect((await planWith(spec({ members: nineThenTwo(firstNine(9)), shareTo: ["c01"] }), "--max-share-revocations", "29")).code).toBe(0);
    // --target takes it in steps: what is not applied does not count.
    const step = await planWith(spec({ members: nineThenTwo(firstNine(9)), shareTo: ["c01"] }), "--target", "asset_share[brand_kit:bk_acme -> c02]");
    expect(step.code, step.stderr).toBe(0);
  });

  it("rejects a limit that is not a whole number", async () => {
    const r = await planWith(spec(), "--max-deletions", "-1");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--max-deletions takes a whole number of at least 0, not "-1"');
  });
});
