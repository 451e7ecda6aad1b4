// Where each value of a loaded spec was written. Loaded objects and arrays carry their
// positions in a private field, so ajv and the normalizer see plain values while diagnostics
// can still point at file:line:col. Offsets are turned into lines only when asked, which
// keeps the hot path (100k members) to one number per key.

import type { SourceLocation } from "../model/diagnostics.js";

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
 * The fast reader's positions, kept out of the values (an array per mapping made reading a
 * 100k-member spec four times slower, mostly in the garbage collector): one growing
 * Int32Array per load, a record per mapping or sequence, the record's index on the value.
 * A record is [file id, offset of the node, n, ...] followed, for a mapping, by the key and
 * value offsets of its n keys in insertion order, and for a sequence, its n items' offsets.
 */
export class PosStore {
  private readonly files: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Per file id: the line starts the fast reader found, with the length of the text read. */
  private readonly lineStarts: { starts: Int32Array; length: number }[] = [];
  data = new Int32Array(4096);
  len = 0;

  fileId(file: string): number {
    let id = this.ids.get(file);
    if (id === undefined) {
      id = this.files.length;
      this.files.push(file);
      this.ids.set(file, id);
    }
    return id;
  }

  setLines(fileId: number, starts: Int32Array, length: number): void {
    this.lineStarts[fileId] = { starts, length };
  }

  /** Line starts of `file` as read from a text of `length` characters, if the fast reader has them. */
  linesOf(file: string, length: number): Int32Array | undefined {
    const id = this.ids.get(file);
    const l = id === undefined ? undefined : this.lineStarts[id];
    return l && l.length === length ? l.starts : undefined;
  }

  file(rec: number): string {
    return this.files[this.data[rec]!]!;
  }

  /** Room for `more` entries beyond what is stored, grown once instead of by doubling. */
  reserve(more: number): void {
    if (this.len + more <= this.data.length) return;
    // At least doubled: a spec split into a hundred files reserves a hundred times.
    const grown = new Int32Array(Math.max(this.len + more, this.data.length * 2));
    grown.set(this.data.subarray(0, this.len));
    this.data = grown;
  }

  /** Appends a record of `n` collection entries taken from offs[0..count) and returns its index. */
  add(fileId: number, node: number, n: number, offs: readonly number[], count: number): number {
    const rec = this.len;
    const need = rec + 3 + count;
    if (need > this.data.length) {
      const grown = new Int32Array(Math.max(need, this.data.length * 2));
      grown.set(this.data.subarray(0, this.len));
      this.data = grown;
    }
    const d = this.data;
    d[rec] = fileId;
    d[rec + 1] = node;
    d[rec + 2] = n;
    for (let k = 0; k < count; k++) d[rec + 3 + k] = offs[k]!;
    this.len = need;
    return rec;
  }
}

/** Positions on a value: the `yaml` path's objects, or a record in the Locator's PosStore. */
export type AnyPos = MapPos | SeqPos | number;

/** Its constructor returns the object it is given, so a subclass's private field lands on that object. */
class Given {
  constructor(value: object) {
    return value as Given;
  }
}

/**
 * Positions ride on the loaded values in a private field: seen by nothing else (keys,
 * spread, JSON, symbols, equality in tests), and written as an ordinary property store.
 * Object.defineProperty with a hidden symbol did the same through a slow runtime call, one
 * per mapping: about a sixth of the fast reader's time on a 100k-member spec.
 */
class Positioned extends Given {
  readonly #pos: AnyPos;
  private constructor(value: object, pos: AnyPos) {
    super(value);
    this.#pos = pos;
  }

  static set(value: object, pos: AnyPos): void {
    new Positioned(value, pos);
  }

  static of(value: object): AnyPos | undefined {
    return #pos in value ? value.#pos : undefined;
  }
}

/** Records where a loaded mapping or sequence was written (once per value). */
export function setPos(value: object, pos: AnyPos): void {
  Positioned.set(value, pos);
}

/** Line starts of one file, for offset -> line:col by binary search. */
export class LineIndex {
  private readonly starts: Int32Array;
  /** `known`: where each line starts, when already found (the fast reader finds them). */
  constructor(text: string, known?: Int32Array) {
    if (known) {
      this.starts = known;
      return;
    }
    let n = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
    const starts = new Int32Array(n);
    let k = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts[k++] = i + 1;
    this.starts = starts;
  }
  /** The line found last: the loader asks for positions mostly in file order. */
  private last = 0;

  locate(file: string, offset: number): SourceLocation {
    const s = this.starts;
    const l = this.last;
    if ((s[l] ?? 0) <= offset) {
      // The same line as last time, or one of the next few: no search.
      for (let k = l; k < l + 4 && k < s.length; k++) {
        if (k + 1 === s.length || s[k + 1]! > offset) {
          this.last = k;
          return { file, line: k + 1, col: offset - s[k]! + 1 };
        }
      }
    }
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((s[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return { file, line: lo + 1, col: offset - (s[lo] ?? 0) + 1 };
  }
}

/** Resolves positions recorded on loaded values; one per load, with a LineIndex per file. */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();
  /** Where the fast reader puts the positions of what it reads for this Locator. */
  readonly store = new PosStore();
  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  at(file: string, offset: number): SourceLocation {
    let idx = this.indexes.get(file);
    if (!idx) {
      const text = this.sources.get(file) ?? "";
      idx = new LineIndex(text, this.store.linesOf(file, text.length));
      this.indexes.set(file, idx);
    }
    return idx.locate(file, offset);
  }

  /** The node itself (a mapping or a sequence). */
  node(value: unknown): SourceLocation | undefined {
    return this.place(posOf(value));
  }

  /** Where a node was written, from the positions `posOf` gave for it: for callers that keep those rather than the value. */
  place(p: AnyPos | undefined): SourceLocation | undefined {
    if (p === undefined) return undefined;
    if (typeof p === "number") return this.at(this.store.file(p), this.store.data[p + 1]!);
    return this.at(p.file, p.o);
  }

  /** A key of a mapping: its value (default) or the key itself. */
  key(obj: unknown, key: string, which: "value" | "key" = "value"): SourceLocation | undefined {
    const p = posOf(obj);
    if (p === undefined) return undefined;
    if (typeof p === "number") {
      const d = this.store.data;
      const n = d[p + 2]!;
      let off = d[p + 1]!;
      if (Array.isArray(obj)) {
        const i = Number(key);
        if (Number.isInteger(i) && i >= 0 && i < n) off = d[p + 3 + i]!;
      } else {
        const i = Object.keys(obj as object).indexOf(key);
        if (i >= 0 && i < n) off = d[p + 3 + 2 * i + (which === "key" ? 0 : 1)]!;
      }
      return this.at(this.store.file(p), off);
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
  return Positioned.of(value);
}
