// The plan renderers on hand-built plans: goldens for text (plain and drift), markdown and
// JSON; colour only when asked; GitHub's comment limit; markdown escaping; secrets in none
// of them; the JSON form valid against schema/plan.schema.json, and broken plans not.
// UPDATE_GOLDEN=1 rewrites the goldens under test/plan/fixtures/render/.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { readPlanFile, writePlanFile } from "../../src/cli/plan-file.js";
import { address } from "../../src/model/address.js";
import { renderJson, renderMarkdown, renderText } from "../../src/plan/render/index.js";
import type { Plan } from "../../src/plan/types.js";
import { repoRoot } from "../helpers/cli.js";
import { FAKE_KEY, FAKE_SECRET, bigPlan, planOf, samplePlan } from "./render-plans.js";

const goldenDir = join(repoRoot, "test", "plan", "fixtures", "render");
const update = process.env.UPDATE_GOLDEN === "1";
const ANSI = /\x1b\[[0-9;]*m/g;

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (update) writeFileSync(file, actual);
  expect(existsSync(file), `missing golden ${file} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

function validator() {
  const schema = JSON.parse(readFileSync(join(repoRoot, "schema", "plan.schema.json"), "utf8")) as object;
  // strict here (plan-file.ts is lenient) so that a sloppy schema fails this test
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

const emptyPlan = (): Plan => planOf([]);

describe("text", () => {
  it("matches the golden, every action and kind, without colour", () => {
    const text = renderText(samplePlan(), { color: false });
    golden("plan.txt", text);
    expect(text).not.toMatch(ANSI);
  });

  it("ends with the summary line of the shown changes (noop not counted)", () => {
    const lines = renderText(samplePlan(), { color: false }).trimEnd().split("\n");
    expect(lines.at(-1)).toBe("Plan: 5 to create, 6 to update, 3 to delete, 2 to replace, 1 to approve, 1 to deny.");
    expect(renderText(samplePlan(), { color: false })).not.toContain("content_share[project:pj_1]");
  });

  it("omits the actions that do not occur", () => {
    const p = samplePlan();
    const only = planOf(p.changes.filter((c) => c.action === "create" || c.address === "workspace"));
    expect(renderText(only, { color: false }).trimEnd().split("\n").at(-1)).toBe("Plan: 5 to create, 1 to update.");
  });

  it("colours only when asked, with the same text underneath", () => {
    const plain = renderText(samplePlan(), { color: false });
    const coloured = renderText(samplePlan(), { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain("\x1b[32m+ subworkspace[client-b]"); // green create
    expect(coloured).toContain("\x1b[33m~ member[client-a](bob@client-a.com)"); // yellow update
    expect(coloured).toContain("\x1b[31m- member[client-a](eve@client-a.com)"); // red delete
    expect(coloured).toContain("\x1b[35m± apikey[client-a]"); // magenta replace
    expect(coloured.replace(ANSI, "")).toBe(plain);
  });

  it("says so in one line when there is nothing to do", () => {
    expect(renderText(emptyPlan(), { color: false })).toBe("No changes. The account matches the spec.\n");
    expect(renderText(emptyPlan(), { color: false, mode: "drift" })).toBe("No drift. The account matches the spec.\n");
    expect(renderText(emptyPlan(), { color: true })).toMatch(/No changes\. The account matches the spec\./);
  });

  it("keeps warnings and unmanaged resources when there are no changes", () => {
    const p = samplePlan();
    const text = renderText(planOf([], { warnings: p.warnings, unmanaged: p.unmanaged }), { color: false });
    expect(text).toContain("workspaces.yaml:31:11: the invitation to carol@client-a.com");
    expect(text).toContain("subworkspace[legacy] — in the account, not in the spec");
    expect(text.trimEnd().split("\n").at(-1)).toBe("No changes. The account matches the spec.");
  });

  it("words drift as what apply would do to fix it", () => {
    const text = renderText(samplePlan(), { color: false, mode: "drift" });
    golden("drift.txt", text);
    expect(text.split("\n")[0]).toBe("Drift: the account differs from the spec in 18 places.");
    expect(text).toContain("~ member[client-a](bob@client-a.com) — apply would update it: role creator → developer");
  });

  it("diffs long lists item by item and collapses what is unchanged", () => {
    const text = renderText(samplePlan(), { color: false });
    expect(text).toContain('- "brand-07.agency.com"');
    expect(text).toContain('+ "brand-06b.agency.com"');
    expect(text).toMatch(/… \d+ unchanged/);
    expect(text).toContain('~ settings.joinPolicy: "invite_only" → "email_domain"');
  });

  it("diffs multi-line strings line by line and marks changed words in long ones", () => {
    const p = planOf([
      {
        address: address.workspace(),
        kind: "workspace",
        action: "update",
        before: { workspacePath: "", workspaceId: "ws_main", name: "Acme", note: "line one\nline two\nline three\n" },
        after: { workspacePath: "", workspaceId: "ws_main", name: "Acme", note: "line one\nline 2\nline three\n" },
        reason: "note differs",
        source: null,
      },
    ]);
    expect(renderText(p, { color: false })).toContain(
      ["~ note:", "      line one", "    - line two", "    + line 2", "      line three"].map((l) => `      ${l}`).join("\n"),
    );
    const coloured = renderText(samplePlan(), { color: true });
    // only the changed word of the image URL is highlighted (inverse)
    expect(coloured).toContain("logo-\x1b[7m\x1b[31m2024\x1b[39m\x1b[27m-square.png");
  });

  it("prints no control characters from user values", () => {
    const p = samplePlan();
    p.changes[8]!.reason = "role \x1b[2Jcleared\x07 → developer\nsecond line";
    const text = renderText(p, { color: false });
    expect(text).not.toMatch(/[\x07\x1b]/);
    expect(text).toContain("role \\u001b[2Jcleared\\u0007 → developer second line");
  });
});

describe("markdown", () => {
  it("matches the golden", () => {
    golden("plan.md", renderMarkdown(samplePlan()));
    golden("drift.md", renderMarkdown(samplePlan(), { mode: "drift", title: "Drift check: acme" }));
  });

  it("says no changes in one line", () => {
    const md = renderMarkdown(emptyPlan());
    expect(md).toContain("\nNo changes. The account matches the spec.\n");
    expect(md).not.toContain("<details>");
    expect(md).not.toContain("| Action |");
  });

  it("stays under GitHub's comment limit and says how many changes it left out", () => {
    const plan = bigPlan(5000);
    const md = renderMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(65_536);
    const shown = md.split("<details>").length - 1;
    expect(shown).toBeGreaterThan(50);
    expect(shown).toBeLessThan(5000);
    const left = (5000 - shown).toLocaleString("en-US");
    expect(md).toContain(
      `… ${left} more changes not shown (the comment limit is 65,536 characters); run \`hgw plan\` locally or see the JSON plan artifact for all of them.`,
    );
    // the changes kept are the first ones, in plan order, and the table still counts all
    expect(md).toContain("person-00000@client-00");
    expect(md).toContain("| `+` create | 5000 |");
    // every <details> that is opened is closed
    expect(md.split("</details>").length - 1).toBe(shown);
  });

  it("honours a smaller limit", () => {
    const md = renderMarkdown(samplePlan(), { maxChars: 6000 });
    expect(md.length).toBeLessThanOrEqual(6000);
    expect(md).toMatch(/… \d+ more changes? not shown \(the comment limit is 6,000 characters\)/);
  });

  it("truncates warnings too, keeping the changes' note honest", () => {
    const warnings = Array.from({ length: 3000 }, (_, i) => ({
      severity: "warning" as const,
      code: "invitation-stale",
      message: `the invitation to person-${i}@client.example.com was sent 40 days ago and is still not accepted`,
      source: { file: "workspaces.yaml", line: 10 + i, col: 11 },
    }));
    const md = renderMarkdown({ ...bigPlan(300), warnings });
    expect(md.length).toBeLessThanOrEqual(65_536);
    const shownWarnings = md.split("\n> - **warning**").length - 1;
    expect(md).toContain(`> … ${(3000 - shownWarnings).toLocaleString("en-US")} more warnings not shown`);
    const shownChanges = md.split("<details>").length - 1;
    if (shownChanges < 300) expect(md).toContain(`… ${300 - shownChanges} more changes not shown`);
    else expect(md).not.toContain("more changes not shown");
  });

  it("escapes user values in markdown and HTML", () => {
    const nasty = planOf([
      {
        address: address.member("team_*x*", "a_b*c@x.com"),
        kind: "member",
        action: "create",
        before: null,
        after: { workspacePath: "team_*x*", workspaceId: null, email: "a_b*c@x.com", role: "viewer", status: "invited" },
        reason: "invite <img src=x onerror=alert(1)></summary></details> **bold**",
        source: { file: "we`ird.yaml", line: 3, col: 5 },
      },
    ], {
      warnings: [{ severity: "warning", code: "w", message: "see <script>alert(1)</script> and *this* [link](http://x)" }],
      unmanaged: [{ address: "subworkspace[a`b]", reason: "<b>left</b> _alone_" }],
    });
    const md = renderMarkdown(nasty, { title: "plan for <i>you</i>" });
    expect(md).not.toMatch(/<img|<script|<b>|<i>/);
    expect(md.split("</summary>").length - 1).toBe(1);
    expect(md.split("</details>").length - 1).toBe(1);
    expect(md).toContain("<code>+ member[team_*x*](a_b*c@x.com)</code> — invite &#60;img src=x onerror=alert(1)&#62;&#60;/summary&#62;");
    expect(md).toContain("see &#60;script&#62;alert(1)&#60;/script&#62; and \\*this\\* \\[link\\](http://x)");
    expect(md).toContain("Spec: ``we`ird.yaml:3:5``");
    expect(md).toContain("- ``subworkspace[a`b]`` — &#60;b&#62;left&#60;/b&#62; \\_alone\\_");
    expect(md).toContain("### plan for &#60;i&#62;you&#60;/i&#62;");
  });

  it("fences a diff that holds backticks with a longer fence", () => {
    const p = planOf([
      {
        address: address.subworkspace("x"),
        kind: "subworkspace",
        action: "update",
        before: { workspacePath: "x", workspaceId: "ws_x", name: "x", image: null },
        after: { workspacePath: "x", workspaceId: "ws_x", name: "x", image: "```\n</details>" },
        reason: "image",
        source: null,
      },
    ]);
    const md = renderMarkdown(p);
    // the </details> inside the value is code, inside a fence the value's backticks cannot close
    expect(md).toContain('````diff\n- image: null\n+ image: "```\\n</details>"\n');
    expect(md).toContain("hidden)\n````\n\n</details>");
  });
});

