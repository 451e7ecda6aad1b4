// Markdown tables in the docs as GitHub reads them: a row is split on every "|" that is not
// escaped (a backslash escapes the character after it, so "\\|" is an escaped backslash and
// then a cell border), inside code spans too. A row with more cells than its header shows
// as a broken table on GitHub.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/cli.js";

function cells(row: string): string[] {
  const body = row.trim().replace(/^\|/, "");
  const out: string[] = [];
  let cell = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\" && i + 1 < body.length) {
      cell += c + body[++i]!;
    } else if (c === "|") {
      out.push(cell);
      cell = "";
    } else cell += c;
  }
  if (cell.trim() !== "") out.push(cell);
  return out;
}

/** Each table: its header's cell count and every row's, with line numbers. */
function tables(text: string): { line: number; header: number; rows: { line: number; count: number; text: string }[] }[] {
  const lines = text.split("\n");
  const found: ReturnType<typeof tables> = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith("```")) fenced = !fenced;
    if (fenced || !/^\|?\s*:?-{3,}/.test(lines[i + 1] ?? "") || !lines[i]!.includes("|")) continue;
    const t = { line: i + 1, header: cells(lines[i]!).length, rows: [] as { line: number; count: number; text: string }[] };
    for (let j = i + 2; j < lines.length && lines[j]!.trim().startsWith("|"); j++) {
      t.rows.push({ line: j + 1, count: cells(lines[j]!).length, text: lines[j]! });
    }
    found.push(t);
  }
  return found;
}

describe("markdown tables", () => {
  it("splits cells as GitHub does", () => {
    expect(cells("| `a` \\| `b` | c |")).toEqual([" `a` \\| `b` ", " c "]);
    expect(cells("| `a` \\\\| `b` | c |")).toHaveLength(3);
  });

  for (const file of ["docs/spec-reference.md", "README.md"]) {
    it(`${file}: every row has as many cells as its header`, async () => {
      const text = await readFile(join(repoRoot, file), "utf8");
      const found = tables(text);
      expect(found.length).toBeGreaterThan(0);
      const bad = found.flatMap((t) => t.rows.filter((r) => r.count !== t.header).map((r) => `${file}:${r.line}: ${r.count} cells, header has ${t.header}: ${r.text}`));
      expect(bad).toEqual([]);
    });
  }
});
