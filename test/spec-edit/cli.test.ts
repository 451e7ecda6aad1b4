// `hgw member add|remove|import` and `hgw fmt` through the real CLI, on copies of the
// repository's specs in a temporary directory, against the embedded sandbox: golden outputs
// (text, JSON, the --dry-run diff, errors), then `hgw plan` showing the effect. And the round
// trip on the README's spec, workspaces.yaml, every example and a split spec: edit -> `hgw
// fmt --check` passes -> comments and the lines the edit is not about are byte for byte
// what they were. UPDATE_GOLDEN=1 rewrites the goldens.

import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { diffArrays } from "diff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot, runHgw, tempDir, type RunResult } from "../helpers/cli.js";
import { readmeSpec } from "./readme-spec.js";

const update = process.env.UPDATE_GOLDEN === "1";
const goldenDir = join(repoRoot, "test", "fixtures", "spec-edit");

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (update) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(existsSync(file), `missing golden ${file} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual, `${file} differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, "utf8"));
}

let tmp: { dir: string; cleanup: () => Promise<void> };
let n = 0;
beforeAll(async () => {
  tmp = await tempDir("hgw-spec-edit-cli-");
});
afterAll(() => tmp?.cleanup());

const repoFile = (p: string): string => readFileSync(join(repoRoot, p), "utf8");

/** A directory of its own holding these files (and, later, its sandbox account in .hgw/). */
function workdir(files: Record<string, string>): string {
  const dir = join(tmp.dir, String(n++));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const hgw = (dir: string, ...args: string[]): Promise<RunResult> =>
  runHgw(args, { cwd: dir, env: { HGW_SANDBOX_DIR: join(dir, ".hgw"), HGW_PROVIDER: undefined, HEYGEN_API_URL: undefined, HEYGEN_API_KEY: undefined } });

const read = (dir: string, name = "workspaces.yaml"): string => readFileSync(join(dir, name), "utf8");

/** Lines on their own that are comments, in order. */
const ownComments = (t: string): string[] => t.split("\n").filter((l) => l.trimStart().startsWith("#"));

describe("hgw member add", () => {
  it("adds someone to two workspaces and says where; the file stays canonical and `hgw plan` invites them", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml") });
    const r = await hgw(dir, "member", "add", "new@client-a.example", "--role", "creator", "--to", "client-a", "client-b");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    golden("add.txt", r.stdout);
    const fmt = await hgw(dir, "fmt", "--check");
    expect([fmt.code, fmt.stdout, fmt.stderr]).toEqual([0, "", ""]);
    const plan = await hgw(dir, "plan");
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("+ member[client-a](new@client-a.example) — listed in the spec as creator, not in the account; invite\n      # workspaces.yaml:41:9");
    expect(plan.stdout).toContain("+ member[client-b](new@client-a.example) — listed in the spec as creator, not in the account; invite\n      # workspaces.yaml:54:9");
  });

  it("--format json", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml") });
    const r = await hgw(dir, "member", "add", "new@client-a.example", "--role", "creator", "--to", "client-a", "client-b", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    golden("add.json", r.stdout);
    expect(JSON.parse(r.stdout)).toMatchObject({ formatVersion: 1, written: true, files: ["workspaces.yaml"], changes: [{ action: "add", line: 41 }, { action: "add", line: 54 }] });
  });

  it("--dry-run prints a unified diff that `git apply` takes, and writes nothing", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml") });
    const r = await hgw(dir, "member", "add", "new@client-a.example", "--role", "creator", "--to", "client-a", "client-b", "--dry-run");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("Dry run: nothing was written.\n");
    golden("add.diff", r.stdout);
    expect(read(dir)).toBe(repoFile("workspaces.yaml"));
    // The same change as a real run makes.
    const applied = workdir({ "workspaces.yaml": repoFile("workspaces.yaml") });
    await hgw(applied, "member", "add", "new@client-a.example", "--role", "creator", "--to", "client-a", "client-b");
    writeFileSync(join(dir, "change.patch"), r.stdout);
    const { runProcess } = await import("../helpers/cli.js");
    const git = await runProcess("git", ["apply", "change.patch"], { cwd: dir });
    expect(git.code, git.stderr).toBe(0);
    expect(read(dir)).toBe(read(applied));
  });

  it("changes the role of someone already listed: an update, printed as one", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml") });
    const r = await hgw(dir, "member", "add", "Producer@acme.example", "--role", "developer", "--to", "workspace", "client-a");
    expect(r.code, r.stderr).toBe(0);
    golden("update.txt", r.stdout);
    const plan = await hgw(dir, "plan");
    expect(plan.stdout).toContain("+ member[workspace](producer@acme.example) — listed in the spec as developer");
  });

  it("refuses an unknown workspace with the nearest name, and a change that would make the spec invalid, writing nothing", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml") });
    const unknown = await hgw(dir, "member", "add", "new@client-a.example", "--role", "creator", "--to", "clientb");
    expect(unknown.code).toBe(1);
    golden("add-unknown-workspace.txt", unknown.stderr);
    const over = await hgw(dir, "member", "add", "two@acme.example", "--role", "developer", "--to", "integrations");
    expect(over.code, over.stderr).toBe(0);
    const invalid = await hgw(dir, "member", "add", "three@acme.example", "--role", "developer", "--to", "integrations");
    expect(invalid.code).toBe(1);
    golden("add-over-allocation.txt", invalid.stderr);
    expect(invalid.stdout).toBe("");
    expect(read(dir)).not.toContain("three@acme.example");
  });
});

