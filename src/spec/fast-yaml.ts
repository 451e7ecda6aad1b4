// A fast reader for the YAML that specs are written in. Why it exists: composing a `yaml`
// Document for a 100k-member spec takes seconds and ~570 MB; this takes a fraction of that.
//
// It reads a strict subset and returns exactly what `yaml` (core schema, the loader's
// options) returns for it, with the same positions as the `yaml` path (yaml-doc.ts); on
// anything outside the subset it gives up and the caller reads the text with `yaml`, which
// also reports errors exactly. A differential fuzz test holds the two together
// (test/spec/fast-yaml.test.ts, bench/fuzz-yaml.mjs). The subset:
// - block mappings whose keys are identifiers (`[A-Za-z_][A-Za-z0-9_-]*`, not `null`,
//   `true` or `false` in any spelling, at most 1024 characters), each followed by `:`;
// - block sequences, including compact ones (`- - x`, `- key: value`);
// - one-line scalars: plain, single-quoted, double-quoted without escapes;
// - one-line flow collections (`[a, b]`, `{ email: x, role: y }`), nested, as values and
//   as sequence items, with identifier keys;
// - comments, blank lines, one leading `---`, a byte-order mark at offset 0, LF or CRLF.
// Never: tabs, anchors, aliases, tags, block scalars, multi-line scalars or flow
// collections, `?` keys, directives, more than one document, control characters.
//
// Nesting deeper than the depth limit is an error here too (not a give-up), located where
// the limit is crossed, as the `yaml` path reports it.

import { setPos, type PosStore } from "./positions.js";

export type FastResult =
  | { ok: true; value: unknown }
  /** Nesting deeper than maxDepth, first crossed at this offset. */
  | { ok: false; tooDeep: number }
  /** Outside the subset: read with `yaml`. `offset` is where the reader stopped. */
  | { ok: false; bail: number };

class Bail {
  constructor(readonly offset: number) {}
}
class TooDeep {
  constructor(readonly offset: number) {}
}

/** Values resolved as `yaml`'s core schema does (schema/core/*.js in `yaml`). */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Fast exit for the common case: text that cannot be a null, bool or number.
  if (s.length > 0 && !((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) return s;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(s)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(s)) return false;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) return s.endsWith("nan") || s.endsWith("NaN") || s.endsWith("NAN") ? NaN : s.startsWith("-") ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/**
 * Reads `text` or gives up; never throws for any input. Positions go to `store` (the
 * Locator's that will resolve them). `rethrow` is for the fuzz test: a bug here would
 * otherwise hide as a give-up.
 */
export function fastParse(text: string, file: string, opts: { maxDepth: number; store: PosStore; rethrow?: boolean }): FastResult {
  const mark = opts.store.len;
  // A spec holds about one position per 8 characters (7.5 for one-line members): room for
  // twice that up front, so the store is never copied (pages not written cost nothing).
  opts.store.reserve(text.length >> 2);
  try {
    const fileId = opts.store.fileId(file);
    const parser = new FastParser(text, opts.store, fileId, opts.maxDepth);
    const value = parser.parse();
    opts.store.setLines(fileId, parser.lines, text.length);
    return { ok: true, value };
  } catch (e) {
    opts.store.len = mark;
    if (e instanceof Bail) return { ok: false, bail: e.offset };
    if (e instanceof TooDeep) return { ok: false, tooDeep: e.offset };
    if (opts.rethrow) throw e;
    // Only a bug can land here (the depth limit keeps the recursion short); `yaml` decides.
    return { ok: false, bail: 0 };
  }
}

const SP = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const CR = 13;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;
const SQUOTE = 39;
const DQUOTE = 34;
const BACKSLASH = 92;

/** Longest implicit key `yaml` accepts. */
const MAX_KEY = 1024;
const MAX_KEY_SPAN = 1000;
/** Strings this long or shorter are looked up among earlier ones, BUCKET per length. */
const SHORT = 16;
const BUCKET = 8;
/**
 * Anything but printable text, LF and CRLF: what `yaml` reads in ways this reader does not
 * copy (tabs, lone CR, NEL and other line separators, controls, a BOM after offset 0,
 * non-characters, lone surrogates). Checked one match at a time because CRLF and surrogate
 * pairs are fine.
 */
const UNUSUAL = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/g;

function firstUnusual(t: string): number {
  UNUSUAL.lastIndex = t.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let m = UNUSUAL.exec(t); m; m = UNUSUAL.exec(t)) {
    const k = m.index;
    const c = t.charCodeAt(k);
    if (c === CR && t.charCodeAt(k + 1) === 10) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = t.charCodeAt(k + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        UNUSUAL.lastIndex = k + 2;
        continue;
      }
    }
    return k;
  }
  return -1;
}

