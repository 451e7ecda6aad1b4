// The exact path: `yaml` composes a Document (slow on huge files, used when the fast reader
// gives up), reports syntax errors with offsets, and its nodes are copied into plain
// values carrying the same positions as the fast reader's. Hostile input is bounded here:
// nesting is checked on `yaml`'s token tree before it is composed (composing recurses),
// aliases are resolved from one table built in a single pass (`Alias.resolve` scans the
// whole document for every alias, which made alias-heavy files quadratic), their expansion
// is counted against the spec's budget, and duplicate keys are found with a hash lookup
// (`yaml`'s own check compares each key with every earlier one).

import type { CST, Document, Node } from "yaml";
import { loadYaml } from "../util/load-on-use.js";
import type { Diagnostic } from "../model/diagnostics.js";
import { newBudget, type ReadBudget } from "./limits.js";
import { posOf, setPos, type Locator, type MapPos, type SeqPos } from "./positions.js";

export interface YamlReadResult {
  value: unknown;
  diagnostics: Diagnostic[];
}

const SYNTAX_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: "Indent with spaces, not tabs.",
  MULTIPLE_DOCS: "A spec file holds one document; split it into files and use `include:`.",
  MISSING_CHAR: "Close the quote or bracket opened before this point.",
  BAD_INDENT: "Line the keys of one mapping up in the same column.",
};

export function readWithYaml(text: string, file: string, loc: Locator, budget: ReadBudget = newBudget()): YamlReadResult {
  const { Composer, Parser } = loadYaml();
  const diagnostics: Diagnostic[] = [];
  const maxDepth = budget.limits.depth;
  let deep: number | null = null;
  // Stops feeding the composer at the first token tree nested too deep.
  function* checked(tokens: Generator<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      deep = tooDeepAt(token, maxDepth);
      if (deep !== null) return;
      yield token;
    }
  }
  const composer = new Composer({ uniqueKeys: false, merge: true });
  let doc: Document.Parsed | null = null;
  let second: number | null = null;
  for (const d of composer.compose(checked(new Parser().parse(text)), true, text.length)) {
    if (!doc) doc = d;
    else {
      second = d.range[0];
      break;
    }
  }
  if (deep !== null) return { value: null, diagnostics: [tooDeep(file, loc.at(file, deep), maxDepth)] };
  for (const err of doc?.errors ?? []) diagnostics.push(syntaxError(err.code, err.message, err.pos[0], file, loc));
  if (second !== null) {
    diagnostics.push(syntaxError("MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()", second, file, loc));
  }
  if (diagnostics.length > 0 || !doc) return { value: null, diagnostics };
  const conv = new Converter(doc, text, file, loc, budget, diagnostics);
  const value = conv.value(doc.contents, 0);
  return { value: diagnostics.length > 0 ? null : value, diagnostics };
}

export function tooDeep(file: string, source: Diagnostic["source"], maxDepth: number): Diagnostic {
  return {
    severity: "error",
    code: "yaml-too-deep",
    message: `mappings and lists are nested more than ${maxDepth} levels deep here`,
    hint: `A spec needs about two levels per level of sub-workspaces; ${file} goes far beyond. Flatten it, or split it into files with \`include:\`.`,
    ...(source ? { source } : {}),
  };
}

function syntaxError(code: string, message: string, offset: number, file: string, loc: Locator): Diagnostic {
  return {
    severity: "error",
    code: "yaml-syntax",
    message: firstLine(message),
    hint: SYNTAX_HINTS[code] ?? "Check the indentation and quoting near here; a value containing `: ` or starting with a special character needs quotes.",
    source: loc.at(file, offset),
  };
}

function firstLine(s: string): string {
  const line = s.split("\n")[0] ?? s;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}

/** Offset of the first collection nested deeper than maxDepth in a token tree, or null. Iterative. */
function tooDeepAt(root: CST.Token, maxDepth: number): number | null {
  const stack: [CST.Token | null | undefined, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [tok, depth] = stack.pop()!;
    if (!tok) continue;
    switch (tok.type) {
      case "document":
        stack.push([tok.value, depth]);
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection":
        if (depth + 1 > maxDepth) return tok.offset;
        for (let i = tok.items.length - 1; i >= 0; i--) {
          const item = tok.items[i]!;
          stack.push([item.value, depth + 1], [item.key, depth + 1]);
        }
        break;
      default:
        break;
    }
  }
  return null;
}

class Converter {
  private readonly y = loadYaml();
  /** Each alias node -> the node it names (the last anchor of that name before it). */
  private readonly targets = new Map<Node, Node | undefined>();
  /** Alias targets being expanded now: one met again is a cycle. */
  private readonly expanding = new Set<Node>();
  /** Inside an alias expansion: values made here count against the alias budget. */
  private expansion = 0;
  /** A bound was hit: the rest is not read (it could hold a million more of the same). */
  private stopped = false;

  constructor(
    doc: Document,
    private readonly text: string,
    private readonly file: string,
    private readonly loc: Locator,
    private readonly budget: ReadBudget,
    private readonly diagnostics: Diagnostic[],
  ) {
    const anchors = new Map<string, Node>();
    // Document order, as `yaml` resolves aliases: a node, then its keys and values in turn.
    const visit = (node: unknown): void => {
      if (!node || typeof node !== "object") return;
      if (this.y.isAlias(node)) {
        this.targets.set(node, anchors.get(node.source));
        return;
      }
      if (this.y.isPair(node)) {
        visit(node.key);
        visit(node.value);
        return;
      }
      if (!this.y.isScalar(node) && !this.y.isMap(node) && !this.y.isSeq(node)) return;
      if (node.anchor) anchors.set(node.anchor, node);
      if (this.y.isMap(node) || this.y.isSeq(node)) for (const item of node.items) visit(item);
    };
    // The depth was checked on the token tree, so this recursion stays short.
    visit(doc.contents);
  }

