// A fast reader for the block-style YAML that specs are written in (mappings, sequences,
// plain and quoted one-line scalars, one-line flow collections, comments). It records an
// offset for every key and item and gives up (returns undefined) on anything outside that
// subset or anything `yaml` would reject, so the caller falls back to `yaml` itself, which
// then reports errors exactly. Why it exists: composing a `yaml` Document for a 100k-member
// spec takes seconds and ~570 MB (see notes/performance.md); this takes a fraction of that.

import { POS, type FlatPos } from "./positions.js";

const BAIL = Symbol("bail");

/** Values resolved as `yaml`'s default core schema does. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Fast exit for the common case: text that cannot be a null, bool or number.
  if (s.length > 0 && !((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) return s;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(s)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(s)) return false;
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(s)) return NaN;
  return s;
}

/** Returns the document's value, or undefined when `yaml` must read this text instead. */
export function fastParse(text: string, file: string): { value: unknown } | undefined {
  try {
    return { value: new FastParser(text, file).parse() };
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

function bail(): never {
  throw BAIL;
}

const SP = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const TAB = 9;

class FastParser {
  private readonly ind: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly lineStart: Int32Array;
  private readonly n: number;
  private i = 0;

  constructor(
    private readonly t: string,
    private readonly file: string,
  ) {
    let count = 1;
    for (let k = t.indexOf("\n"); k >= 0; k = t.indexOf("\n", k + 1)) count++;
    this.ind = new Int32Array(count);
    this.start = new Int32Array(count);
    this.end = new Int32Array(count);
    this.lineStart = new Int32Array(count);
    let n = 0;
    let pos = t.charCodeAt(0) === 0xfeff ? 1 : 0;
    let seenContent = false;
    while (pos <= t.length) {
      let eol = t.indexOf("\n", pos);
      if (eol < 0) eol = t.length;
      let s = pos;
      while (t.charCodeAt(s) === SP) s++;
      let e = eol;
      while (e > s) {
        const ch = t.charCodeAt(e - 1);
        if (ch === SP || ch === TAB || ch === 13) e--;
        else break;
      }
      if (s < e && t.charCodeAt(s) !== HASH) {
        const c = t.charCodeAt(s);
        if (c === TAB || c === 13) bail();
        if (s === pos) {
          // Directives, document markers: only a leading `---` is in the subset.
          if (c === 37 /* % */) bail();
          if (t.startsWith("---", s) && (e === s + 3 || isWs(t.charCodeAt(s + 3)))) {
            if (seenContent || !restIsComment(t, s + 3, e)) bail();
            pos = eol + 1;
            continue;
          }
          if (t.startsWith("...", s) && (e === s + 3 || isWs(t.charCodeAt(s + 3)))) bail();
        }
        seenContent = true;
        this.ind[n] = s - pos;
        this.start[n] = s;
        this.end[n] = e;
        this.lineStart[n] = pos;
        n++;
      } else if (s < e && t.charCodeAt(s) === HASH) {
        // comment line
      } else if (e > s) {
        bail();
      }
      pos = eol + 1;
    }
    this.n = n;
  }

  parse(): unknown {
    if (this.n === 0) return null;
    if (this.ind[0] !== 0) bail();
    const v = this.block();
    if (this.i < this.n) bail();
    return v;
  }

  private isDash(i: number): boolean {
    const s = this.start[i]!;
    return this.t.charCodeAt(s) === DASH && (s + 1 === this.end[i]! || isWs(this.t.charCodeAt(s + 1)));
  }

  private block(): unknown {
    return this.isDash(this.i) ? this.seq(this.ind[this.i]!) : this.map(this.ind[this.i]!);
  }

  private seq(n: number): unknown[] {
    const t = this.t;
    const arr: unknown[] = [];
    const pos: FlatPos = [this.file, this.start[this.i]!];
    while (this.i < this.n && this.ind[this.i] === n && this.isDash(this.i)) {
      const i = this.i;
      const s = this.start[i]!;
      const e = this.end[i]!;
      let j = s + 1;
      while (j < e && isWs(t.charCodeAt(j))) j++;
      if (j >= e || t.charCodeAt(j) === HASH) {
        this.i++;
        if (this.i < this.n && this.ind[this.i]! > n) {
          pos.push(this.start[this.i]!);
          arr.push(this.block());
        } else {
          pos.push(s);
          arr.push(null);
        }
      } else {
        pos.push(j);
        if (t.charCodeAt(j - 1) === TAB) bail();
        const col = j - this.lineStart[i]!;
        if (t.charCodeAt(j) === DASH && (j + 1 === e || isWs(t.charCodeAt(j + 1)))) {
          this.ind[i] = col;
          this.start[i] = j;
          arr.push(this.seq(col));
        } else if (this.keyEnd(j, e) >= 0) {
          this.ind[i] = col;
          this.start[i] = j;
          arr.push(this.map(col));
        } else {
          arr.push(this.inline(j, e));
          this.i++;
          if (this.i < this.n && this.ind[this.i]! > n) bail();
        }
      }
    }
    if (this.i < this.n && this.ind[this.i]! > n) bail();
    Object.defineProperty(arr, POS, { value: pos });
    return arr;
  }

  /** Offset of the `:` ending a mapping key that starts at s, or -1. */
  private keyEnd(s: number, e: number): number {
    const t = this.t;
    const c = t.charCodeAt(s);
    if (c === 34 || c === 39) {
      const q = this.quotedEnd(s, e);
      let k = q + 1;
      while (k < e && t.charCodeAt(k) === SP) k++;
      return t.charCodeAt(k) === COLON && (k + 1 === e || isWs(t.charCodeAt(k + 1))) ? k : -1;
    }
    for (let k = s; k < e; k++) {
      const ch = t.charCodeAt(k);
      if (ch === COLON && (k + 1 === e || isWs(t.charCodeAt(k + 1)))) return k;
      if (ch === HASH && k > s && isWs(t.charCodeAt(k - 1))) return -1;
    }
    return -1;
  }

  private map(n: number): Record<string, unknown> {
    const t = this.t;
    const obj: Record<string, unknown> = {};
    const pos: FlatPos = [this.file, this.start[this.i]!];
    while (this.i < this.n && this.ind[this.i] === n) {
      const i = this.i;
      const s = this.start[i]!;
      const e = this.end[i]!;
      if (this.isDash(i)) bail();
      const colon = this.keyEnd(s, e);
      if (colon < 0) bail();
      const c = t.charCodeAt(s);
      let key: string;
      if (c === 34 || c === 39) {
        key = this.quoted(s, this.quotedEnd(s, e));
      } else {
        if (isIndicator(c)) bail();
        key = t.slice(s, colon).trimEnd();
        if (key === "<<") bail();
        // Integer-like keys would reorder Object.keys, which the positions rely on.
        if (c >= 48 && c <= 57 && /^\d+$/.test(key)) bail();
      }
      if (key === "__proto__" || Object.prototype.hasOwnProperty.call(obj, key)) bail();
      pos.push(s);
      let j = colon + 1;
      while (j < e && isWs(t.charCodeAt(j))) j++;
      if (j >= e || t.charCodeAt(j) === HASH) {
        this.i++;
        if (this.i < this.n && this.ind[this.i]! > n) {
          pos.push(this.start[this.i]!);
          obj[key] = this.block();
        } else if (this.i < this.n && this.ind[this.i] === n && this.isDash(this.i)) {
          pos.push(this.start[this.i]!);
          obj[key] = this.seq(n);
        } else {
          pos.push(s);
          obj[key] = null;
        }
      } else {
        pos.push(j);
        obj[key] = this.inline(j, e);
        this.i++;
        if (this.i < this.n && this.ind[this.i]! > n) bail();
      }
    }
    if (this.i < this.n && this.ind[this.i]! > n) bail();
    Object.defineProperty(obj, POS, { value: pos });
    return obj;
  }

  /** Offset of the closing quote of a one-line quoted scalar starting at s. */
  private quotedEnd(s: number, e: number): number {
    const t = this.t;
    const q = t.charCodeAt(s);
    for (let k = s + 1; k < e; k++) {
      const ch = t.charCodeAt(k);
      if (q === 34 && ch === 92) bail(); // escapes: left to `yaml`
      if (ch === q) {
        if (q === 39 && t.charCodeAt(k + 1) === 39) {
          k++;
          continue;
        }
        return k;
      }
    }
    return bail();
  }

  private quoted(s: number, q: number): string {
    const body = this.t.slice(s + 1, q);
    return this.t.charCodeAt(s) === 39 ? body.replace(/''/g, "'") : body;
  }

  /** A value that starts and ends on this line. */
  private inline(j: number, e: number): unknown {
    const t = this.t;
    const c = t.charCodeAt(j);
    if (c === 34 || c === 39) {
      const q = this.quotedEnd(j, e);
      if (!restIsComment(t, q + 1, e)) bail();
      return this.quoted(j, q);
    }
    if (c === 91 /* [ */ || c === 123 /* { */) {
      const r = this.flow(j, e);
      if (!restIsComment(t, r.next, e)) bail();
      return r.value;
    }
    // `-5`, `-x`: a dash not followed by a space starts a plain scalar.
    if (isIndicator(c) && !(c === DASH && j + 1 < e && !isWs(t.charCodeAt(j + 1)))) bail();
    let k = j;
    for (; k < e; k++) {
      const ch = t.charCodeAt(k);
      if (ch === HASH && isWs(t.charCodeAt(k - 1))) break;
      if (ch === COLON && (k + 1 === e || isWs(t.charCodeAt(k + 1)))) bail();
    }
    let end = k;
    while (end > j && isWs(t.charCodeAt(end - 1))) end--;
    return resolvePlain(t.slice(j, end));
  }

  /** A one-line flow sequence or mapping of scalars. */
  private flow(j: number, e: number): { value: unknown; next: number } {
    const t = this.t;
    const isSeq = t.charCodeAt(j) === 91;
    const close = isSeq ? 93 : 125;
    const arr: unknown[] = [];
    const obj: Record<string, unknown> = {};
    const spos: FlatPos = [this.file, j];
    const mpos: FlatPos = [this.file, j];
    let k = j + 1;
    const skip = (): void => {
      while (k < e && isWs(t.charCodeAt(k))) k++;
    };
    const scalar = (): { v: unknown; raw: boolean } => {
      const c = t.charCodeAt(k);
      if (c === 34 || c === 39) {
        const q = this.quotedEnd(k, e);
        const v = this.quoted(k, q);
        k = q + 1;
        return { v, raw: false };
      }
      if (isIndicator(c) || c === 91 || c === 123) bail();
      const s = k;
      while (k < e) {
        const ch = t.charCodeAt(k);
        if (ch === 44 || ch === 93 || ch === 125 || ch === 91 || ch === 123) break;
        if (ch === COLON) break;
        if (ch === HASH && isWs(t.charCodeAt(k - 1))) bail();
        k++;
      }
      let end = k;
      while (end > s && isWs(t.charCodeAt(end - 1))) end--;
      return { v: resolvePlain(t.slice(s, end)), raw: true };
    };
    skip();
    while (t.charCodeAt(k) !== close) {
      if (k >= e) bail();
      const at = k;
      if (isSeq) {
        const { v } = scalar();
        if (t.charCodeAt(k) === COLON) bail();
        spos.push(at);
        arr.push(v);
      } else {
        const { v: kv } = scalar();
        if (t.charCodeAt(k) !== COLON || !isWs(t.charCodeAt(k + 1))) bail();
        const key = typeof kv === "string" && !/^\d+$/.test(kv) ? kv : bail();
        if (key === "__proto__" || Object.prototype.hasOwnProperty.call(obj, key)) bail();
        k++;
        skip();
        mpos.push(at, k);
        if (t.charCodeAt(k) === 44 || t.charCodeAt(k) === close) {
          obj[key] = null;
        } else {
          obj[key] = scalar().v;
          if (t.charCodeAt(k) === COLON) bail();
        }
      }
      skip();
      if (t.charCodeAt(k) === 44) {
        k++;
        skip();
      } else if (t.charCodeAt(k) !== close) bail();
    }
    if (isSeq) {
      Object.defineProperty(arr, POS, { value: spos });
      return { value: arr, next: k + 1 };
    }
    Object.defineProperty(obj, POS, { value: mpos });
    return { value: obj, next: k + 1 };
  }
}

function isWs(c: number): boolean {
  return c === SP || c === TAB;
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

function restIsComment(t: string, k: number, e: number): boolean {
  let j = k;
  while (j < e && isWs(t.charCodeAt(j))) j++;
  return j >= e || (t.charCodeAt(j) === HASH && j > k);
}
