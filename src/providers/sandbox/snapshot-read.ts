// Reads account.json in pieces. The store writes it as JSON.stringify(value, null, 1): an
// object whose big arrays (a million members) have one element after another at an indent of
// two spaces. Reading the file whole means a Buffer and a string of its full size next to the
// parsed account: on a 1M-member account (177 MB) that was 350 MB of memory touched once and
// then garbage, most of a plan's peak, and on a machine where fresh memory is dear, a second
// of CPU. Here the file goes through one small reused buffer, and each array is parsed in
// pieces of about 64 KiB, cut where one element ends and the next begins.
//
// Raw newlines cannot occur inside a JSON string, so a cut made at a line break never splits
// a token. A piece is parsed as `[` + piece + `]`: it parses only if its brackets balance,
// that is only if the cut fell between two elements of the array itself. Anything not laid
// out as the store writes it (minified, hand-edited, a byte order mark, an error) makes this
// reader give up, and the caller parses the file whole as before, with JSON.parse's own
// error message.

import { closeSync, openSync, readSync } from "node:fs";

/** Bytes per piece: strings under V8's 128 KiB limit stay in the young generation. */
const PIECE = 1 << 16;
const CLOSE_ARRAY = Buffer.from("\n ]");
const CLOSE_OBJECT = Buffer.from("\n }");
/** The end of one element of a top-level array and the start of the next (checked: a value follows). */
const NEXT_ELEMENT = Buffer.from(",\n  ");
const NL = 0x0a;
const NEWLINE = Buffer.of(NL);
const SPACE = 0x20;
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

class NotInLayout extends Error {}

/** A window on a file read forward through one buffer, which grows only for an element larger than it. */
class Window {
  private buf: Buffer;
  private start = 0;
  private end = 0;
  private eof = false;

  constructor(
    private readonly fd: number,
    size: number,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  get available(): number {
    return this.end - this.start;
  }

  /** Reads more after what is held; false at the end of the file. Offsets from `start` stay valid. */
  private more(): boolean {
    if (this.eof) return false;
    if (this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end === this.buf.length) {
      const grown = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(grown, 0, 0, this.end);
      this.buf = grown;
    }
    const n = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, null);
    if (n === 0) this.eof = true;
    this.end += n;
    return n > 0;
  }

  /** Whether at least n bytes are held (reading more if need be). */
  ensure(n: number): boolean {
    while (this.available < n && this.more());
    return this.available >= n;
  }

  /** The byte at an offset, or -1 past what is held. */
  at(offset: number): number {
    return offset < this.available ? this.buf[this.start + offset]! : -1;
  }

  /** Offset of the needle at or after `from`, with the byte after it held; -1 if the file has none. */
  find(needle: Buffer, from: number): number {
    for (;;) {
      const i = this.buf.indexOf(needle, this.start + from);
      if (i >= 0 && i + needle.length < this.end) return i - this.start;
      if (!this.more()) return i >= 0 && i + needle.length <= this.end ? i - this.start : -1;
    }
  }

  /** Offset of the needle wholly inside [from, to) of what is held, or -1. */
  findWithin(needle: Buffer, from: number, to: number): number {
    return this.buf.subarray(this.start, this.start + Math.min(to, this.available)).indexOf(needle, from);
  }

  text(from: number, to: number): string {
    return this.buf.toString("utf8", this.start + from, this.start + to);
  }

  skip(n: number): void {
    this.start += n;
  }
}

/** `{` `[` `"` `-` a digit, or the start of true, false, null: a JSON value begins here. */
function startsValue(byte: number): boolean {
  return byte === OPEN_BRACE || byte === 0x5b || byte === QUOTE || byte === 0x2d || (byte >= 0x30 && byte <= 0x39) || byte === 0x74 || byte === 0x66 || byte === 0x6e;
}

/**
 * The object in a file laid out as JSON.stringify(value, null, 1) writes an object, or null
 * when the file is laid out otherwise or is not JSON (parse it whole then). Throws the file's
 * I/O errors (ENOENT included). `piece` and `buffer` are for tests: small values make every
 * path run on small files.
 */
export function readIndentedObject(path: string, opts: { piece?: number; buffer?: number } = {}): Record<string, unknown> | null {
  const fd = openSync(path, "r");
  try {
    return readObject(new Window(fd, opts.buffer ?? 1 << 18), opts.piece ?? PIECE);
  } catch (e) {
    if (e instanceof NotInLayout || e instanceof SyntaxError) return null;
    throw e;
  } finally {
    closeSync(fd);
  }
}

