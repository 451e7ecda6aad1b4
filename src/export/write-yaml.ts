// YAML text for a spec value, written directly: block mappings and lists, each key in the
// order of the value, with comments before the keys and list items they are about. Exporting
// a 100k-member account through a `yaml` Document took seconds and gigabytes; this is one
// pass. Scalars are written plain where that reads back as the same string (and stays in the
// subset the fast reader takes, src/spec/fast-yaml.ts), else quoted.

import { resolvePlain } from "../spec/fast-yaml.js";

export type YamlPath = (string | number)[];

/** Comments by path, as a tree walked beside the value: most of a large account has none. */
export interface CommentTree {
  lines?: string[];
  under?: Map<string | number, CommentTree>;
}

/** Adds comment lines (without `#`) before the key or list item that `path` names. */
export function addComment(tree: CommentTree, path: YamlPath, lines: string[]): void {
  let node = tree;
  for (const part of path) {
    node.under ??= new Map();
    let next = node.under.get(part);
    if (!next) node.under.set(part, (next = {}));
    node = next;
  }
  node.lines = [...(node.lines ?? []), ...lines];
}

export interface WriteOptions {
  /** Comment lines at the top (without `#`); "" is a blank line. */
  header: string[];
  comments: CommentTree;
}

/**
 * A top-level mapping of scalars, lists and mappings, as YAML text handed to `emit` in
 * blocks of about 64 KiB as it is made: a 1M-member account is 70 MB of YAML, which need
 * never be one string (nor 3M lines first). Returns whether the text keeps to what the fast
 * reader takes (src/spec/fast-yaml.ts) by construction: keys of its kind, no escaped scalar,
 * no unprintable character in a comment, no line long enough to come near its key-span or
 * depth bounds.
 * Then reading the text back gives `value` itself, so a caller may check the value instead
 * of reading 70 MB again.
 */
export function writeYamlTo(value: Record<string, unknown>, opts: WriteOptions, emit: (chunk: string) => void): { plain: boolean } {
  const w = new Writer(emit);
  for (const l of opts.header) w.commentLine(l, "");
  if (opts.header.length > 0) w.line("");
  let first = true;
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (v === undefined) continue;
    // A blank line between top-level sections, as in the examples.
    if (!first) w.line("");
    first = false;
    w.entry(k, v, "", opts.comments.under?.get(k));
  }
  w.flush();
  return { plain: w.plain };
}

/** Text handed on at a time. */
const BLOCK = 64 * 1024;
/**
 * Lines longer than this are not vouched for: the fast reader gives up on a key more than
 * 1000 characters after the start of the line before it, and indentation this deep would
 * come near its nesting bound (two levels per sub-workspace level, four spaces each).
 */
const LONG_LINE = 400;

class Writer {
  /**
   * The block's lines, joined when it is full: one flat string, where appending line by line
   * would hand on a rope of a thousand pieces, each kept alive by whoever holds the block.
   */
  private lines: string[] = [];
  private size = 0;
  /** See writeYamlTo. */
  plain = true;

  constructor(private readonly emit: (chunk: string) => void) {}

  line(l: string): void {
    if (l.length > LONG_LINE) this.plain = false;
    this.lines.push(l);
    this.size += l.length + 1;
    if (this.size >= BLOCK) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    // The empty last item ends the block with a newline, inside the one join.
    this.lines.push("");
    this.emit(this.lines.join("\n"));
    this.lines = [];
    this.size = 0;
  }

  commentLine(l: string, pad: string): void {
    if (l === "") return this.line("");
    if (UNPRINTABLE.test(l)) this.plain = false;
    this.line(`${pad}#${l}`);
  }

  private comment(c: CommentTree | undefined, pad: string): void {
    if (c?.lines) for (const l of c.lines) this.commentLine(l, pad);
  }

  private scalar(v: unknown): string {
    const s = scalar(v);
    // Escapes are written double-quoted, and left by the fast reader to `yaml`.
    if (s.charCodeAt(0) === 34) this.plain = false;
    return s;
  }

  /** Keys seen, and whether the fast reader takes each: a spec has a few dozen names. */
  private readonly keys = new Map<string, boolean>();

  /** `key: value` at `pad` (the first line starting with `lead`), the value on the same line or below. */
  entry(key: string, v: unknown, pad: string, c: CommentTree | undefined, lead = pad): void {
    let ok = this.keys.get(key);
    if (ok === undefined) this.keys.set(key, (ok = PLAIN_KEY.test(key) && resolvePlain(key) === key));
    if (!ok) this.plain = false;
    this.comment(c, pad);
    if (Array.isArray(v)) {
      if (v.length === 0) this.line(`${lead}${key}: []`);
      else {
        this.line(`${lead}${key}:`);
        this.list(v, `${pad}  `, c);
      }
    } else if (v !== null && typeof v === "object") {
      if (!hasKeys(v)) this.line(`${lead}${key}: {}`);
      else {
        this.line(`${lead}${key}:`);
        this.map(v as Record<string, unknown>, `${pad}  `, c);
      }
    } else this.line(`${lead}${key}: ${this.scalar(v)}`);
  }

  private map(obj: Record<string, unknown>, pad: string, c: CommentTree | undefined, lead = pad): void {
    let first = true;
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      if (v === undefined) continue;
      this.entry(k, v, pad, c?.under?.get(k), first ? lead : pad);
      first = false;
    }
  }

  private list(items: unknown[], pad: string, c: CommentTree | undefined): void {
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      const ci = c?.under?.get(i);
      this.comment(ci, pad);
      if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        // `- key: value`, the mapping's other keys lined up under the first.
        if (hasKeys(v)) this.map(v as Record<string, unknown>, `${pad}  `, ci, `${pad}- `);
        else this.line(`${pad}- {}`);
      } else if (Array.isArray(v)) {
        if (v.length === 0) this.line(`${pad}- []`);
        else {
          this.line(`${pad}-`);
          this.list(v, `${pad}  `, ci);
        }
      } else this.line(`${pad}- ${this.scalar(v)}`);
    }
  }
}

function hasKeys(v: object): boolean {
  for (const k in v) if ((v as Record<string, unknown>)[k] !== undefined) return true;
  return false;
}

/** Printable in a quoted scalar as it is; anything else is written as an escape. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNPRINTABLE_G = new RegExp(UNPRINTABLE.source, "g");
/** Keys the fast reader takes (with resolvePlain, so no `null`, `true` or `false`). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;
/** What may be written plain: a conservative set that never needs a closer look (`@` is reserved to start none). */
const PLAIN = /^[A-Za-z0-9_./(][A-Za-z0-9_./@()+ -]*$/;

export function scalar(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? ".inf" : v < 0 ? "-.inf" : ".nan";
  const s = String(v);
  if (PLAIN.test(s) && !s.endsWith(" ") && resolvePlain(s) === s) return s;
  if (!UNPRINTABLE.test(s)) return `'${s.replace(/'/g, "''")}'`;
  // JSON's escapes are YAML's; what JSON leaves as it is but YAML cannot hold is escaped too.
  return JSON.stringify(s).replace(UNPRINTABLE_G, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
