// Where each value of a loaded spec was written. Loaded objects and arrays carry their
// positions under a symbol, so ajv and the normalizer see plain values while diagnostics
// can still point at file:line:col. Offsets are turned into lines only when asked, which
// keeps the hot path (100k members) to one number per key.

import type { SourceLocation } from "../model/diagnostics.js";

export const POS: unique symbol = Symbol("hgw.pos");

export interface MapPos {
  file: string;
  /** offset of the mapping (its first key) */
  o: number;
  /** key -> offset of the key */
  kp: Record<string, number>;
  /** key -> offset of the value (the key's offset when the value is empty) */
  vp: Record<string, number>;
}

export interface SeqPos {
  file: string;
  o: number;
  /** offset of each item */
  items: number[];
}

/**
 * The fast reader's compact form (one array per mapping or sequence, to keep allocations
 * down on 100k-member specs): [file, offset, ...] followed by, for a mapping, the key and
 * value offsets of each key in insertion order, and for a sequence, each item's offset.
 */
export type FlatPos = (string | number)[];

export type AnyPos = MapPos | SeqPos | FlatPos;

export type Positioned = { [POS]?: AnyPos };

/** Line starts of one file, for offset -> line:col by binary search. */
export class LineIndex {
  private readonly starts: Int32Array;
  constructor(text: string) {
    let n = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
    const starts = new Int32Array(n);
    let k = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts[k++] = i + 1;
    this.starts = starts;
  }
  locate(file: string, offset: number): SourceLocation {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((s[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, col: offset - (s[lo] ?? 0) + 1 };
  }
}

/** Resolves positions recorded on loaded values; one per load, with a LineIndex per file. */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();
  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  at(file: string, offset: number): SourceLocation {
    let idx = this.indexes.get(file);
    if (!idx) {
      idx = new LineIndex(this.sources.get(file) ?? "");
      this.indexes.set(file, idx);
    }
    return idx.locate(file, offset);
  }

  /** The node itself (a mapping or a sequence). */
  node(value: unknown): SourceLocation | undefined {
    const p = posOf(value);
    if (!p) return undefined;
    if (Array.isArray(p)) return this.at(p[0] as string, p[1] as number);
    return this.at(p.file, p.o);
  }

  /** A key of a mapping: its value (default) or the key itself. */
  key(obj: unknown, key: string, which: "value" | "key" = "value"): SourceLocation | undefined {
    const p = posOf(obj);
    if (!p) return undefined;
    if (Array.isArray(p)) {
      const file = p[0] as string;
      let off: number | undefined;
      if (Array.isArray(obj)) {
        const i = Number(key);
        off = Number.isInteger(i) ? (p[2 + i] as number | undefined) : undefined;
      } else {
        const i = Object.keys(obj as object).indexOf(key);
        off = i < 0 ? undefined : (p[2 + 2 * i + (which === "key" ? 0 : 1)] as number | undefined);
      }
      return this.at(file, off ?? (p[1] as number));
    }
    if ("kp" in p) {
      const off = which === "key" ? p.kp[key] : (p.vp[key] ?? p.kp[key]);
      return off === undefined ? this.at(p.file, p.o) : this.at(p.file, off);
    }
    const i = Number(key);
    const off = Number.isInteger(i) ? p.items[i] : undefined;
    return this.at(p.file, off ?? p.o);
  }

  /** Follows a JSON pointer (ajv's instancePath) as far as positions go. */
  pointer(root: unknown, pointer: string, which: "value" | "key" = "value"): SourceLocation | undefined {
    const parts = pointer === "" ? [] : pointer.slice(1).split("/").map(unescapePointer);
    let cur: unknown = root;
    let parent: unknown = undefined;
    let last: string | undefined;
    for (const part of parts) {
      if (cur === null || typeof cur !== "object") break;
      parent = cur;
      last = part;
      cur = (cur as Record<string, unknown>)[part];
    }
    if (parent !== undefined && last !== undefined) return this.key(parent, last, which);
    return this.node(root);
  }
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function posOf(value: unknown): AnyPos | undefined {
  if (value === null || typeof value !== "object") return undefined;
  return (value as Positioned)[POS];
}