describe("hgw member remove", () => {
  it("takes someone out of every workspace and content share; `hgw plan` removes them from the account", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml") });
    const before = await hgw(dir, "plan");
    expect(before.stdout).not.toContain("member[client-a](reviewer@client-a.example)");
    const r = await hgw(dir, "member", "remove", "reviewer@client-a.example");
    expect(r.code, r.stderr).toBe(0);
    golden("remove.txt", r.stdout);
    const plan = await hgw(dir, "plan");
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("- member[client-a](reviewer@client-a.example) — invitation pending for someone the spec does not list; revoke it (members are authoritative)");
  });

  it("offboarding across workspaces and content, --format json", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml") });
    const r = await hgw(dir, "member", "remove", "DEV@acme.example", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    golden("remove.json", r.stdout);
    expect(read(dir)).not.toMatch(/dev@acme\.example/i);
  });

  it("says so when nobody has that email, with the nearest one", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml") });
    const r = await hgw(dir, "member", "remove", "reviewer@client-a.exmple");
    expect(r.code).toBe(1);
    golden("remove-not-found.txt", r.stderr);
  });
});

describe("hgw member import", () => {
  const people = ["email,role,workspace,name", "anna@client-a.example,creator,client-a,Anna", '"ben@client-b.example",viewer,"client-b; client-a",Ben', "ops2@acme.example,super_admin,workspace,Ops"].join("\r\n");

  it("onboards everyone in a CSV in one edit", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml"), "people.csv": people });
    const r = await hgw(dir, "member", "import", "people.csv");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('people.csv: ignoring the column "name" (hgw reads email, role and workspace)\n');
    golden("import.txt", r.stdout);
    expect((await hgw(dir, "fmt", "--check")).code).toBe(0);
    const plan = await hgw(dir, "plan");
    for (const a of ["member[client-a](anna@client-a.example)", "member[client-b](ben@client-b.example)", "member[client-a](ben@client-b.example)", "member[workspace](ops2@acme.example)"]) {
      expect(plan.stdout).toContain(`+ ${a}`);
    }
  });

  it("reports every bad row with people.csv:LINE:COL and writes nothing", async () => {
    const bad = ["email,role,workspace", "anna@client-a.example,creator,client-a", "not-an-email,viewer,client-a", "ben@client-b.example,reviewer,client-b", "cy@client-b.example,viewer,client-c", 'dee@client-b.example,viewer,"client-b;integratons"'].join("\n");
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml"), "people.csv": bad });
    const r = await hgw(dir, "member", "import", "people.csv");
    expect(r.code).toBe(1);
    golden("import-errors.txt", r.stderr);
    expect(read(dir)).toBe(repoFile("workspaces.yaml"));
  });

  it("blames the row whose person would break a rule of the spec", async () => {
    const full = ["email,role,workspace", "c1@client-b.example,viewer,client-b", "c2@client-b.example,viewer,client-b"].join("\n");
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml"), "people.csv": full });
    const r = await hgw(dir, "member", "import", "people.csv");
    expect(r.code).toBe(1);
    golden("import-over-allocation.txt", r.stderr);
  });
});

