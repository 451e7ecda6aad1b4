// The workspace tree's Mermaid flowchart, read back by Mermaid's own parser: every name,
// however hostile (quotes, brackets, `#`, `%%`, HTML, control characters, any Unicode), is
// one label on one node that reads as the name, and the diagram stays bounded.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { printable } from "../../src/plan/render/common.js";
import { MAX_NODES, mermaidTree, type TreeNodeIn } from "../../src/plan/render/mermaid.js";
import { PLAN_CLASSES } from "../../src/plan/render/usage-markdown.js";
import { parseFlowchart } from "../helpers/mermaid.js";

const body = (block: string): string => block.replace(/^```mermaid\n/, "").replace(/\n```$/, "");

/** A tree of the given labels: each node under an earlier one (or the root). */
function treeOf(labels: string[], parents: number[], marks: (keyof typeof PLAN_CLASSES | null)[]): TreeNodeIn[] {
  return labels.map((label, i) => ({
    path: i === 0 ? "" : `n${i}`,
    parentPath: i === 0 ? null : parents[i]! % i === 0 ? "" : `n${parents[i]! % i}`,
    label,
    mark: marks[i] ?? null,
  }));
}

const HOSTILE = ['"', "'", "`", "#", "&", "<", ">", "%%", "[", "]", "(", ")", "{", "}", "|", ";", ":", "\\", "\n", "-->", "end", "click", "\u202e", "☃", "👩‍💻", "\u0000", "#quot;"];

const name = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 8 }).map((xs) => xs.join("")),
  fc.string({ maxLength: 30 }),
);

describe("mermaidTree", () => {
  it("is a flowchart Mermaid parses, with one node per workspace labelled with its name, whatever the names", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ label: name, parent: fc.nat(), mark: fc.constantFrom("created", "changed", "deleted", null) }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (items) => {
          const nodes = treeOf(
            items.map((x) => x.label),
            items.map((x) => x.parent),
            items.map((x) => x.mark as keyof typeof PLAN_CLASSES | null),
          );
          const t = mermaidTree(nodes, PLAN_CLASSES);
          const chart = await parseFlowchart(body(t.block));
          expect(chart.type).toBe("flowchart-v2");
          expect(chart.labels.size).toBe(nodes.length);
          expect(chart.edges).toHaveLength(nodes.length - 1);
          nodes.forEach((n, i) => {
            expect(chart.labels.get(`w${i}`)).toBe(printable(n.label.trim()) || "\u200b");
            expect(chart.classes.get(`w${i}`)).toEqual(n.mark ? [n.mark] : []);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("writes labels a reader can read: letters of any script as they are, the rest as entity codes", () => {
    const t = mermaidTree([{ path: "", parentPath: null, label: 'Client "B" #1 <EU> & 100%% ☃ Zürich 東京', mark: null }], {});
    expect(t.block).toContain('w0["Client #34;B#34; #35;1 #60;EU#62; #38; 100#37;#37; #9731; Zürich 東京"]');
  });

  it(`past ${MAX_NODES} workspaces, draws only the marked ones and their ancestors, and says how many it left out`, async () => {
    // A chain of 10 under the root, then 300 leaves under the root; two leaves and the chain's end are marked.
    const nodes: TreeNodeIn[] = [{ path: "", parentPath: null, label: "Main", mark: null }];
    for (let i = 1; i <= 10; i++) nodes.push({ path: `c${i}`, parentPath: i === 1 ? "" : `c${i - 1}`, label: `chain ${i}`, mark: null });
    nodes[10]!.mark = "created";
    for (let i = 0; i < 300; i++) nodes.push({ path: `leaf${i}`, parentPath: "", label: `leaf ${i}`, mark: i === 7 || i === 250 ? "changed" : null });
    const t = mermaidTree(nodes, PLAN_CLASSES);
    expect(t.shown).toBe(1 + 10 + 2);
    expect(t.leftOut).toBe(nodes.length - 13);
    expect(t.block).toContain(`%% ${nodes.length - 13} workspaces left out`);
    const chart = await parseFlowchart(body(t.block));
    expect([...chart.labels.values()].sort()).toEqual(["Main", ...Array.from({ length: 10 }, (_, i) => `chain ${i + 1}`), "leaf 250", "leaf 7"].sort());
    expect(chart.edges).toHaveLength(12);
  });

  it("draws at most the limit even when more are marked, never a node without its parent", async () => {
    const nodes: TreeNodeIn[] = [{ path: "", parentPath: null, label: "Main", mark: "changed" }];
    for (let i = 0; i < 500; i++) nodes.push({ path: `w${i}`, parentPath: "", label: `ws ${i}`, mark: "created" });
    const t = mermaidTree(nodes, PLAN_CLASSES);
    expect(t.shown).toBe(MAX_NODES);
    expect(t.leftOut).toBe(501 - MAX_NODES);
    const chart = await parseFlowchart(body(t.block));
    expect(chart.labels.size).toBe(MAX_NODES);
    expect(chart.edges).toHaveLength(MAX_NODES - 1);
  });

  it("a name that would close the label or start a new statement fails the parser when not escaped (the check can fail)", async () => {
    await expect(parseFlowchart('flowchart TD\n  w0["a "b" c"]')).rejects.toThrow();
  });
});