  private error(code: string, message: string, offset: number, hint?: string): null {
    this.diagnostics.push({ severity: "error", code, message, ...(hint ? { hint } : {}), source: this.loc.at(this.file, offset) });
    return null;
  }

  /** depth: of the collection holding `node` (0 for the document). */
  value(node: Node | null | undefined | unknown, depth: number): unknown {
    if (node === null || node === undefined || this.stopped) return null;
    if (this.expansion > 0 && --this.budget.aliasValues < 0) {
      const at = offsetOf(node) ?? 0;
      this.stopped = true;
      return this.error(
        "yaml-alias-limit",
        `aliases expand to more than ${this.budget.limits.aliasValues.toLocaleString("en-US")} values`,
        at,
        "Write the repeated values out, or use `defaults`.",
      );
    }
    if (this.y.isAlias(node)) {
      const at = node.range?.[0] ?? 0;
      const target = this.targets.get(node);
      if (!target) {
        return this.error("yaml-unknown-alias", `alias *${node.source} refers to no anchor`, at, `Define the anchor first (\`&${node.source}\` on an earlier value), or write the value out.`);
      }
      if (this.expanding.has(target)) {
        return this.error("yaml-alias-cycle", `alias *${node.source} refers to a value that contains it`, at, "An alias can repeat an earlier value, not the one it is inside.");
      }
      this.expanding.add(target);
      this.expansion++;
      try {
        return this.value(target, depth);
      } finally {
        this.expansion--;
        this.expanding.delete(target);
      }
    }
    if (this.y.isScalar(node)) return node.value;
    if ((this.y.isSeq(node) || this.y.isMap(node)) && depth + 1 > this.budget.limits.depth) {
      this.stopped = true;
      this.diagnostics.push(tooDeep(this.file, this.loc.at(this.file, node.range?.[0] ?? 0), this.budget.limits.depth));
      return null;
    }
    if (this.y.isSeq(node)) {
      const arr: unknown[] = [];
      const pos: SeqPos = { file: this.file, o: node.range?.[0] ?? 0, items: [] };
      for (const item of node.items) {
        pos.items.push(this.emptyAt(item, "-") ?? offsetOf(item) ?? pos.o);
        arr.push(this.value(item, depth + 1));
      }
      setPos(arr, pos);
      return arr;
    }
    if (this.y.isMap(node)) {
      const obj: Record<string, unknown> = {};
      const pos: MapPos = { file: this.file, o: node.range?.[0] ?? 0, kp: {}, vp: {} };
      const merged: Record<string, unknown>[] = [];
      for (const pair of node.items) {
        if (!this.y.isPair(pair)) continue;
        const keyNode = pair.key;
        const keyOff = offsetOf(keyNode) ?? pos.o;
        const key = this.y.isScalar(keyNode) ? keyNode.value : undefined;
        if (this.y.isScalar(keyNode) && (key === "<<" || (typeof key === "symbol" && key.description === "<<"))) {
          // YAML 1.1 merge key: explicit keys of this mapping win over merged ones.
          const src = this.value(pair.value, depth + 1);
          for (const m of Array.isArray(src) ? src : [src]) {
            if (m !== null && typeof m === "object" && !Array.isArray(m)) merged.push(m as Record<string, unknown>);
          }
          continue;
        }
        if (key === null || key === undefined || typeof key === "object") {
          this.error("yaml-complex-key", "mapping keys must be plain strings", keyOff);
          continue;
        }
        const k = String(key);
        if (Object.prototype.hasOwnProperty.call(obj, k)) {
          this.error("duplicate-key", "Map keys must be unique", keyOff, "Each key may appear once in a mapping; merge the two entries.");
          continue;
        }
        pos.kp[k] = keyOff;
        pos.vp[k] = this.emptyAt(pair.value, ":") === undefined ? (offsetOf(pair.value) ?? keyOff) : keyOff;
        Object.defineProperty(obj, k, { value: this.value(pair.value, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      for (const m of merged) {
        const p = posOf(m);
        const mp = typeof p === "object" && "kp" in p ? p : undefined;
        for (const k of Object.keys(m)) {
          if (Object.prototype.hasOwnProperty.call(obj, k)) continue;
          obj[k] = m[k];
          if (mp) {
            pos.kp[k] = mp.kp[k] ?? mp.o;
            pos.vp[k] = mp.vp[k] ?? mp.o;
          }
        }
      }
      setPos(obj, pos);
      return obj;
    }
    return null;
  }

  /**
   * For an empty value (`key:` or `-` with nothing after): the offset of the `-` or `:`
   * before it, so that it is placed, as the fast reader places it, at its item or key.
   */
  private emptyAt(node: unknown, indicator: "-" | ":"): number | undefined {
    if (!this.y.isScalar(node) || !node.range || node.range[0] !== node.range[1]) return undefined;
    let k = node.range[0];
    while (k > 0 && this.text.charCodeAt(k - 1) === 32) k--;
    return this.text[k - 1] === indicator ? k - 1 : undefined;
  }
}

function offsetOf(node: unknown): number | undefined {
  if (node && typeof node === "object" && "range" in node) {
    const r = (node as { range?: [number, number, number] | null }).range;
    return r ? r[0] : undefined;
  }
  return undefined;
}