describe("hgw fmt", () => {
  // A spec as someone might write it: 4-space indentation, lists not indented under their
  // key, keys in their own order, flow collections without spaces, blank lines doubled.
  const messy = [
    "# Acme's workspaces",
    "workspace:",
    "    name: Acme Agency",
    "    members:",
    "    - role: super_admin",
    "      email: ops@acme.example    # the lead",
    "    -   email: producer@acme.example",
    "        role: creator",
    "version: 1",
    "",
    "",
    "subWorkspaces:",
    "-   name: client-a",
    "    members: [{role: viewer,email: reviewer@client-a.example}]",
    "    allocation: {generativeCredits: 5000,   seats: 5}",
    "assetShares:",
    "  - {to: [ client-a ], type: brand_kit, id: bk_acme}   ",
    "",
  ].join("\n");

  it("--check lists the files not in canonical form and exits 1; --diff shows why; fmt fixes them", async () => {
    const dir = workdir({ "workspaces.yaml": messy });
    const check = await hgw(dir, "fmt", "--check");
    expect([check.code, check.stderr]).toEqual([1, ""]);
    golden("fmt-check.txt", check.stdout);
    const diff = await hgw(dir, "fmt", "--diff");
    expect(diff.code, diff.stderr).toBe(0);
    golden("fmt.diff", diff.stdout);
    expect(read(dir)).toBe(messy);
    const fmt = await hgw(dir, "fmt");
    expect([fmt.code, fmt.stdout, fmt.stderr]).toEqual([0, "workspaces.yaml\n", ""]);
    golden("fmt.yaml", read(dir));
    expect(parse(read(dir))).toEqual(parse(messy));
    expect((await hgw(dir, "fmt", "--check")).code).toBe(0);
    expect((await hgw(dir, "fmt")).stdout).toBe("");
  });

  it("formats every file of a split spec, and names a YAML error's place without writing anything", async () => {
    const dir = workdir({
      "workspaces.yaml": "version: 1\ninclude: [clients/*.yaml]\nworkspace:\n    name: Acme\n",
      "clients/a.yaml": "subWorkspaces:\n- name: a\n",
      "clients/b.yaml": "subWorkspaces:\n  - name: b\n    name: again\n",
    });
    const r = await hgw(dir, "fmt");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("clients/b.yaml:3:5: error[duplicate-key]: Map keys must be unique");
    expect(r.stderr).toContain("Nothing was written.");
    expect(read(dir)).toBe("version: 1\ninclude: [clients/*.yaml]\nworkspace:\n    name: Acme\n");
    writeFileSync(join(dir, "clients/b.yaml"), "subWorkspaces:\n  - name: b\n");
    const ok = await hgw(dir, "fmt", "--check");
    expect([ok.code, ok.stdout]).toEqual([1, "workspaces.yaml\nclients/a.yaml\n"]);
  });
});

// ------------------------------------------------------------------ the round trip

interface RoundTrip {
  name: string;
  files: Record<string, string>;
  /** the spec as given to hgw (default workspaces.yaml) */
  spec?: string[];
  add: { email: string; role: string; to: string[] };
  remove: string;
}