class FastParser {
  /** Where every line starts, blank ones too: handed on for offset -> line:col. */
  readonly lines: Int32Array;
  /** Offset of the one leading `---` line, skipped when reached; -1 if none. */
  private readonly docStart: number;
  // The content line being read (not blank, not only a comment), found by next() as the
  // reading reaches it rather than tabled up front: one pass over the text, no per-line arrays.
  /** Whether there is one; the fields below describe it. */
  private has = false;
  /** Its indentation, or for a compact item (`- key: v`), the column of that item. */
  private ind = 0;
  /** Where its content starts (the item's, for a compact item), and ends (trailing spaces and CR off). */
  private st = 0;
  private en = 0;
  /** Where the line starts. */
  private ls = 0;
  /** Where the last non-blank line (content or comment) before it starts. */
  private ps = 0;
  /** The next line to look at (an index into `lines`), and the last non-blank line seen so far. */
  private nextLine = 0;
  private lastNonBlank = 0;
  /** Offsets of the collection being read at each depth, until it is stored whole. */
  private readonly scratch: number[][] = [];
  /** Short strings read so far, by length (see text()). */
  private readonly seen: string[][] = [];
  private evict = 0;
  /** The reading position inside a flow collection. */
  private k = 0;

  constructor(
    private readonly t: string,
    private readonly store: PosStore,
    private readonly fileId: number,
    private readonly maxDepth: number,
  ) {
    const odd = firstUnusual(t);
    if (odd >= 0) throw new Bail(odd);
    // Line starts, and the document markers and directives that put a text outside the
    // subset, found before any reading so that the same offset is given up at as ever. Only
    // the lines before the first content line need a closer look: after it, any line that
    // starts with `%`, `---` or `...` is one of those.
    let lines = new Int32Array((t.length >> 4) + 16);
    let line = 0;
    let docStart = -1;
    let seenContent = false;
    let pos = t.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (pos <= t.length) {
      if (line === lines.length) {
        const grown = new Int32Array(line * 2);
        grown.set(lines);
        lines = grown;
      }
      // The first line starts at 0 even after a byte-order mark, as LineIndex counts it.
      if (line > 0) lines[line] = pos;
      line++;
      let eol = t.indexOf("\n", pos);
      if (eol < 0) eol = t.length;
      const c = t.charCodeAt(pos);
      if (seenContent) {
        if ((c === 37 || c === DASH || c === 46) && isMarker(t, pos)) throw new Bail(pos);
      } else {
        let s = pos;
        while (t.charCodeAt(s) === SP) s++;
        const e = trimEnd(t, s, eol);
        if (s < e && t.charCodeAt(s) !== HASH) {
          if (s === pos && (c === 37 || c === DASH || c === 46) && isMarker(t, s)) {
            // Only one leading `---` is in the subset.
            if (c !== DASH || !restIsComment(t, s + 3, e)) throw new Bail(s);
            docStart = s;
          }
          seenContent = true;
        }
      }
      pos = eol + 1;
    }
    this.lines = lines.length === line ? lines : lines.subarray(0, line);
    this.docStart = docStart;
    this.next();
  }

  /** Moves to the next content line, if any. */
  private next(): void {
    const t = this.t;
    const lines = this.lines;
    const count = lines.length;
    const len = t.length;
    for (let l = this.nextLine; l < count; l++) {
      const pos = l === 0 && t.charCodeAt(0) === 0xfeff ? 1 : lines[l]!;
      const eol = l + 1 < count ? lines[l + 1]! - 1 : len;
      let s = pos;
      while (t.charCodeAt(s) === SP) s++;
      const e = trimEnd(t, s, eol);
      if (s < e) {
        if (t.charCodeAt(s) !== HASH && s !== this.docStart) {
          this.has = true;
          this.ind = s - pos;
          this.st = s;
          this.en = e;
          this.ls = pos;
          this.ps = this.lastNonBlank;
          this.lastNonBlank = pos;
          this.nextLine = l + 1;
          return;
        }
        // The `---` line does not count as the line before the first key.
        if (s !== this.docStart) this.lastNonBlank = pos;
      }
    }
    this.nextLine = count;
    this.has = false;
  }

  parse(): unknown {
    if (!this.has) return null;
    if (this.ind !== 0) throw new Bail(this.st);
    const v = this.block(1);
    if (this.has) this.bail();
    return v;
  }

  private bail(at?: number): never {
    throw new Bail(at ?? (this.has ? this.st : this.t.length));
  }

