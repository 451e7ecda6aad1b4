// End to end through the real CLI on a temporary sandbox account: the flows a user and CI
// run, checked on the account after each step.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { hgwBin, repoRoot, runHgw, tempDir, type RunOptions } from "../helpers/cli.js";

// util-linux `script` gives the CLI a real pseudo-terminal, as a person's shell does.
const hasScript = spawnSync("script", ["--version"], { timeout: 5000 }).status === 0;

/** Runs hgw on a pseudo-terminal, typing `answer` once the confirmation prompt shows. */
function onTerminal(args: string[], answer: string, cwd: string, env: RunOptions["env"]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const cmd = [process.execPath, hgwBin, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
    const child = spawn("script", ["-qfec", cmd, "/dev/null"], { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    let answered = false;
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
      if (!answered && output.includes("Only 'yes' will be accepted")) {
        answered = true;
        child.stdin.write(`${answer}\n`);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

let dir = "";
let cleanup: () => Promise<void> = async () => {};
let env: RunOptions["env"] = {};

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  env = { HGW_SANDBOX_DIR: join(dir, ".hgw") };
});
afterEach(() => cleanup());

const hgw = (...args: string[]) => runHgw(args, { cwd: dir, env });

async function spec(name: string, yaml: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, yaml);
  return path;
}

interface Account {
  workspaces: { id: string; name: string; parentId: string | null }[];
  members: { workspaceId: string; email: string; role: string; status: string }[];
  joinRequests: { email: string }[];
}

async function account(): Promise<Account> {
  const r = await hgw("sandbox", "show", "--format", "json");
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Account;
}

function membersOf(acc: Account, name: string): string[] {
  const ws = acc.workspaces.find((w) => w.name === name);
  if (!ws) throw new Error(`no workspace ${name}`);
  return acc.members
    .filter((m) => m.workspaceId === ws.id)
    .map((m) => `${m.email}:${m.role}:${m.status}`)
    .sort();
}

const header = "# yaml-language-server: $schema=../schema/workspaces.schema.json\nversion: 1\n";

const small = `${header}workspace:
  name: Acme Agency
  members:
    - { email: ops@acme.example, role: super_admin }
    - { email: legacy@acme.example, role: creator }
subWorkspaces:
  - name: client-a
    allocation: { seats: 4, avatarSlots: 1, generativeCredits: 2000, apiCredits: 0 }
    settings: { joinPolicy: request, unlistedJoinRequests: deny }
    members:
      - { email: reviewer@client-a.example, role: viewer }
      - { email: Producer@Client-A.example, role: creator }
  - name: client-b
    allocation: { seats: 2 }
    members:
      - { email: lead@client-b.example, role: developer }
`;

describe("hgw plan / apply on the sandbox", () => {
  it("the README's main command works on the bundled workspaces.yaml", async () => {
    const r = await runHgw(["plan"], { cwd: repoRoot, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Plan: \d+ to create/);
  });

  it("plan -> apply -> plan is empty, with --detailed-exitcode 2 then 0", async () => {
    const file = await spec("workspaces.yaml", small);
    const first = await hgw("plan", file, "--detailed-exitcode");
    expect(first.code, first.stderr).toBe(2);
    expect(first.stdout).toContain("+ subworkspace[client-b]");
    expect(first.stdout).toContain("member[client-a](producer@client-a.example)");

    const applied = await hgw("apply", file, "--auto-approve");
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/Applied \d+ change\(s\) in/);
    expect(applied.stderr).not.toMatch(/failed/);

    const acc = await account();
    expect(membersOf(acc, "client-a")).toEqual([
      "producer@client-a.example:creator:invited",
      "reviewer@client-a.example:viewer:invited",
    ]);
    expect(membersOf(acc, "client-b")).toEqual(["lead@client-b.example:developer:invited"]);

    const again = await hgw("plan", file, "--detailed-exitcode");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain("No changes");

    // Applying twice changes nothing the second time.
    const twice = await hgw("apply", file, "--auto-approve");
    expect(twice.code).toBe(0);
    expect(await account()).toEqual(acc);
  });

  it("an invitation accepted mid-way is not drift", async () => {
    const file = await spec("workspaces.yaml", small);
    expect((await hgw("apply", file, "--auto-approve")).code).toBe(0);
    const accepted = await hgw("sandbox", "accept", "lead@client-b.example", "--workspace", "client-b");
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(membersOf(await account(), "client-b")).toEqual(["lead@client-b.example:developer:active"]);
    const plan = await hgw("plan", file, "--detailed-exitcode");
    expect(plan.code, plan.stdout).toBe(0);
    const drift = await hgw("drift", file);
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
  });

  it("approves a join request from a listed person and denies an unlisted one", async () => {
    const file = await spec("workspaces.yaml", small);
    expect((await hgw("apply", file, "--auto-approve")).code).toBe(0);
    expect((await hgw("sandbox", "request", "client-a", "writer@client-a.example")).code).toBe(0);
    expect((await hgw("sandbox", "request", "client-a", "stranger@elsewhere.example")).code).toBe(0);
    const withWriter = await spec(
      "workspaces.yaml",
      small.replace(
        "      - { email: reviewer@client-a.example, role: viewer }",
        "      - { email: reviewer@client-a.example, role: viewer }\n      - { email: writer@client-a.example, role: creator }",
      ),
    );
    const plan = await hgw("plan", withWriter);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/✓ join_request\[client-a\]\(writer@client-a\.example\)/);
    expect(plan.stdout).toMatch(/✗ join_request\[client-a\]\(stranger@elsewhere\.example\)/);
    expect(plan.stdout).toMatch(/Plan: 1 to approve, 1 to deny\./);
    expect((await hgw("apply", withWriter, "--auto-approve")).code).toBe(0);
    const acc = await account();
    expect(membersOf(acc, "client-a")).toContain("writer@client-a.example:creator:active");
    expect(acc.joinRequests).toEqual([]);
  });

  it("applies a saved plan after credits are used, and refuses it when what it changes was changed", async () => {
    const file = await spec("workspaces.yaml", small);
    const planFile = join(dir, "plan.json");
    const saved = await hgw("plan", file, "--out", planFile);
    expect(saved.code, saved.stderr).toBe(0);
    // Credits used in client-a touch nothing the plan reads or changes.
    expect((await hgw("sandbox", "use", "client-a", "--generative", "100")).code).toBe(0);
    // Someone invites producer@ to client-a as a viewer in the dashboard: the plan invites them as a creator.
    const dashboard = await spec("dashboard.yaml", `${header}workspace:\n  name: Acme Agency\nsubWorkspaces:\n  - name: client-a\n    memberOwnership: additive\n    members:\n      - { email: producer@client-a.example, role: viewer }\n`);
    expect((await hgw("apply", dashboard, "--auto-approve")).code).toBe(0);
    const stale = await hgw("apply", "--plan", planFile, "--auto-approve");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/changed since this plan was made/i);
    expect(stale.stderr).toContain("member[client-a](producer@client-a.example)");
    // Nothing half-applied.
    expect(membersOf(await account(), "client-a")).toEqual(["producer@client-a.example:viewer:invited", "reviewer@client-a.example:viewer:invited"]);

    const fresh = await hgw("plan", file, "--out", planFile);
    expect(fresh.code).toBe(0);
    const ok = await hgw("apply", "--plan", planFile, "--auto-approve", file);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it("refuses a saved plan for a different spec than the one given", async () => {
    const file = await spec("workspaces.yaml", small);
    const planFile = join(dir, "plan.json");
    expect((await hgw("plan", file, "--out", planFile)).code).toBe(0);
    const other = await spec("other.yaml", small.replace("seats: 2", "seats: 1"));
    const r = await hgw("apply", "--plan", planFile, "--auto-approve", other);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not the one this plan was made from/);
  });

  it("two concurrent applies do not interleave", async () => {
    const file = await spec("workspaces.yaml", small);
    const [a, b] = await Promise.all([
      hgw("apply", file, "--auto-approve", "--parallelism", "1"),
      hgw("apply", file, "--auto-approve", "--parallelism", "1"),
    ]);
    const outcomes = [a, b].map((r) =>
      r.code === 0 && /Applied [1-9]\d* change/.test(r.stderr)
        ? "applied"
        : r.code === 0 && (/No changes/.test(r.stderr) || /Applied 0 change/.test(r.stderr))
          ? "nothing to do"
          : r.code === 1 && /changed since/i.test(r.stderr)
            ? "refused stale"
            : `unexpected (${r.code}): ${r.stderr}`,
    );
    expect(outcomes.filter((o) => o === "applied")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "applied")[0]).toMatch(/^(nothing to do|refused stale)$/);
    const after = await hgw("plan", file, "--detailed-exitcode");
    expect(after.code, after.stdout).toBe(0);
  });

  it("at the seat limit, a swap plans removals before invitations", async () => {
    // 50 seats: ops + legacy + client-a's 3 allocated + 45 more people fill the account.
    const people = Array.from({ length: 45 }, (_, i) => `    - { email: p${i}@acme.example, role: creator }`);
    const full = `${header}workspace:
  members:
    - { email: ops@acme.example, role: super_admin }
    - { email: legacy@acme.example, role: creator }
${people.join("\n")}
`;
    const fullFile = await spec("full.yaml", full);
    const filled = await hgw("apply", fullFile, "--auto-approve");
    expect(filled.code, filled.stderr).toBe(0);
    // Swap legacy@ for newcomer@: only possible by removing first.
    const swapped = await spec("swap.yaml", full.replace("legacy@acme.example", "newcomer@acme.example"));
    const plan = await hgw("plan", swapped, "--format", "json");
    expect(plan.code, plan.stderr).toBe(0);
    const changes = (JSON.parse(plan.stdout) as { changes: { address: string; action: string; dependsOn: string[] }[] }).changes;
    const removal = changes.findIndex((c) => c.address === "member[workspace](legacy@acme.example)");
    const invite = changes.findIndex((c) => c.address === "member[workspace](newcomer@acme.example)");
    expect(removal).toBeGreaterThanOrEqual(0);
    expect(invite).toBeGreaterThan(removal);
    expect(changes[invite]!.dependsOn).toContain("member[workspace](legacy@acme.example)");
    const applied = await hgw("apply", swapped, "--auto-approve", "--parallelism", "16");
    expect(applied.code, applied.stderr).toBe(0);

    // One more person than seats: no order fits, and the error says by how much.
    const over = await spec("over.yaml", full.replace("    - { email: p0@", "    - { email: extra@acme.example, role: viewer }\n    - { email: p0@"));
    const refused = await hgw("plan", over);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/seat/i);
    expect(refused.stderr).toMatch(/by 1\b/);
  });

  it("deleting a sub-workspace that left the spec needs --allow-delete", async () => {
    const file = await spec("workspaces.yaml", small);
    expect((await hgw("apply", file, "--auto-approve")).code).toBe(0);
    const without = await spec("workspaces.yaml", small.replace(/  - name: client-b[\s\S]*$/, ""));
    const plan = await hgw("plan", without, "--detailed-exitcode");
    expect(plan.stdout).toMatch(/client-b/);
    expect(plan.stdout).toMatch(/--allow-delete/);
    expect(plan.stdout).not.toMatch(/- subworkspace\[client-b\]/);
    const kept = await hgw("apply", without, "--auto-approve");
    expect(kept.code).toBe(0);
    expect((await account()).workspaces.map((w) => w.name)).toContain("client-b");

    const del = await hgw("apply", without, "--auto-approve", "--allow-delete");
    expect(del.code, del.stderr).toBe(0);
    expect(del.stderr).toMatch(/- subworkspace\[client-b\]/);
    expect((await account()).workspaces.map((w) => w.name)).not.toContain("client-b");
  });

  it("export round-trips: a plan on the exported spec has no changes", async () => {
    const file = await spec("workspaces.yaml", small);
    expect((await hgw("apply", file, "--auto-approve")).code).toBe(0);
    const exported = join(dir, "exported.yaml");
    const ex = await hgw("export", "--out", exported);
    expect(ex.code, ex.stderr).toBe(0);
    expect(await readFile(exported, "utf8")).toMatch(/id: /);
    const plan = await hgw("plan", exported, "--detailed-exitcode");
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  it.runIf(hasScript)("on a terminal, apply asks first: 'yes' applies with a progress bar, anything else changes nothing", async () => {
    const file = await spec("workspaces.yaml", small);
    const before = await account();
    const no = await onTerminal(["apply", file], "no", dir, env);
    expect(no.code).toBe(1);
    expect(no.output).toMatch(/Apply cancelled; nothing was changed/);
    expect(await account()).toEqual(before);

    const yes = await onTerminal(["apply", file], "yes", dir, env);
    expect(yes.code, yes.output).toBe(0);
    expect(yes.output).toMatch(/\[[#-]{30}\] \d+\/\d+/);
    expect(yes.output).toMatch(/Applied \d+ change\(s\)/);
    expect((await hgw("plan", file, "--detailed-exitcode")).code).toBe(0);
  });

  it("without a terminal, apply refuses to run unapproved and changes nothing", async () => {
    const file = await spec("workspaces.yaml", small);
    const before = await account();
    const r = await hgw("apply", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--auto-approve/);
    expect(await account()).toEqual(before);
  });

  it("a new API key goes only to the file asked for, with mode 0600", async () => {
    const file = await spec("workspaces.yaml", small.replace("  - name: client-b\n", "  - name: client-b\n    apiAccess: true\n"));
    const noDest = await hgw("apply", file, "--auto-approve");
    expect(noDest.code).toBe(1);
    expect(noDest.stderr).toMatch(/--api-key-file/);
    const keys = join(dir, "keys.json");
    const r = await hgw("apply", file, "--auto-approve", "--api-key-file", keys);
    expect(r.code, r.stderr).toBe(0);
    const written = JSON.parse(await readFile(keys, "utf8")) as { apiKeys: { workspace: string; key: string }[] };
    expect(written.apiKeys.map((k) => k.workspace)).toEqual(["client-b"]);
    const key = written.apiKeys[0]!.key;
    expect(key.length).toBeGreaterThan(16);
    expect((await stat(keys)).mode & 0o777).toBe(0o600);
    expect(r.stdout + r.stderr).not.toContain(key);
    const sandboxFile = await readFile(join(dir, ".hgw", "account.json"), "utf8");
    expect(sandboxFile).not.toContain(key);
  });

  it("--show-api-keys prints each new key as one JSON line, and the account counts it delivered", async () => {
    const file = await spec("workspaces.yaml", small.replace("  - name: client-b\n", "  - name: client-b\n    apiAccess: true\n"));
    const r = await hgw("apply", file, "--auto-approve", "--show-api-keys");
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("{"));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ workspace: "client-b", key: expect.stringMatching(/^hgw_sk_/) });
    const again = await hgw("plan", file, "--detailed-exitcode");
    expect(again.code, again.stdout).toBe(0);
  });

  it("a file that is not a key file is never overwritten, a missing folder is found first, and nothing is applied", async () => {
    const file = await spec("workspaces.yaml", small.replace("  - name: client-b\n", "  - name: client-b\n    apiAccess: true\n"));
    const keys = join(dir, "keys.json");
    await writeFile(keys, "TOKEN=abc123-notes\n");
    const before = await account();
    const r = await hgw("apply", file, "--auto-approve", "--api-key-file", keys);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error[api-key-file-exists]: cannot write new API keys to ${keys}: it exists and is not an API key file that hgw wrote; nothing was applied`);
    expect(r.stderr).not.toContain("abc123-notes");
    expect(await readFile(keys, "utf8")).toBe("TOKEN=abc123-notes\n");
    const missing = await hgw("apply", file, "--auto-approve", "--api-key-file", join(dir, "no-such-folder", "keys.json"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`error[api-key-file-folder]: cannot write new API keys to ${join(dir, "no-such-folder", "keys.json")}: its folder ${join(dir, "no-such-folder")} does not exist; nothing was applied`);
    expect(missing.stderr).not.toMatch(/internal error/);
    expect(await account()).toEqual(before);
  });

  it("an expired invitation is re-sent, and one pending for long is flagged", async () => {
    const file = await spec("workspaces.yaml", small);
    expect((await hgw("apply", file, "--auto-approve")).code).toBe(0);
    expect((await hgw("sandbox", "expire", "lead@client-b.example", "--workspace", "client-b")).code).toBe(0);
    const plan = await hgw("plan", file, "--format", "json");
    expect(plan.code, plan.stderr).toBe(0);
    const changes = (JSON.parse(plan.stdout) as { changes: { address: string; action: string; reason: string }[] }).changes;
    expect(changes).toEqual([
      expect.objectContaining({ address: "member[client-b](lead@client-b.example)", action: "replace", reason: expect.stringMatching(/expired/) }),
    ]);
    const drift = await hgw("drift", file);
    expect(drift.code, drift.stdout).toBe(0);
    expect(drift.stdout).toMatch(/expected/i);
    expect((await hgw("apply", file, "--auto-approve")).code).toBe(0);
    expect(membersOf(await account(), "client-b")).toEqual(["lead@client-b.example:developer:invited"]);
  });

  it("drift: a member added outside the spec is unauthorized (exit 2); JSON says which", async () => {
    const file = await spec("workspaces.yaml", small);
    expect((await hgw("apply", file, "--auto-approve")).code).toBe(0);
    // Someone adds a member in the dashboard: played here by applying another spec.
    const dashboard = await spec("dashboard.yaml", small.replace("      - { email: lead@client-b.example, role: developer }", "      - { email: lead@client-b.example, role: developer }\n      - { email: intruder@client-b.example, role: super_admin }"));
    expect((await hgw("apply", dashboard, "--auto-approve")).code).toBe(0);
    const text = await hgw("drift", file);
    expect(text.code, text.stderr).toBe(2);
    expect(text.stdout).toMatch(/member\[client-b\]\(intruder@client-b\.example\)/);
    const json = await hgw("drift", file, "--format", "json");
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { unauthorized: number; items: { address: string; kind: string }[] };
    expect(report.unauthorized).toBe(1);
    expect(report.items).toEqual([expect.objectContaining({ address: "member[client-b](intruder@client-b.example)", kind: "unauthorized" })]);
    const md = await hgw("drift", file, "--format", "markdown");
    expect(md.code).toBe(2);
    expect(md.stdout).toMatch(/unauthorized/i);
  });

  it("refuses to remove more than the allowed share of a workspace's members unless raised", async () => {
    const many = Array.from({ length: 12 }, (_, i) => `      - { email: m${i}@client-b.example, role: viewer }`).join("\n");
    const big = small.replace("allocation: { seats: 2 }", "allocation: { seats: 14 }").replace("      - { email: lead@client-b.example, role: developer }", `      - { email: lead@client-b.example, role: developer }\n${many}`);
    const file = await spec("workspaces.yaml", big);
    expect((await hgw("apply", file, "--auto-approve")).code).toBe(0);
    const trimmed = await spec("workspaces.yaml", small.replace("allocation: { seats: 2 }", "allocation: { seats: 14 }"));
    const refused = await hgw("plan", trimmed);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/remove 12 of the 13 members of "client-b"/);
    expect(refused.stderr).toMatch(/--max-removal-share/);
    expect(refused.stderr).toMatch(/workspaces\.yaml:\d+:\d+/);
    const raised = await hgw("apply", trimmed, "--auto-approve", "--max-removal-share", "1");
    expect(raised.code, raised.stderr).toBe(0);
    expect(membersOf(await account(), "client-b")).toEqual(["lead@client-b.example:developer:invited"]);
  });

  it("--target plans only the named sub-workspace and what it needs", async () => {
    const file = await spec("workspaces.yaml", small);
    const r = await hgw("plan", file, "--target", "subworkspace[client-b]", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    const addresses = (JSON.parse(r.stdout) as { changes: { address: string }[] }).changes.map((c) => c.address);
    expect(addresses).toEqual(["subworkspace[client-b]", "allocation[client-b]", "member[client-b](lead@client-b.example)"]);
  });

  it("a saved plan is JSON that validates, and a damaged one is refused", async () => {
    const file = await spec("workspaces.yaml", small);
    const planFile = join(dir, "plan.json");
    expect((await hgw("plan", file, "--out", planFile)).code).toBe(0);
    const saved = JSON.parse(await readFile(planFile, "utf8")) as { formatVersion: number; changes: unknown[] };
    expect(saved.formatVersion).toBe(2);
    await writeFile(planFile, JSON.stringify({ ...saved, formatVersion: 99 }));
    const r = await hgw("apply", "--plan", planFile, "--auto-approve");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/format version 99/);
    // A plan of the previous format is refused clearly, before anything is read.
    await writeFile(planFile, JSON.stringify({ ...saved, formatVersion: 1 }));
    const old = await hgw("apply", "--plan", planFile, "--auto-approve");
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/plan format version 1 is not supported \(this hgw reads 2\); nothing was applied/);
    expect(old.stderr).toMatch(/older hgw/);
  });

  it("an invalid spec fails plan with file:line:col and prints nothing on stdout", async () => {
    const file = await spec("workspaces.yaml", small.replace("role: viewer", "role: watcher"));
    const r = await hgw("plan", file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/workspaces\.yaml:\d+:\d+/);
  });
});
