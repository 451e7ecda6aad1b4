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

/** A top-level mapping of scalars, lists and mappings, as YAML text. */
export function writeYaml(value: Record<string, unknown>, opts: WriteOptions): string {
  const out: string[] = opts.header.map((l) => (l === "" ? "" : `#${l}`));
  if (out.length > 0) out.push("");
  const w = new Writer(out);
  let first = true;
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (v === undefined) continue;
    // A blank line between top-level sections, as in the examples.
    if (!first) out.push("");
    first = false;
    w.entry(k, v, "", opts.comments.under?.get(k));
  }
  return `${out.join("\n")}\n`;
}

class Writer {
  constructor(private readonly out: string[]) {}

  private comment(c: CommentTree | undefined, pad: string): void {
    if (c?.lines) for (const l of c.lines) this.out.push(l === "" ? "" : `${pad}#${l}`);
  }

  /** `key: value` at `pad` (the first line starting with `lead`), the value on the same line or below. */
  entry(key: string, v: unknown, pad: string, c: CommentTree | undefined, lead = pad): void {
    this.comment(c, pad);
    if (Array.isArray(v)) {
      if (v.length === 0) this.out.push(`${lead}${key}: []`);
      else {
        this.out.push(`${lead}${key}:`);
        this.list(v, `${pad}  `, c);
      }
    } else if (v !== null && typeof v === "object") {
      if (!hasKeys(v)) this.out.push(`${lead}${key}: {}`);
      else {
        this.out.push(`${lead}${key}:`);
        this.map(v as Record<string, unknown>, `${pad}  `, c);
      }
    } else this.out.push(`${lead}${key}: ${scalar(v)}`);
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
        else this.out.push(`${pad}- {}`);
      } else if (Array.isArray(v)) {
        if (v.length === 0) this.out.push(`${pad}- []`);
        else {
          this.out.push(`${pad}-`);
          this.list(v, `${pad}  `, ci);
        }
      } else this.out.push(`${pad}- ${scalar(v)}`);
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
/** What may be written plain: a conservative set that never needs a closer look. */
const PLAIN = /^[A-Za-z0-9_./@(][A-Za-z0-9_./@()+ -]*$/;

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
