// Mermaid's own parser, to check that the diagrams hgw writes are valid flowcharts and say
// what was meant. Mermaid runs in a browser: its sanitizer (DOMPurify) needs a window when
// the module loads, so a jsdom window is put in place first.

import { JSDOM } from "jsdom";

interface Vertex {
  id: string;
  text?: string;
  classes?: string[];
}
interface FlowDb {
  getVertices(): Map<string, Vertex>;
  getEdges(): { start: string; end: string }[];
}
interface Mermaid {
  parse(text: string): Promise<{ diagramType: string } | false>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: FlowDb }> };
}
let loaded: Promise<Mermaid> | null = null;

function mermaid(): Promise<Mermaid> {
  loaded ??= (async () => {
    const dom = new JSDOM("<!doctype html><html><body></body></html>");
    const g = globalThis as unknown as { window?: unknown; document?: unknown };
    g.window = dom.window;
    g.document = dom.window.document;
    return (await import("mermaid")).default as unknown as Mermaid;
  })();
  return loaded;
}

export interface Flowchart {
  type: string;
  /** id -> the label as a reader sees it (entity codes decoded) */
  labels: Map<string, string>;
  classes: Map<string, string[]>;
  edges: { start: string; end: string }[];
}

const NAMED: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">", nbsp: "\u00a0" };

/**
 * Parses a flowchart with Mermaid (throws on a syntax error) and reads back what it holds.
 * Mermaid keeps `#code;` entities in labels as placeholders until it draws them, as
 * `ﬂ°°code¶ß` (numeric) and `ﬂ°name¶ß` (named); they are decoded here as drawing would.
 */
export async function parseFlowchart(text: string): Promise<Flowchart> {
  const m = await mermaid();
  const result = await m.parse(text);
  if (!result) throw new Error("mermaid.parse returned false");
  const { db } = await m.mermaidAPI.getDiagramFromText(text);
  const labels = new Map<string, string>();
  const classes = new Map<string, string[]>();
  for (const [id, v] of db.getVertices()) {
    labels.set(
      id,
      (v.text ?? "")
        .replace(/ﬂ°°(\d+)¶ß/g, (_, n: string) => String.fromCodePoint(Number(n)))
        .replace(/ﬂ°(\w+)¶ß/g, (_, name: string) => NAMED[name] ?? `&${name};`),
    );
    classes.set(id, [...(v.classes ?? [])]);
  }
  return { type: result.diagramType, labels, classes, edges: db.getEdges().map((e) => ({ start: e.start, end: e.end })) };
}

/** The bodies of the ```mermaid blocks in a markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  const out: string[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```mermaid") continue;
    const body: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error("an unclosed ```mermaid block");
    out.push(body.join("\n"));
  }
  return out;
}
