// The workspace tree as a Mermaid flowchart, for markdown that GitHub renders (PR comments,
// job summaries). Bounded: past MAX_NODES workspaces only the marked ones and their
// ancestors are drawn, and the block says how many were left out. Names are user input
// (the account's names are not even checked by the spec's schema), so node ids are made
// here and every label is quoted with Mermaid's entity codes for anything that could end
// the label, open HTML or start a comment.

import { printable } from "./common.js";

export const MAX_NODES = 200;

export interface TreeNodeIn {
  path: string;
  parentPath: string | null;
  label: string;
  /** A class name declared in `classes`; null: drawn plain. */
  mark: string | null;
}

export interface MermaidTree {
  /** The ```mermaid block. */
  block: string;
  shown: number;
  leftOut: number;
}

/**
 * `nodes` parents before children. `classes`: class name -> Mermaid style, for the marks
 * used. Past `maxNodes`, the marked nodes and their ancestors; past that too, the first
 * `maxNodes` of those (parents come first, so no node is drawn without its parent).
 */
export function mermaidTree(
  nodes: readonly TreeNodeIn[],
  classes: Readonly<Record<string, string>>,
  maxNodes: number = MAX_NODES,
): MermaidTree {
  let kept: readonly TreeNodeIn[] = nodes;
  if (nodes.length > maxNodes) {
    const byPath = new Map(nodes.map((n) => [n.path, n]));
    const wanted = new Set<string>();
    for (const n of nodes) {
      if (n.mark === null) continue;
      for (let p: TreeNodeIn | undefined = n; p && !wanted.has(p.path); p = p.parentPath === null ? undefined : byPath.get(p.parentPath)) {
        wanted.add(p.path);
      }
    }
    kept = nodes.filter((n) => wanted.has(n.path)).slice(0, maxNodes);
  }
  const ids = new Map<string, string>();
  const lines = ["flowchart TD"];
  const edges: string[] = [];
  const byClass = new Map<string, string[]>();
  kept.forEach((n, i) => {
    const id = `w${i}`;
    ids.set(n.path, id);
    // Mermaid trims labels and refuses an empty one; a zero-width space reads as the empty name it is.
    lines.push(`  ${id}["${mermaidText(n.label.trim()) || "#8203;"}"]`);
    const parent = n.parentPath === null ? undefined : ids.get(n.parentPath);
    if (parent) edges.push(`  ${parent} --> ${id}`);
    if (n.mark !== null && classes[n.mark] !== undefined) {
      const list = byClass.get(n.mark);
      if (list) list.push(id);
      else byClass.set(n.mark, [id]);
    }
  });
  lines.push(...edges);
  for (const [name, members] of byClass) {
    lines.push(`  classDef ${name} ${classes[name]};`);
    lines.push(`  class ${members.join(",")} ${name};`);
  }
  const leftOut = nodes.length - kept.length;
  if (leftOut > 0) lines.push(`  %% ${leftOut} workspaces left out`);
  return { block: ["```mermaid", ...lines, "```"].join("\n"), shown: kept.length, leftOut };
}

/**
 * Text for inside a quoted Mermaid label: letters and digits of any script, spaces and a few
 * harmless marks as they are; everything else (quotes, `#`, `&`, `<`, `%`, brackets,
 * backticks, emoji…) as a `#code;` entity, which Mermaid turns back into the character.
 */
export function mermaidText(s: string): string {
  let out = "";
  for (const ch of printable(s)) {
    out += /^[\p{L}\p{N} ._,:/@+·-]$/u.test(ch) ? ch : `#${ch.codePointAt(0)!};`;
  }
  return out;
}
