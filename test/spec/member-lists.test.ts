// Member lists as the loader leaves them: where each entry was written (worked out when
// asked, on either reader's positions), repeated emails reported once per repeat against
// the first entry, and the member index the planner's rosters share with that check.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSpecText } from "../../src/spec/index.js";
import { memberIndex } from "../../src/model/member-index.js";
import type { DesiredMember } from "../../src/model/desired.js";

const load = (text: string) => loadSpecText(text, { name: "w.yaml" });

/** Line (1-based) of the n-th line holding `needle`. */
function lineOf(text: string, needle: string, nth = 0): number {
  const lines = text.split("\n");
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i]!.includes(needle) && seen++ === nth) return i + 1;
  throw new Error(`${needle} not in the text`);
}

describe("where a member was written", () => {
  const block = [
    "version: 1",
    "workspace:",
    "  name: Acme",
    "  members:",
    "    - email: ops@acme.example",
    "      role: super_admin",
    "subWorkspaces:",
    "  - name: client-a",
    "    members:",
    "      - { email: A@client-a.example, role: viewer }",
    "      - email: b@client-a.example",
    "        role: creator",
    "        expires: 2099-01-31",
    "",
  ].join("\n");

  it("is the entry's line and column, on the fast reader's positions and on `yaml`'s", () => {
    // An anchor is outside the fast reader's subset: the same spec is then read by `yaml`.
    const viaYaml = block.replace("name: Acme", "name: &n Acme");
    for (const text of [block, viaYaml]) {
      const r = load(text);
      expect(r.diagnostics).toEqual([]);
      const [main, a] = r.desired!.workspaces;
      expect(main!.members![0]!.source).toEqual({ file: "<w.yaml>", line: 5, col: 7 });
      expect(a!.members!.map((m) => [m.email, m.source.line, m.source.col])).toEqual([
        ["a@client-a.example", 10, 9],
        ["b@client-a.example", 11, 9],
      ]);
      // Asked twice, the same answer (the same object).
      expect(a!.members![1]!.source).toBe(a!.members![1]!.source);
    }
  });

  it("of a member from defaults.members is the defaults entry", () => {
    const text = [
      "version: 1",
      "workspace: { name: Acme }",
      "defaults:",
      "  members:",
      "    - email: ops@acme.example",
      "      role: creator",
      "subWorkspaces:",
      "  - name: client-a",
      "",
    ].join("\n");
    const m = load(text).desired!.workspaces[1]!.members![0]!;
    expect([m.fromDefaults, m.source]).toEqual([true, { file: "<w.yaml>", line: 5, col: 7 }]);
  });
});

describe("repeated emails", () => {
  it("are reported in the workspace and in defaults.members, each once, never for a default the workspace overrides", () => {
    const text = [
      "version: 1",
      "workspace: { name: Acme }",
      "defaults:",
      "  members:",
      "    - { email: ops@acme.example, role: creator }",
      "    - { email: OPS@acme.example, role: viewer }",
      "subWorkspaces:",
      "  - name: client-a",
      "    members:",
      "      - { email: x@client-a.example, role: viewer }",
      "      - { email: ops@acme.example, role: viewer }",
      "      - { email: X@Client-A.example, role: creator, expires: 2026-02-30 }",
      // Its list is its own entry and both of defaults.members': the repeat there is reported once, above.
      "  - name: client-b",
      "    members:",
      "      - { email: y@client-b.example, role: viewer }",
      "",
    ].join("\n");
    const r = load(text);
    expect(r.desired).toBeNull();
    expect(r.diagnostics.map((d) => `${d.code} ${d.source?.line}:${d.source?.col} ${d.message} | ${d.hint}`)).toEqual([
      `duplicate-member 6:7 ops@acme.example is listed twice in defaults.members | Emails are compared case-insensitively; keep one entry (the first is at <w.yaml>:5).`,
      `duplicate-member 12:9 x@client-a.example is listed twice in client-a | Emails are compared case-insensitively; keep one entry (the first is at <w.yaml>:10).`,
      `invalid-format 12:62 client-a member X@Client-A.example expires: "2026-02-30" is not a date on the calendar | Write a calendar date as YYYY-MM-DD, such as 2026-12-31.`,
    ]);
  });

  it("name the first entry of each email, however the repeats are spread", () => {
    const emails = fc.constantFrom("a@x.example", "A@x.example", "b@x.example", "c@x.example", "C@X.EXAMPLE", "d@x.example");
    fc.assert(
      fc.property(fc.array(emails, { minLength: 1, maxLength: 30 }), (list) => {
        const text = ["version: 1", "workspace:", "  name: Acme", "  members:", ...list.map((e) => `    - { email: ${e}, role: viewer }`), ""].join("\n");
        const r = load(text);
        const firstLine = new Map<string, number>();
        const expected: string[] = [];
        list.forEach((e, i) => {
          const key = e.toLowerCase();
          const first = firstLine.get(key);
          if (first === undefined) firstLine.set(key, i + 5);
          else expected.push(`${i + 5} ${key} first at ${first}`);
        });
        const got = r.diagnostics.map((d) => `${d.source!.line} ${d.message.split(" ")[0]} first at ${/w\.yaml>:(\d+)/.exec(d.hint ?? "")![1]}`);
        expect(got).toEqual(expected);
        expect(r.desired === null).toBe(expected.length > 0);
      }),
      { numRuns: 200 },
    );
  });
});

describe("memberIndex", () => {
  const m = (email: string, expires: string | null = null): DesiredMember => ({
    email,
    role: "viewer",
    source: { file: "w.yaml", line: 1, col: 1 },
    fromDefaults: false,
    expires,
  });

  it("keeps the first entry of each email, the repeats with the first's position, and counts end dates", () => {
    const list = [m("a"), m("b", "2030-01-01"), m("a"), m("c"), m("b"), m("a", "2030-01-01")];
    const index = memberIndex(list);
    expect([...index.byEmail.entries()].map(([e, d]) => [e, list.indexOf(d)])).toEqual([
      ["a", 0],
      ["b", 1],
      ["c", 3],
    ]);
    expect(index.repeats).toEqual([
      { at: 2, first: 0 },
      { at: 4, first: 1 },
      { at: 5, first: 0 },
    ]);
    expect(index.dated).toBe(2);
    // Made once per list.
    expect(memberIndex(list)).toBe(index);
  });

  it("a spec's line of each member matches the text", () => {
    const text = ["version: 1", "workspace:", "  name: Acme", "  members:", "    - email: p@q.example", "      role: viewer", ""].join("\n");
    const d = load(text).desired!;
    expect(d.workspaces[0]!.members![0]!.source.line).toBe(lineOf(text, "p@q.example"));
  });
});