  /** Whether the current line is a sequence item. */
  private isDash(): boolean {
    const s = this.st;
    return this.t.charCodeAt(s) === DASH && (s + 1 === this.en || this.t.charCodeAt(s + 1) === SP);
  }

  private offsets(depth: number): number[] {
    let offs = this.scratch[depth];
    if (!offs) this.scratch[depth] = offs = [];
    return offs;
  }

  private block(depth: number): unknown {
    return this.isDash() ? this.seq(this.ind, depth) : this.map(this.ind, depth, this.keyEnd(this.st, this.en));
  }

  private seq(n: number, depth: number): unknown[] {
    const t = this.t;
    if (depth > this.maxDepth) throw new TooDeep(this.st);
    const arr: unknown[] = [];
    const node = this.st;
    const offs = this.offsets(depth);
    let o = 0;
    let colon: number;
    while (this.has && this.ind === n && this.isDash()) {
      const s = this.st;
      const e = this.en;
      let j = s + 1;
      while (j < e && t.charCodeAt(j) === SP) j++;
      const c = t.charCodeAt(j);
      if (j >= e || c === HASH) {
        // `-` alone: the item is on the lines below, or empty (null, placed at the dash).
        this.next();
        if (this.has && this.ind > n) {
          offs[o++] = this.st;
          arr.push(this.block(depth + 1));
        } else {
          offs[o++] = s;
          arr.push(null);
        }
        continue;
      }
      offs[o++] = j;
      const col = j - this.ls;
      if (c === DASH && (j + 1 === e || t.charCodeAt(j + 1) === SP)) {
        // `- - x`: a sequence in a sequence, indented as far as its first dash.
        this.ind = col;
        this.st = j;
        arr.push(this.seq(col, depth + 1));
      } else if ((colon = this.keyEnd(j, e)) >= 0) {
        // `- key: value`: a mapping in a sequence, its keys in the column of the first.
        this.ind = col;
        this.st = j;
        arr.push(this.map(col, depth + 1, colon));
      } else {
        arr.push(this.inline(j, e, depth + 1));
        this.next();
        if (this.has && this.ind > n) this.bail();
      }
    }
    if (this.has && this.ind > n) this.bail();
    setPos(arr, this.store.add(this.fileId, node, arr.length, offs, o));
    return arr;
  }

  /** Offset of the `:` after an identifier key starting at s, or -1. */
  private keyEnd(s: number, e: number): number {
    const t = this.t;
    const c = t.charCodeAt(s);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return -1;
    let k = s + 1;
    for (; k < e; k++) {
      const ch = t.charCodeAt(k);
      if (!((ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57) || ch === 95 || ch === DASH)) break;
    }
    if (t.charCodeAt(k) !== COLON || (k + 1 < e && t.charCodeAt(k + 1) !== SP)) return -1;
    return k;
  }

  /** The key from s to colon; gives up on keys `yaml` reads as something else than that string. */
  private key(s: number, colon: number, obj: Record<string, unknown>): string {
    if (colon - s > MAX_KEY) this.bail(s);
    const key = this.text(s, colon);
    const c = key.charCodeAt(0);
    if ((c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70) && resolvePlain(key) !== key) this.bail(s);
    // No value read is undefined, so a key not yet in `obj` reads as undefined unless
    // Object.prototype has it (`__proto__`, `constructor`...): only then the closer look.
    if (obj[key] !== undefined && (key === "__proto__" || Object.prototype.hasOwnProperty.call(obj, key))) this.bail(s);
    return key;
  }

  /** A block mapping at indentation n; `first` is keyEnd() of the current line. */
  private map(n: number, depth: number, first: number): Record<string, unknown> {
    const t = this.t;
    // Not a key: a scalar on its own line, or an error; either way not a collection to count.
    if (first < 0) this.bail();
    if (depth > this.maxDepth) throw new TooDeep(this.st);
    const obj: Record<string, unknown> = {};
    const node = this.st;
    const offs = this.offsets(depth);
    let o = 0;
    let colon = first;
    while (this.has && this.ind === n) {
      const s = this.st;
      const e = this.en;
      if (o > 0) {
        colon = this.keyEnd(s, e);
        if (colon < 0) this.bail(s);
      }
      // `yaml` measures a key's 1024 characters from the end of the value before it, blank
      // lines included (after an empty value); give up well before that can matter.
      if (colon - this.ps > MAX_KEY_SPAN) this.bail(s);
      const key = this.key(s, colon, obj);
      offs[o++] = s;
      let j = colon + 1;
      while (j < e && t.charCodeAt(j) === SP) j++;
      if (j >= e || t.charCodeAt(j) === HASH) {
        // `key:` alone: the value is on the lines below, or empty (null, placed at the key).
        this.next();
        if (this.has && this.ind > n) {
          offs[o++] = this.st;
          obj[key] = this.block(depth + 1);
        } else if (this.has && this.ind === n && this.isDash()) {
          offs[o++] = this.st;
          obj[key] = this.seq(n, depth + 1);
        } else {
          offs[o++] = s;
          obj[key] = null;
        }
      } else {
        offs[o++] = j;
        obj[key] = this.inline(j, e, depth + 1);
        this.next();
        if (this.has && this.ind > n) this.bail();
      }
    }
    if (this.has && this.ind > n) this.bail();
    setPos(obj, this.store.add(this.fileId, node, o >> 1, offs, o));
    return obj;
  }