describe("secrets", () => {
  it("never appear in any format", () => {
    const p = samplePlan();
    const outputs = [
      renderText(p, { color: false }),
      renderText(p, { color: true }),
      renderText(p, { color: false, mode: "drift" }),
      renderMarkdown(p),
      renderJson(p),
    ];
    for (const out of outputs) {
      expect(out).not.toContain(FAKE_SECRET);
      expect(out).not.toContain(FAKE_KEY);
      expect(out).not.toContain("hgw_sk_");
      expect(out).not.toContain("passwordDigest");
      expect(out).not.toContain("secretHash");
    }
  });

  it("say what may be said about a share-page password and an API key", () => {
    const text = renderText(samplePlan(), { color: false });
    expect(text).toContain("~ sharePage.password: (none) → (sensitive: from env FD9_SHARE_PASSWORD)");
    expect(text).toContain("~ sharePage.password: (set) → (removed)");
    expect(text).toContain('~ last4: "x9Qz" → (known after apply)');
    const md = renderMarkdown(samplePlan());
    expect(md).toContain("+ sharePage.password: (sensitive: from env FD9_SHARE_PASSWORD)");
    const json = JSON.parse(renderJson(samplePlan())) as Plan;
    const fd9 = json.changes.find((c) => c.address === "content_share[folder:fd_9]")!;
    expect(fd9.after).toMatchObject({ sharePage: { password: { env: "FD9_SHARE_PASSWORD" } } });
    expect(fd9.before).toMatchObject({ sharePage: { passwordSet: false } });
  });

  it("a literal password in `after` is refused by JSON and hidden by text and markdown", () => {
    const p = samplePlan();
    const fd9 = p.changes.find((c) => c.address === "content_share[folder:fd_9]")!;
    fd9.after = { ...fd9.after!, sharePage: { password: FAKE_SECRET, publicPublishing: false, captions: true } };
    expect(() => renderJson(p)).toThrow(/literal secret at content_share\[folder:fd_9\] after\.sharePage\.password/);
    for (const out of [renderText(p, { color: false }), renderMarkdown(p)]) {
      expect(out).not.toContain(FAKE_SECRET);
      expect(out).toMatch(/sharePage\.password: (\(none\) → )?\(sensitive\)\n/);
    }
  });
});