function readObject(w: Window, piece: number): Record<string, unknown> {
  // `{` and a line break, or `{}` for an empty object.
  if (!w.ensure(2) || w.at(0) !== OPEN_BRACE || (w.at(1) !== NL && w.at(1) !== CLOSE_BRACE)) throw new NotInLayout();
  w.skip(w.at(1) === NL ? 2 : 1);
  const out: Record<string, unknown> = {};
  for (;;) {
    if (!w.ensure(1)) throw new NotInLayout();
    if (w.at(0) === CLOSE_BRACE) {
      // `}` then at most one line break, then the end of the file.
      w.skip(1);
      w.ensure(2);
      if (w.available === 0 || (w.available === 1 && w.at(0) === NL)) return out;
      throw new NotInLayout();
    }
    if (!w.ensure(2) || w.at(0) !== SPACE || w.at(1) !== QUOTE) throw new NotInLayout();
    const { key, value, comma } = readEntry(w, piece);
    // As JSON.parse defines it: an own property even for "__proto__"; a repeated key keeps its first place.
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
    // A comma must be followed by another entry, and the last entry by the closing brace.
    if (!w.ensure(1) || comma === (w.at(0) === CLOSE_BRACE)) throw new NotInLayout();
  }
}

/** One ` "key": value` entry of the top-level object, from its first line to the line after it. */
function readEntry(w: Window, piece: number): { key: string; value: unknown; comma: boolean } {
  const eol = w.find(NEWLINE, 0);
  if (eol < 0) throw new NotInLayout();
  const line = w.text(1, eol);
  // The key is the first prefix that is a whole JSON string followed by `: `.
  let key: unknown;
  let rest = "";
  for (let c = line.indexOf('": '); c >= 0 && typeof key !== "string"; c = line.indexOf('": ', c + 1)) {
    try {
      key = JSON.parse(line.slice(0, c + 1));
      rest = line.slice(c + 3);
    } catch {
      key = undefined;
    }
  }
  if (typeof key !== "string") throw new NotInLayout();
  if (rest === "[") {
    w.skip(eol + 1);
    return { key, ...readArray(w, piece) };
  }
  if (rest === "{") {
    const close = w.find(CLOSE_OBJECT, eol);
    const end = close < 0 ? -1 : w.find(NEWLINE, close + 1);
    if (end < 0) throw new NotInLayout();
    const body = w.text(eol + 1, end);
    const comma = body.endsWith(",");
    const value: unknown = JSON.parse(`{${comma ? body.slice(0, -1) : body}`);
    w.skip(end + 1);
    return { key, value, comma };
  }
  const comma = rest.endsWith(",");
  const value: unknown = JSON.parse(comma ? rest.slice(0, -1) : rest);
  w.skip(eol + 1);
  return { key, value, comma };
}

/** The elements of a top-level array, the window at its first element; leaves it after ` ]` or ` ],`. */
function readArray(w: Window, piece: number): { value: unknown[]; comma: boolean } {
  const value: unknown[] = [];
  for (;;) {
    const { cut, last } = nextCut(w, piece);
    const elements = JSON.parse(`[${w.text(0, cut)}]`) as unknown[];
    // Only an empty array is an empty piece: elsewhere one means a stray comma (`[ , 1 ]`).
    if (elements.length === 0 && (!last || value.length > 0)) throw new NotInLayout();
    for (let i = 0; i < elements.length; i++) value.push(elements[i]);
    if (last) {
      w.skip(cut + 1);
      break;
    }
    w.skip(cut + 2);
  }
  const eol = w.find(NEWLINE, 0);
  const last = eol < 0 ? "" : w.text(0, eol);
  if (last !== " ]" && last !== " ],") throw new NotInLayout();
  w.skip(eol + 1);
  return { value, comma: last === " ]," };
}

/**
 * Where the piece that starts the window ends: at the array's closing line if it comes within
 * `piece` bytes, else at the first end of an element after them, or at the closing line if
 * that comes first. Reads only as far as the first of the two.
 */
function nextCut(w: Window, piece: number): { cut: number; last: boolean } {
  w.ensure(piece + CLOSE_ARRAY.length);
  const near = w.findWithin(CLOSE_ARRAY, 0, piece + CLOSE_ARRAY.length);
  if (near >= 0) return { cut: near, last: true };
  let from = piece;
  for (;;) {
    const held = w.available;
    const close = w.findWithin(CLOSE_ARRAY, from, held);
    let next = w.findWithin(NEXT_ELEMENT, from, close < 0 ? held : close);
    // The byte after `,\n  ` must start a value, and must be held to be checked.
    while (next >= 0 && next + NEXT_ELEMENT.length < held && !startsValue(w.at(next + NEXT_ELEMENT.length))) {
      next = w.findWithin(NEXT_ELEMENT, next + 1, close < 0 ? held : close);
    }
    if (next >= 0 && next + NEXT_ELEMENT.length < held) return { cut: next, last: false };
    if (close >= 0 && next < 0) return { cut: close, last: true };
    if (!w.ensure(held + piece)) {
      if (w.available === held) throw new NotInLayout();
    }
    // Search again from just before what was held, so that a needle cut in two is found whole.
    from = Math.max(from, held - NEXT_ELEMENT.length);
  }
}