  /** Offset of the closing quote of a one-line quoted scalar starting at s. */
  private quotedEnd(s: number, e: number): number {
    const t = this.t;
    const q = t.charCodeAt(s);
    for (let k = s + 1; k < e; k++) {
      const ch = t.charCodeAt(k);
      if (q === DQUOTE && ch === BACKSLASH) this.bail(k); // escapes: left to `yaml`
      if (ch === q) {
        if (q === SQUOTE && t.charCodeAt(k + 1) === SQUOTE) {
          k++;
          continue;
        }
        return k;
      }
    }
    return this.bail(s);
  }

  private quoted(s: number, q: number): string {
    const body = this.t.slice(s + 1, q);
    return this.t.charCodeAt(s) === SQUOTE ? body.replace(/''/g, "'") : body;
  }

  /** A value in block context that starts and ends on this line (depth: if a collection). */
  private inline(j: number, e: number, depth: number): unknown {
    const t = this.t;
    const c = t.charCodeAt(j);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quotedEnd(j, e);
      if (!restIsComment(t, q + 1, e)) this.bail(j);
      return this.quoted(j, q);
    }
    if (c === LBRACKET || c === LBRACE) {
      const v = this.flow(j, e, depth);
      if (!restIsComment(t, this.k, e)) this.bail(j);
      return v;
    }
    // `-5`, `-x`: a dash not followed by a space starts a plain scalar.
    if (isIndicator(c) && !(c === DASH && j + 1 < e && t.charCodeAt(j + 1) !== SP)) this.bail(j);
    let k = j;
    for (; k < e; k++) {
      const ch = t.charCodeAt(k);
      if (ch === HASH && t.charCodeAt(k - 1) === SP) break;
      if (ch === COLON && (k + 1 === e || t.charCodeAt(k + 1) === SP)) this.bail(j);
    }
    let end = k;
    while (end > j && t.charCodeAt(end - 1) === SP) end--;
    return resolvePlain(this.text(j, end));
  }

  /**
   * t.slice(s, e), reusing an earlier string with the same text when one is at hand: keys
   * and values such as roles repeat a hundred thousand times, and a new string for each
   * costs an allocation (and, for a key, a lookup in V8's string table).
   */
  private text(s: number, e: number): string {
    const len = e - s;
    if (len > SHORT) return this.t.slice(s, e);
    let bucket = this.seen[len];
    if (!bucket) this.seen[len] = bucket = [];
    for (let k = 0; k < bucket.length; k++) {
      const cand = bucket[k]!;
      if (this.t.startsWith(cand, s)) return cand;
    }
    const str = this.t.slice(s, e);
    // One path for both a bucket filling up and one full: a first eviction on a path never
    // taken before would send the optimized readers that inline this back to be compiled again.
    const evict = this.evict++ % BUCKET;
    bucket[bucket.length < BUCKET ? bucket.length : evict] = str;
    return str;
  }

  /**
   * A flow sequence or mapping that closes on its line; items may be flow collections too.
   * Returns its value; `this.k` is then just past its closing bracket.
   */
  private flow(j: number, e: number, depth: number): unknown {
    if (depth > this.maxDepth) throw new TooDeep(j);
    // Two methods, not one with both branches: each is compiled with only its own kind's
    // feedback, and the first flow sequence after many flow mappings does not send the
    // mappings' optimized code back to be compiled again.
    return this.t.charCodeAt(j) === LBRACKET ? this.flowSeq(j, e, depth) : this.flowMap(j, e, depth);
  }

  private flowSeq(j: number, e: number, depth: number): unknown[] {
    const t = this.t;
    const arr: unknown[] = [];
    const offs = this.offsets(depth);
    let o = 0;
    this.k = j + 1;
    this.skip(e);
    while (t.charCodeAt(this.k) !== RBRACKET) {
      if (this.k >= e) this.bail(j);
      offs[o++] = this.k;
      arr.push(this.flowNode(e, depth));
      this.separator(e, RBRACKET);
    }
    this.k++;
    setPos(arr, this.store.add(this.fileId, j, arr.length, offs, o));
    return arr;
  }

  private flowMap(j: number, e: number, depth: number): Record<string, unknown> {
    const t = this.t;
    const obj: Record<string, unknown> = {};
    const offs = this.offsets(depth);
    let o = 0;
    this.k = j + 1;
    this.skip(e);
    while (t.charCodeAt(this.k) !== RBRACE) {
      if (this.k >= e) this.bail(j);
      const at = this.k;
      const colon = this.keyEnd(at, e);
      if (colon < 0 || colon + 1 >= e) this.bail(at);
      const key = this.key(at, colon, obj);
      this.k = colon + 1;
      this.skip(e);
      const v = t.charCodeAt(this.k);
      if (this.k >= e || v === COMMA || v === RBRACE) this.bail(this.k);
      offs[o++] = at;
      offs[o++] = this.k;
      obj[key] = this.flowNode(e, depth);
      this.separator(e, RBRACE);
    }
    this.k++;
    setPos(obj, this.store.add(this.fileId, j, o >> 1, offs, o));
    return obj;
  }

  /** After an item of a flow collection: past the comma and the spaces after it, or at `close`. */
  private separator(e: number, close: number): void {
    const t = this.t;
    this.skip(e);
    const ch = t.charCodeAt(this.k);
    if (ch === COMMA) {
      this.k++;
      this.skip(e);
      // `[a, ]` and `[a,,]`: yaml has rules for these; not in the subset.
      const next = t.charCodeAt(this.k);
      if (next === COMMA || next === close || this.k >= e) this.bail(this.k);
    } else if (ch !== close) this.bail(this.k);
  }

  private skip(e: number): void {
    while (this.k < e && this.t.charCodeAt(this.k) === SP) this.k++;
  }

  /** An item or value inside a flow collection at `depth`, starting at this.k. */
  private flowNode(e: number, depth: number): unknown {
    const t = this.t;
    let k = this.k;
    const c = t.charCodeAt(k);
    if (c === LBRACKET || c === LBRACE) return this.flow(k, e, depth + 1);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quotedEnd(k, e);
      this.k = q + 1;
      return this.quoted(k, q);
    }
    if (isIndicator(c) && !(c === DASH && k + 1 < e && !isFlowEnd(t.charCodeAt(k + 1)))) this.bail(k);
    const s = k;
    for (; k < e; k++) {
      const ch = t.charCodeAt(k);
      if (ch === COMMA || ch === RBRACKET || ch === RBRACE) break;
      if (ch === LBRACKET || ch === LBRACE) this.bail(k);
      if (ch === HASH && t.charCodeAt(k - 1) === SP) this.bail(k);
      if (ch === COLON && (k + 1 === e || isFlowEnd(t.charCodeAt(k + 1)))) this.bail(k);
    }
    this.k = k;
    let end = k;
    while (end > s && t.charCodeAt(end - 1) === SP) end--;
    return resolvePlain(this.text(s, end));
  }

}