const split: Record<string, string> = {
  "workspaces.yaml": [
    "# Acme's account; clients live in clients/, one file each.",
    "version: 1",
    'include: ["clients/*.yaml"]',
    "",
    "workspace:",
    "  name: Acme Agency",
    "  members:",
    "    - { email: ops@acme.example, role: super_admin }",
    "    - { email: editor@acme.example, role: creator }   # also on loan to clients",
    "",
    "defaults:",
    "  billing: parent",
    "  members:",
    "    - { email: ops@acme.example, role: super_admin }",
    "",
  ].join("\n"),
  "clients/globex.yaml": [
    "# Globex: signed in March.",
    "subWorkspaces:",
    "  - name: globex",
    "    allocation: { seats: 4, generativeCredits: 2000 }",
    "    members:",
    "      - { email: editor@acme.example, role: creator }",
    "      - { email: lead@globex.example, role: viewer }",
    "",
  ].join("\n"),
  "clients/initech.yaml": [
    "subWorkspaces:",
    "  - name: initech",
    "    allocation:",
    "      seats: 3",
    "    # Initech's own people are added by their admin",
    "contentShares:",
    "  - type: folder",
    "    id: fd_campaigns",
    "    generalAccess: selected",
    "    users:",
    "      - email: ops@acme.example",
    "        access: edit",
    "      - email: editor@acme.example   # reviews the cuts",
    "        access: view",
    "",
  ].join("\n"),
};

const flowSpec = [
  "# Acme, written in flow style.",
  "version: 1",
  "workspace: { name: Acme Agency, members: [{ email: ops@acme.example, role: super_admin }, { email: editor@acme.example, role: creator }] }",
  "subWorkspaces:",
  "  - { name: client-a, allocation: { seats: 3 }, members: [{ email: editor@acme.example, role: creator }, { email: r@client-a.example, role: viewer }] }   # the first client",
  "  # client-b's people are added by their admin",
  "  - { name: client-b, allocation: { seats: 2 } }",
  "contentShares:",
  "  - { type: folder, id: fd_campaigns, generalAccess: selected, users: [{ email: ops@acme.example, access: edit }, { email: editor@acme.example, access: view }] }",
  "",
].join("\n");

/** A line of flow collections without a person's entries (and the list that only they were in). */
function withoutPerson(line: string, email: string): string {
  const entry = new RegExp(`\\{ email: ${email.replace(/[.]/g, "\\.")}, (role|access): \\w+ \\}(, )?`, "gi");
  return line.replace(entry, "").replace(/, \]/g, "]").replace(/, (members|users): \[\]/g, "");
}

const ROUND_TRIPS: RoundTrip[] = [
  { name: "the README's spec", files: { "workspaces.yaml": readmeSpec() }, add: { email: "new@client-a.example", role: "creator", to: ["client-a"] }, remove: "producer@acme.example" },
  { name: "workspaces.yaml", files: { "workspaces.yaml": repoFile("workspaces.yaml") }, add: { email: "new@client-a.example", role: "creator", to: ["client-a", "workspace"] }, remove: "dev@acme.example" },
  { name: "examples/agency.yaml", files: { "workspaces.yaml": repoFile("examples/agency.yaml") }, add: { email: "new@client-a.example", role: "viewer", to: ["client-a"] }, remove: "editor@acme.example" },
  { name: "examples/enterprise.yaml", files: { "workspaces.yaml": repoFile("examples/enterprise.yaml") }, add: { email: "new@acme.example", role: "creator", to: ["hr-training"] }, remove: "sales-ops@acme.example" },
  { name: "examples/nested-own-billing.yaml", files: { "workspaces.yaml": repoFile("examples/nested-own-billing.yaml") }, add: { email: "new@emea-partner.example", role: "creator", to: ["emea-partner/emea-south"] }, remove: "finance@emea-partner.example" },
  { name: "a spec in flow style", files: { "workspaces.yaml": flowSpec }, add: { email: "pm@acme.example", role: "creator", to: ["client-b", "client-a"] }, remove: "editor@acme.example" },
  { name: "a split spec", files: split, add: { email: "pm@initech.example", role: "creator", to: ["initech", "globex"] }, remove: "editor@acme.example" },
];

