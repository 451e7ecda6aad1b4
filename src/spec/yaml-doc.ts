// The exact path: `yaml` composes a Document (slow on huge files, used when the fast reader
// gives up), reports syntax errors with offsets, and its nodes are copied into plain
// values carrying the same positions as the fast reader's.

import type { Document, Node } from "yaml";
import { loadYaml } from "../util/load-on-use.js";
import type { Diagnostic } from "../model/diagnostics.js";
import { POS, type Locator, type MapPos, type SeqPos } from "./positions.js";

export interface YamlReadResult {
  value: unknown;
  diagnostics: Diagnostic[];
}

const MAX_ALIAS_EXPANSIONS = 10_000;

const SYNTAX_HINTS: Partial<Record<string, string>> = {
  DUPLICATE_KEY: "Each key may appear once in a mapping; merge the two entries.",
  TAB_AS_INDENT: "Indent with spaces, not tabs.",
  MULTIPLE_DOCS: "A spec file holds one document; split it into files and use `include:`.",
  MISSING_CHAR: "Close the quote or bracket opened before this point.",
  BAD_INDENT: "Line the keys of one mapping up in the same column.",
};

/** `yaml`, loaded by the first readWithYaml (the fast reader usually makes it unneeded). */
let Y: typeof import("yaml");

export function readWithYaml(text: string, file: string, loc: Locator): YamlReadResult {
  Y = loadYaml();
  const doc = Y.parseDocument(text, { uniqueKeys: true, merge: true, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    diagnostics.push({
      severity: "error",
      code: err.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax",
      message: firstLine(err.message),
      hint: SYNTAX_HINTS[err.code] ?? "Check the indentation and quoting near here; a value containing `: ` or starting with a special character needs quotes.",
      source: loc.at(file, err.pos[0]),
    });
  }
  if (diagnostics.length > 0) return { value: null, diagnostics };
  const conv = new Converter(doc, file, loc, diagnostics);
  const value = conv.value(doc.contents);
  return { value: diagnostics.length > 0 ? null : value, diagnostics };
}

function firstLine(s: string): string {
  const line = s.split("\n")[0] ?? s;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}

class Converter {
  private aliases = 0;
  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly loc: Locator,
    private readonly diagnostics: Diagnostic[],
  ) {}

  value(node: Node | null | undefined | unknown, depth = 0): unknown {
    if (node === null || node === undefined) return null;
    if (depth > 200) return null;
    if (Y.isAlias(node)) {
      if (++this.aliases > MAX_ALIAS_EXPANSIONS) {
        this.diagnostics.push({
          severity: "error",
          code: "yaml-alias-limit",
          message: `more than ${MAX_ALIAS_EXPANSIONS} alias expansions`,
          hint: "Write the repeated values out, or use `defaults`.",
          source: this.loc.at(this.file, node.range?.[0] ?? 0),
        });
        return null;
      }
      const target = node.resolve(this.doc);
      if (!target) {
        this.diagnostics.push({
          severity: "error",
          code: "yaml-unknown-alias",
          message: `alias *${node.source} refers to no anchor`,
          hint: `Define the anchor first (\`&${node.source}\` on an earlier value), or write the value out.`,
          source: this.loc.at(this.file, node.range?.[0] ?? 0),
        });
        return null;
      }
      return this.value(target, depth + 1);
    }
    if (Y.isScalar(node)) return node.value;
    if (Y.isSeq(node)) {
      const arr: unknown[] = [];
      const pos: SeqPos = { file: this.file, o: node.range?.[0] ?? 0, items: [] };
      for (const item of node.items) {
        pos.items.push(offsetOf(item) ?? pos.o);
        arr.push(this.value(item, depth + 1));
      }
      Object.defineProperty(arr, POS, { value: pos });
      return arr;
    }
    if (Y.isMap(node)) {
      const obj: Record<string, unknown> = {};
      const pos: MapPos = { file: this.file, o: node.range?.[0] ?? 0, kp: {}, vp: {} };
      const merged: Array<[Record<string, unknown>]> = [];
      for (const pair of node.items) {
        if (!Y.isPair(pair)) continue;
        const keyNode = pair.key;
        const keyOff = offsetOf(keyNode) ?? pos.o;
        const key = Y.isScalar(keyNode) ? keyNode.value : undefined;
        if (Y.isScalar(keyNode) && (key === "<<" || (typeof key === "symbol" && key.description === "<<"))) {
          // YAML 1.1 merge key: explicit keys of this mapping win over merged ones.
          const src = this.value(pair.value, depth + 1);
          for (const m of Array.isArray(src) ? src : [src]) {
            if (m !== null && typeof m === "object" && !Array.isArray(m)) merged.push([m as Record<string, unknown>]);
          }
          continue;
        }
        if (key === null || key === undefined || typeof key === "object") {
          this.diagnostics.push({
            severity: "error",
            code: "yaml-complex-key",
            message: "mapping keys must be plain strings",
            source: this.loc.at(this.file, keyOff),
          });
          continue;
        }
        const k = String(key);
        pos.kp[k] = keyOff;
        pos.vp[k] = offsetOf(pair.value) ?? keyOff;
        Object.defineProperty(obj, k, { value: this.value(pair.value, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      for (const [m] of merged) {
        const mp = (m as { [POS]?: MapPos })[POS];
        for (const k of Object.keys(m)) {
          if (Object.prototype.hasOwnProperty.call(obj, k)) continue;
          obj[k] = m[k];
          if (mp) {
            pos.kp[k] = mp.kp[k] ?? mp.o;
            pos.vp[k] = mp.vp[k] ?? mp.o;
          }
        }
      }
      Object.defineProperty(obj, POS, { value: pos });
      return obj;
    }
    return null;
  }
}

function offsetOf(node: unknown): number | undefined {
  if (node && typeof node === "object" && "range" in node) {
    const r = (node as { range?: [number, number, number] | null }).range;
    return r ? r[0] : undefined;
  }
  return undefined;
}