describe("json", () => {
  it("matches the golden, ends with a newline and keeps the noop", () => {
    const json = renderJson(samplePlan());
    golden("plan.json", json);
    expect(json.endsWith("}\n")).toBe(true);
    expect((JSON.parse(json) as Plan).changes).toHaveLength(19);
  });

  it("is stable: key order in the input does not matter, and it round-trips", () => {
    const p = samplePlan();
    const shuffled = JSON.parse(JSON.stringify(p), (_k, v: unknown) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as Plan;
    expect(renderJson(shuffled)).toBe(renderJson(p));
    expect(renderJson(JSON.parse(renderJson(p)) as Plan)).toBe(renderJson(p));
  });

  it("validates against schema/plan.schema.json", () => {
    const validate = validator();
    for (const p of [samplePlan(), emptyPlan(), bigPlan(20)]) {
      const ok = validate(JSON.parse(renderJson(p)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("rejects broken plans", () => {
    const validate = validator();
    const good = () => JSON.parse(renderJson(samplePlan())) as Record<string, unknown> & { changes: Record<string, unknown>[] };
    const broken: [string, (p: ReturnType<typeof good>) => void][] = [
      ["format version 1", (p) => (p.formatVersion = 1)],
      ["format version 3", (p) => (p.formatVersion = 3)],
      ["no spec files", (p) => delete p.specFiles],
      ["a spec file without a digest", (p) => ((p.specFiles as Record<string, unknown>[])[0]!.digest = "abc")],
      ["no planning options", (p) => delete p.options],
      ["a removal share above 1", (p) => ((p.options as Record<string, unknown>).maxRemovalShare = 2)],
      ["no summary", (p) => delete p.summary],
      ["an unknown top-level key", (p) => (p.extra = true)],
      ["an unknown change key", (p) => (p.changes[0]!.note = "x")],
      ["an unknown action", (p) => (p.changes[0]!.action = "upsert")],
      ["a create with a before", (p) => (p.changes.find((c) => c.action === "create")!.before = {})],
      ["a delete with an after", (p) => (p.changes.find((c) => c.action === "delete")!.after = p.changes[0]!.after)],
      ["line 0", (p) => (p.changes[0]!.source = { file: "workspaces.yaml", line: 0, col: 1 })],
      ["a source with an extra key", (p) => (p.changes[0]!.source = { file: "w.yaml", line: 1, col: 1, offset: 3 })],
      ["a member without workspacePath", (p) => delete (p.changes[7]!.after as Record<string, unknown>).workspacePath],
      ["an API key payload with the key", (p) => ((p.changes[6]!.before as Record<string, unknown>).value = FAKE_KEY)],
      ["a literal share-page password", (p) => ((p.changes[15]!.after as { sharePage: Record<string, unknown> }).sharePage.password = "hunter2")],
      ["a bad digest", (p) => (p.stateFingerprint = "abc")],
      ["a diagnostic with an unknown severity", (p) => ((p.warnings as { severity: string }[])[0]!.severity = "info")],
    ];
    for (const [name, breakIt] of broken) {
      const p = good();
      breakIt(p);
      expect(validate(p), name).toBe(false);
    }
  });

  it("is what plan files are written as and read back from", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hgw-render-"));
    try {
      const file = join(dir, "plan.json");
      await writePlanFile(file, samplePlan());
      const back = await readPlanFile(file);
      expect(renderJson(back)).toBe(renderJson(samplePlan()));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