describe("the round trip: edit -> hgw fmt --check passes -> comments and other lines unchanged", () => {
  it.each(ROUND_TRIPS)("$name", async ({ files, add, remove }) => {
    const dir = workdir(files);
    const texts = (): Record<string, string> => Object.fromEntries(Object.keys(files).map((f) => [f, read(dir, f)]));
    const check = async (before: Record<string, string>, about: string): Promise<void> => {
      const fmt = await hgw(dir, "fmt", "--check");
      expect([fmt.code, fmt.stdout, fmt.stderr]).toEqual([0, "", ""]);
      const after = texts();
      for (const f of Object.keys(files)) {
        expect(ownComments(after[f]!), f).toEqual(ownComments(before[f]!));
        // Lines that changed are the edited person's (entries, roles), or a list's key line; a
        // line of flow collections that changed is the same line without the person's entries.
        const parts = diffArrays(before[f]!.split("\n"), after[f]!.split("\n"));
        parts.forEach((p, i) => {
          if (!p.added && !p.removed) return;
          const other = p.removed ? parts[i + 1] : parts[i - 1];
          const counterpart = other && (p.removed ? other.added : other.removed) && other.value.length === p.value.length ? other.value : undefined;
          p.value.forEach((l, j) => {
            const same = counterpart !== undefined && withoutPerson(l, about) === withoutPerson(counterpart[j]!, about);
            expect(same || l.toLowerCase().includes(about) || /^\s*(role|access): /.test(l) || /^\s*(members|users):( \[\])?$/.test(l) || /^\s*#/.test(l), `${f}: ${p.added ? "+" : "-"}${l}`).toBe(true);
          });
        });
      }
      expect((await hgw(dir, "validate")).code).toBe(0);
    };

    const original = texts();
    const planBefore = await hgw(dir, "plan");
    expect(planBefore.code, planBefore.stderr).toBe(0);

    const added = await hgw(dir, "member", "add", add.email, "--role", add.role, "--to", ...add.to);
    expect(added.code, added.stderr).toBe(0);
    await check(original, add.email);
    const planAdded = await hgw(dir, "plan");
    expect(planAdded.code, planAdded.stderr).toBe(0);
    for (const ws of add.to) expect(planAdded.stdout).toContain(`+ member[${ws}](${add.email}) — listed in the spec as ${add.role}`);

    const withAdd = texts();
    const removed = await hgw(dir, "member", "remove", remove);
    expect(removed.code, removed.stderr).toBe(0);
    await check(withAdd, remove);
    const planRemoved = await hgw(dir, "plan");
    expect(planRemoved.code, planRemoved.stderr).toBe(0);
    // Not invited any more, and taken out where the account has them.
    expect(planRemoved.stdout).not.toMatch(new RegExp(`\\+ \\S+\\(${remove.replace(/[.]/g, "\\.")}\\)`));
  });
});

// ------------------------------------------------------------------ hostile input

describe("hostile input: a located error, exit 1, nothing written", () => {
  it("imports a CSV with a byte-order mark, CRLF, a quoted comma and a quoted `;` list; and one saved as UTF-16", async () => {
    const csv = '\ufeffEmail,Note,Role,Workspace\r\nanna@client-a.example,"likes commas, a lot",creator,"client-a;client-b"\r\n';
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml"), "people.csv": csv });
    writeFileSync(join(dir, "utf16.csv"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("email,role,workspace\r\nben@client-b.example,viewer,client-a\r\n", "utf16le")]));
    const r = await hgw(dir, "member", "import", "people.csv");
    expect([r.code, r.stderr]).toEqual([0, 'people.csv: ignoring the column "Note" (hgw reads email, role and workspace)\n']);
    expect(r.stdout).toContain("Wrote workspaces.yaml (2 added).");
    const u = await hgw(dir, "member", "import", "utf16.csv");
    expect([u.code, u.stderr]).toEqual([0, ""]);
    expect((await hgw(dir, "fmt", "--check")).code).toBe(0);
    const plan = await hgw(dir, "plan");
    for (const a of ["member[client-a](anna@client-a.example)", "member[client-b](anna@client-a.example)", "member[client-a](ben@client-b.example)"]) expect(plan.stdout).toContain(`+ ${a}`);
  });

  it("a CSV that is not UTF-8 (saved as Latin-1)", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml") });
    writeFileSync(join(dir, "people.csv"), Buffer.from("email,role,workspace\nJos\xe9@acme.example,viewer,client-a\n", "latin1"));
    const r = await hgw(dir, "member", "import", "people.csv");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^people\.csv:2:4: error\[csv-encoding\]: people\.csv is not UTF-8 text\n/);
    expect(r.stderr).toContain("Nothing was written");
    expect(read(dir)).toBe(repoFile("workspaces.yaml"));
  });

  it("an entry the spec's rules refuse, added from the command line, is blamed on its list in the file as it is", async () => {
    const dir = workdir({ "workspaces.yaml": readmeSpec() });
    const r = await hgw(dir, "member", "add", "x@other.example", "--role", "viewer", "--to", "client-a");
    expect(r.code).toBe(1);
    const lines = readmeSpec().split("\n");
    const line = lines.indexOf("    members:", lines.indexOf("  - name: client-a")) + 1;
    expect(line).toBeGreaterThan(0);
    expect(r.stderr).toContain(`workspaces.yaml:${line}:5: error[email-domain-not-allowed]: x@other.example (client-a) is outside policies.allowedEmailDomains\n${line} |     members:\n`);
    expect(read(dir)).toBe(readmeSpec());
  });

  it("a spec with a byte-order mark and CRLF: an edit keeps both, and its undoing gives back the same bytes", async () => {
    const crlf = `\ufeff${readmeSpec().replace(/\n/g, "\r\n")}`;
    const dir = workdir({ "workspaces.yaml": crlf });
    const add = await hgw(dir, "member", "add", "new@client-a.example", "--role", "creator", "--to", "client-a");
    expect(add.code, add.stderr).toBe(0);
    const edited = read(dir);
    expect(edited.startsWith("\ufeff")).toBe(true);
    expect(edited.replace(/\r\n/g, "")).not.toContain("\n");
    expect(edited).toContain("      - { email: new@client-a.example, role: creator }\r\n");
    const undo = await hgw(dir, "member", "remove", "new@client-a.example");
    expect(undo.code, undo.stderr).toBe(0);
    expect(read(dir)).toBe(crlf);
  });

  it("a read-only spec file is not replaced, by member or fmt", async () => {
    const dir = workdir({ "workspaces.yaml": repoFile("workspaces.yaml").replace("version: 1\n", "version: 1\n\n\n") });
    const before = read(dir);
    chmodSync(join(dir, "workspaces.yaml"), 0o444);
    const add = await hgw(dir, "member", "add", "new@client-a.example", "--role", "creator", "--to", "client-a");
    expect([add.code, add.stdout]).toEqual([1, ""]);
    expect(add.stderr).toContain("error[not-writable]: workspaces.yaml is read-only; nothing was written\n");
    const fmt = await hgw(dir, "fmt");
    expect([fmt.code, fmt.stdout]).toEqual([1, ""]);
    expect(fmt.stderr).toContain("error[not-writable]: workspaces.yaml is read-only; nothing was written\n");
    expect(read(dir)).toBe(before);
    expect(statSync(join(dir, "workspaces.yaml")).mode & 0o777).toBe(0o444);
  });
});
