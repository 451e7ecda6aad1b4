// Unit tests of the loader: values and positions, the fast reader against `yaml`, includes,
// defaults, and the object form used by Pulumi.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadSpec, loadSpecObject } from "../../src/spec/index.js";
import { fastParse as fastParseWith } from "../../src/spec/fast-yaml.js";
import { SPEC_LIMITS } from "../../src/spec/limits.js";
import { readWithYaml } from "../../src/spec/yaml-doc.js";
import { Locator } from "../../src/spec/positions.js";
import { repoRoot, tempDir } from "../helpers/cli.js";
import { generateSpec } from "../../bench/gen-spec.mjs";

async function inTemp(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const t = await tempDir();
  try {
    for (const [p, text] of Object.entries(files)) {
      await mkdir(join(t.dir, p, ".."), { recursive: true });
      await writeFile(join(t.dir, p), text);
    }
    await fn(t.dir);
  } finally {
    await t.cleanup();
  }
}

/** The fast reader as the loader runs it: the value, or undefined when it leaves the text to `yaml`. */
function fastParse(text: string, file: string, loc = new Locator(new Map())): { value: unknown } | undefined {
  const r = fastParseWith(text, file, { maxDepth: SPEC_LIMITS.depth, store: loc.store });
  return r.ok ? { value: r.value } : undefined;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

describe("fast reader", () => {
  const files = [
    join(repoRoot, "workspaces.yaml"),
    ...yamlFiles(join(repoRoot, "examples")),
    ...yamlFiles(join(repoRoot, "test", "fixtures")),
  ];

  it.each(files.map((f) => [f.slice(repoRoot.length), f]))("reads %s as `yaml` does, or defers to it", (_, file) => {
    const text = readFileSync(file, "utf8");
    const fast = fastParse(text, "f");
    let expected: unknown;
    try {
      expected = parse(text, { uniqueKeys: true });
    } catch {
      expect(fast).toBeUndefined();
      return;
    }
    if (fast) expect(fast.value).toEqual(expected);
  });

  it("reads the examples without falling back", () => {
    for (const f of files.filter((x) => /\/examples\/[^/]+\.yaml$/.test(x) || x === join(repoRoot, "workspaces.yaml"))) {
      expect(fastParse(readFileSync(f, "utf8"), "f"), f).toBeDefined();
    }
  });

  it.each([
    ["scalars", "a: 1\nb: -2\nc: 0x1f\nd: 1.5\ne: true\nf: ~\ng: null\nh: 'it''s'\ni: \"q\"\nj: plain text # c\nk:\nl: .inf\nm: 2e3\n"],
    ["flow", "a: [1, two, 'three', \"4\"]\nb: { env: X, y: 2 }\nc: []\nd: {}\n"],
    ["nested", "a:\n- b: 1\n  c:\n    - d\n    -\n    - - e\n      - f\n"],
    ["document marker", "--- # doc\na: 1\n"],
    ["crlf", "a: 1\r\nb:\r\n  - x\r\n"],
    ["urls and colons", "a: http://x.example/a:b\nb: a:b\n"],
  ])("matches yaml on %s", (_, text) => {
    const fast = fastParse(text, "f");
    expect(fast).toBeDefined();
    expect(fast?.value).toEqual(parse(text));
  });

  it.each([
    ["anchors", "a: &x 1\nb: *x\n"],
    ["block scalar", "a: |\n  x\n"],
    ["multi-line plain", "a: one\n  two\n"],
    ["escapes", 'a: "x\\ty"\n'],
    ["duplicate key", "a: 1\na: 2\n"],
    ["tag", "a: !!str 1\n"],
    ["merge key", "a:\n  <<: {b: 1}\n"],
  ])("defers %s to yaml", (_, text) => {
    expect(fastParse(text, "f")).toBeUndefined();
  });

  it("records positions the yaml Document gives", () => {
    const text = readFileSync(join(repoRoot, "examples", "agency.yaml"), "utf8");
    const sources = new Map([["f", text]]);
    const loc = new Locator(sources);
    const fast = fastParse(text, "f", loc)?.value;
    const slow = readWithYaml(text, "f", loc).value;
    for (const ptr of ["/subWorkspaces/1/members/1/email", "/subWorkspaces/1/allocation", "/assetShares/3/to/2", "/contentShares/1/sharePage/password/env", "/workspace"]) {
      expect(loc.pointer(fast, ptr), ptr).toEqual(loc.pointer(slow, ptr));
    }
  });

  it("reads a generated large spec like yaml does", () => {
    const text = generateSpec({ subWorkspaces: 20, membersPerWorkspace: 10 });
    expect(fastParse(text, "f")?.value).toEqual(parse(text));
  });
});

describe("loadSpec", () => {
  it("normalizes the root example", async () => {
    const r = await loadSpec(undefined, { cwd: repoRoot });
    expect(r.diagnostics).toEqual([]);
    const d = r.desired!;
    expect(d.files).toEqual(["workspaces.yaml"]);
    expect(d.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(d.workspaces.map((w) => w.path)).toEqual(["", "client-a", "client-b", "integrations"]);
    const main = d.workspaces[0]!;
    expect(main).toMatchObject({ name: "Acme Agency", billing: "own", parentPath: null, memberOwnership: "authoritative" });
    // Where a member was written is worked out when asked, so it is read rather than compared as a field.
    const first = main.members![0]!;
    expect({ ...first, source: first.source, fromDefaults: first.fromDefaults }).toEqual({ email: "ops@acme.example", role: "super_admin", source: { file: "workspaces.yaml", line: 15, col: 7 }, fromDefaults: false, expires: null });
    const a = d.workspaces[1]!;
    expect(a).toMatchObject({ billing: "parent", apiAccess: false, allocation: { seats: 5, avatarSlots: 2, generativeCredits: 5000, apiCredits: 0 }, deletionProtection: false });
    expect(a.settings).toEqual({ joinPolicy: "invite_only", publicInviteLink: false });
    expect(a.fieldSources["allocation.seats"]).toEqual({ file: "workspaces.yaml", line: 32, col: 14 });
    expect(a.fieldSources["settings.joinPolicy"]).toEqual({ file: "workspaces.yaml", line: 26, col: 17 });
    expect(d.workspaces[3]!.apiAccess).toBe(true);
    expect(d.assetShares).toContainEqual({ type: "brand_kit", id: "bk_acme", name: null, nameSource: null, fromPath: "", toPath: "client-b", source: { file: "workspaces.yaml", line: 65, col: 20 }, expires: null });
    expect(d.contentShares[0]).toMatchObject({ type: "folder", id: "fd_campaigns", workspacePath: "", generalAccess: "selected", sharePage: null });
    expect(d.policies).toEqual({
      minSuperAdmins: 0,
      allowedEmailDomains: null,
      maxMemberRemovalShare: 0.5,
      maxMemberRemovals: null,
      maxShareRevocations: null,
      maxKeyRevocations: null,
      usageWarningShare: 0.8,
      usageAlertShare: 1,
      expiryNoticeDays: 14,
      sources: {},
      rootSource: { file: "workspaces.yaml", line: 1, col: 1 },
    });
    expect(r.sources.get("workspaces.yaml")).toBe(readFileSync(join(repoRoot, "workspaces.yaml"), "utf8"));
  });

  it("merges defaults.members unless the workspace lists the email, and leaves members unmanaged when nobody lists any", async () => {
    await inTemp(
      {
        "w.yaml": [
          "defaults:",
          "  apiAccess: true",
          "  allocation: { seats: 4, avatarSlots: 1 }",
          "  members:",
          "    - { email: Ops@Acme.example, role: super_admin }",
          "subWorkspaces:",
          "  - name: a",
          "    allocation: { seats: 2 }",
          "    members:",
          "      - { email: OPS@acme.example, role: creator }",
          "      - { email: x@a.example, role: viewer }",
          "  - name: b",
          "  - name: own",
          "    billing: own",
          "    apiAccess: false",
          "workspace: {}",
          "",
        ].join("\n"),
        "empty.yaml": "subWorkspaces:\n  - name: c\nworkspace: {}\n",
      },
      async (dir) => {
        const r = await loadSpec(["w.yaml"], { cwd: dir });
        expect(r.diagnostics).toEqual([]);
        const [main, a, b, own] = r.desired!.workspaces;
        expect(main!.members).toBeNull();
        expect(a!.members!.map((m) => [m.email, m.role, m.fromDefaults])).toEqual([
          ["ops@acme.example", "creator", false],
          ["x@a.example", "viewer", false],
        ]);
        expect(a!.allocation).toEqual({ seats: 2, avatarSlots: 1 });
        expect(b!.members!.map((m) => [m.email, m.fromDefaults, m.source.line])).toEqual([["ops@acme.example", true, 5]]);
        expect(b!.apiAccess).toBe(true);
        expect(b!.fieldSources.apiAccess).toEqual({ file: "w.yaml", line: 2, col: 14 });
        expect(own!.allocation).toBeNull();
        expect(own!.apiAccess).toBe(false);
        const noDefaults = await loadSpec(["empty.yaml"], { cwd: dir });
        expect(noDefaults.desired!.workspaces[1]!.members).toBeNull();
      },
    );
  });

  it("follows include globs relative to the including file and names the right file", async () => {
    await inTemp(
      {
        "spec/workspaces.yaml": "workspace:\n  name: Acme\ninclude:\n  - clients/*.yaml\n  - other.yml\nsubWorkspaces:\n  - name: root-one\n",
        "spec/clients/b.yaml": "subWorkspaces:\n  - name: b\n",
        "spec/clients/a.yaml": "subWorkspaces:\n  - name: a\n    members:\n      - email: r@a.example\n        role: viewer\n",
        "spec/other.yml": "assetShares:\n  - { type: avatar, id: av_anna, to: [a, b] }\n",
      },
      async (dir) => {
        const r = await loadSpec(["spec/workspaces.yaml"], { cwd: dir });
        expect(r.diagnostics).toEqual([]);
        const d = r.desired!;
        expect(d.files).toEqual(["spec/workspaces.yaml", "spec/clients/a.yaml", "spec/clients/b.yaml", "spec/other.yml"]);
        expect(d.workspaces.map((w) => w.path)).toEqual(["", "root-one", "a", "b"]);
        expect(d.workspaces[2]!.members![0]!.source).toEqual({ file: "spec/clients/a.yaml", line: 4, col: 9 });
        expect(d.assetShares.map((s) => [s.toPath, s.source.file, s.source.col])).toEqual([
          ["a", "spec/other.yml", 39],
          ["b", "spec/other.yml", 42],
        ]);
      },
    );
  });

  it("gives the digest of the texts joined by NUL, and each file's own, as the texts' UTF-8 (also for bytes that are not UTF-8)", async () => {
    const root = "version: 1\nworkspace:\n  name: Acme\ninclude: [more.yaml]\n";
    const more = "subWorkspaces:\n  - name: b\n";
    const t = await tempDir();
    try {
      await writeFile(join(t.dir, "workspaces.yaml"), root);
      // A comment with a byte that is not UTF-8: the text holds U+FFFD in its place.
      await writeFile(join(t.dir, "more.yaml"), Buffer.concat([Buffer.from("# caf"), Buffer.from([0xe9]), Buffer.from(`\n${more}`)]));
      const r = await loadSpec(["workspaces.yaml"], { cwd: t.dir });
      const sha = (text: string): string => createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");
      const moreText = r.sources.get("more.yaml")!;
      expect(moreText).toBe(`# caf\ufffd\n${more}`);
      expect(r.desired!.digest).toBe(sha(`${root}\u0000${moreText}`));
      expect(r.digests).toEqual(new Map([["workspaces.yaml", sha(root)], ["more.yaml", sha(moreText)]]));
    } finally {
      await t.cleanup();
    }
  });

  it("reads anchors and merge keys through yaml, with positions", async () => {
    await inTemp(
      {
        "w.yaml": "subWorkspaces:\n  - name: a\n    allocation: &std\n      seats: 2\n      avatarSlots: 1\n  - name: b\n    allocation:\n      <<: *std\n      seats: 3\nworkspace: {}\n",
      },
      async (dir) => {
        const r = await loadSpec(["w.yaml"], { cwd: dir });
        expect(r.diagnostics).toEqual([]);
        const b = r.desired!.workspaces[2]!;
        expect(b.allocation).toEqual({ seats: 3, avatarSlots: 1 });
        expect(b.fieldSources["allocation.seats"]).toEqual({ file: "w.yaml", line: 9, col: 14 });
        expect(b.fieldSources["allocation.avatarSlots"]).toEqual({ file: "w.yaml", line: 5, col: 20 });
      },
    );
  });

  it("keeps a password reference and reports a literal one", async () => {
    await inTemp(
      {
        "ok.yaml": "contentShares:\n  - type: video\n    id: vd_launch\n    sharePage: { password: { env: PW } }\n  - type: folder\n    id: fd_campaigns\n    sharePage:\n      password: null\nworkspace: {}\n",
        "bad.yaml": "contentShares:\n  - type: video\n    id: vd_launch\n    sharePage:\n      password: '1234'\nworkspace: {}\n",
      },
      async (dir) => {
        const ok = await loadSpec(["ok.yaml"], { cwd: dir });
        expect(ok.desired!.contentShares.map((c) => c.sharePage)).toEqual([{ password: { env: "PW" } }, { password: null }]);
        const bad = await loadSpec(["bad.yaml"], { cwd: dir });
        expect(bad.desired).toBeNull();
        expect(bad.diagnostics.map((x) => [x.code, x.source])).toEqual([["literal-secret", { file: "bad.yaml", line: 5, col: 17 }]]);
      },
    );
  });

  it("never throws on bad input", async () => {
    await inTemp({ "bin.yaml": "\u0000\u0001: [\n", "dir/.keep": "" }, async (dir) => {
      for (const p of [["bin.yaml"], ["missing.yaml"], ["dir"]]) {
        const r = await loadSpec(p, { cwd: dir });
        expect(r.desired).toBeNull();
        expect(r.diagnostics.length).toBeGreaterThan(0);
      }
    });
  });
});

describe("loadSpecObject", () => {
  it("validates an object and points into its YAML rendering", () => {
    const r = loadSpecObject(
      { workspace: { name: "Acme Agency" }, subWorkspaces: [{ name: "client-a", allocation: { seats: "3" } }] },
      { name: "stack" },
    );
    expect(r.desired).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, d.source?.file, d.source?.line])).toEqual([["wrong-type", "<stack>", 6]]);
    expect(r.sources.get("<stack>")).toContain("seats: \"3\"");
  });

  it("gives the same DesiredAccount as the file, apart from sources", async () => {
    const fromFile = await loadSpec(["examples/agency.yaml"], { cwd: repoRoot });
    const obj = parse(readFileSync(join(repoRoot, "examples", "agency.yaml"), "utf8")) as unknown;
    const r = loadSpecObject(obj);
    expect(r.diagnostics).toEqual([]);
    const strip = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === "source" || k === "fieldSources" || k === "sources" || k === "rootSource" || k === "files" || k === "digest" ? undefined : v)));
    expect(strip(r.desired)).toEqual(strip(fromFile.desired));
  });
});