/** After a `:` or `-` in flow context: the end of the token. */
function isFlowEnd(c: number): boolean {
  return c === SP || c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE || Number.isNaN(c);
}

/** Characters that cannot start a plain scalar we accept. */
function isIndicator(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return (
    c === 45 || c === 63 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 ||
    c === 35 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 ||
    c === 37 || c === 64 || c === 96
  );
}

/** A line starting at s with a directive (`%`), or a document marker (`---`, `...`) and then a space or its end. */
function isMarker(t: string, s: number): boolean {
  const c = t.charCodeAt(s);
  if (c === 37) return true;
  if (t.charCodeAt(s + 1) !== c || t.charCodeAt(s + 2) !== c) return false;
  const d = t.charCodeAt(s + 3);
  // A CR here ends the line: a CR before anything but LF has made the reader give up.
  return d === SP || d === 10 || d === CR || Number.isNaN(d);
}

/** End of a line's content from s: before the line break, a CR and trailing spaces. */
function trimEnd(t: string, s: number, eol: number): number {
  let e = eol;
  if (e > s && t.charCodeAt(e - 1) === CR) e--;
  while (e > s && t.charCodeAt(e - 1) === SP) e--;
  return e;
}

function restIsComment(t: string, k: number, e: number): boolean {
  let j = k;
  while (j < e && t.charCodeAt(j) === SP) j++;
  return j >= e || (t.charCodeAt(j) === HASH && j > k);
}
