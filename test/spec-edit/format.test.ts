// `hgw fmt`'s formatter: what the canon does to each kind of layout, that the repository's
// own specs are already canonical, and (fast-check, over generated specs laid out every
// which way) that formatting is idempotent, keeps every value and every comment.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { starterSpec } from "../../src/cli/init.js";
import { commentsOf, formatSpecText, sameValue } from "../../src/spec-edit/format.js";
import { repoRoot } from "../helpers/cli.js";
import { randomLayout, specValueArb } from "./layouts.js";
import { readmeSpec } from "./readme-spec.js";

const fmt = (text: string): string => {
  const r = formatSpecText(text, "spec.yaml");
  expect(r.diagnostics).toEqual([]);
  return r.text!;
};

describe("the repository's specs are canonical", () => {
  for (const file of ["workspaces.yaml", "examples/agency.yaml", "examples/enterprise.yaml", "examples/nested-own-billing.yaml"]) {
    it(file, () => {
      const text = readFileSync(join(repoRoot, file), "utf8");
      expect(fmt(text)).toBe(text);
    });
  }
  it("the README's spec", () => {
    const text = readmeSpec();
    expect(fmt(text)).toBe(text);
  });
  it("the starter spec of hgw init", () => {
    const text = starterSpec("./node_modules/heygen-workspaces/schema/workspaces.schema.json");
    expect(fmt(text)).toBe(text);
  });
});

describe("the canon", () => {
  it("indents by two, lists under their key, one space after a colon and a dash; no trailing blanks", () => {
    const text = ["version:   1   ", "workspace:", "    name: Acme", "    members:", "    -   email: a@x.example", "        role: viewer", ""].join("\n");
    expect(fmt(text)).toBe(["version: 1", "workspace:", "  name: Acme", "  members:", "    - email: a@x.example", "      role: viewer", ""].join("\n"));
  });

  it("orders keys as the schema does, at every level; keys it does not know go last, in their order", () => {
    const text = [
      "subWorkspaces:",
      "  - members: [{ role: viewer, email: a@x.example }]",
      "    zeta: 1",
      "    allocation: { apiCredits: 1, seats: 2 }",
      "    alpha: 2",
      "    name: client-a",
      "workspace:",
      "  name: Acme",
      "version: 1",
      "",
    ].join("\n");
    expect(fmt(text)).toBe(
      [
        "version: 1",
        "workspace:",
        "  name: Acme",
        "subWorkspaces:",
        "  - name: client-a",
        "    allocation: { seats: 2, apiCredits: 1 }",
        "    members: [{ email: a@x.example, role: viewer }]",
        "    zeta: 1",
        "    alpha: 2",
        "",
      ].join("\n"),
    );
  });

  it("keeps each collection's style, and writes flow collections on one line as `{ a: b }` and `[a, b]`", () => {
    const text = ["policies:", "  allowedEmailDomains: [ a.example ,b.example, ]", "defaults:", "  allocation: {seats: 3,", "     avatarSlots: 1}", ""].join("\n");
    expect(fmt(text)).toBe(["defaults:", "  allocation: { seats: 3, avatarSlots: 1 }", "policies:", "  allowedEmailDomains: [a.example, b.example]", ""].join("\n"));
  });

  it("keeps comments with what they are about, and where a comment is aligned after a value, its alignment", () => {
    const text = [
      "# header",
      "",
      "workspace:                       # the main workspace",
      "  # the people",
      "  members:",
      "      # admins first",
      "      - email: a@x.example   # lead",
      "        role: super_admin",
      "  # as the dashboard shows it",
      "  name: Acme",
      "defaults:",
      "  billing: parent",
      "  # legacy@ has left",
      "# the end",
      "",
    ].join("\n");
    expect(fmt(text)).toBe(
      [
        "# header",
        "",
        "workspace:                       # the main workspace",
        "  # as the dashboard shows it",
        "  name: Acme",
        "  # the people",
        "  members:",
        "    # admins first",
        "    - email: a@x.example   # lead",
        "      role: super_admin",
        "defaults:",
        "  billing: parent",
        "  # legacy@ has left",
        "# the end",
        "",
      ].join("\n"),
    );
  });

  it("keeps one blank line where there were several, none after a key that opens a block, none at the ends", () => {
    const text = ["", "", "version: 1", "", "", "", "workspace:", "", "  name: Acme", "", ""].join("\n");
    expect(fmt(text)).toBe(["version: 1", "", "workspace:", "  name: Acme", ""].join("\n"));
  });

  it("writes LF line ends without a byte-order mark, and one newline at the end", () => {
    expect(fmt("\uFEFFversion: 1\r\nworkspace:\r\n  name: Acme")).toBe("version: 1\nworkspace:\n  name: Acme\n");
  });

  it("keeps quoting, and block scalars as written, moved with their key", () => {
    const text = ["workspace:", "    name: 'Acme ''Agency'''", "subWorkspaces:", "    - name: \"a\"", "      image: |", "          line one", "            indented", ""].join("\n");
    expect(fmt(text)).toBe(["workspace:", "  name: 'Acme ''Agency'''", "subWorkspaces:", "  - name: \"a\"", "    image: |", "        line one", "          indented", ""].join("\n"));
  });

  it("with aliases, keeps the key order (an alias must follow its anchor) and formats the rest", () => {
    const text = ["defaults: &d", "    billing: parent", "version: 1", "subWorkspaces:", "- name: a", "  <<: *d", ""].join("\n");
    expect(fmt(text)).toBe(["defaults: &d", "  billing: parent", "version: 1", "subWorkspaces:", "  - name: a", "    <<: *d", ""].join("\n"));
  });

  it("is empty for an empty file", () => {
    expect(fmt("")).toBe("");
  });

  it("reports YAML errors with file:line:col and formats nothing", () => {
    const r = formatSpecText("version: 1\nworkspace:\n  name: Acme\n  name: Acme Agency\n", "spec.yaml");
    expect(r.text).toBeNull();
    expect(r.diagnostics).toMatchObject([{ severity: "error", code: "duplicate-key", source: { file: "spec.yaml", line: 4, col: 3 } }]);
  });

  it("refuses what it does not rewrite (an explicit key), naming the place", () => {
    const r = formatSpecText("version: 1\n? workspace\n: { name: Acme }\n", "spec.yaml");
    expect(r.text).toBeNull();
    expect(r.diagnostics).toMatchObject([{ code: "fmt-unsupported", source: { file: "spec.yaml", line: 2, col: 1 } }]);
  });
});

describe("properties, over generated specs laid out every which way", () => {
  it("fmt(fmt(x)) == fmt(x); the values and the comments are those of x", () => {
    fc.assert(
      fc.property(specValueArb, fc.infiniteStream(fc.nat(1 << 20)), (value, stream) => {
        const it = stream[Symbol.iterator]();
        const text = randomLayout(value, (n) => (it.next().value as number) % n);
        // The writer itself must say what it was given.
        expect(sameValue(parse(text) ?? {}, value), text).toBe(true);
        const once = formatSpecText(text, "spec.yaml");
        expect(once.diagnostics, text).toEqual([]);
        const twice = formatSpecText(once.text!, "spec.yaml");
        expect(twice.text, `${text}\n----\n${once.text}`).toBe(once.text);
        expect(sameValue(parse(once.text!) ?? {}, value)).toBe(true);
        expect([...commentsOf(once.text!)].sort()).toEqual([...commentsOf(text)].sort());
        expect(once.text).not.toMatch(/[ \t]\n/);
      }),
      { numRuns: 200 },
    );
  });
});
