// `hgw fmt`: one spec file's text in, its canonical text out (docs/formatting.md says what
// canonical is). It rewrites from `yaml`'s concrete syntax tree, which holds every token of
// the file (comments, blank lines, quotes), so that nothing but layout changes: values,
// quoting, comments and the style of each collection (block or flow) are the author's;
// indentation, key order, spacing and blank lines are the canon's. The result is checked
// before it is returned: it must load to the same values and hold the same comments, or
// the file is left as it was and the error says so.

import type { CST } from "yaml";
import { loadYaml } from "../util/load-on-use.js";
import type { Diagnostic } from "../model/diagnostics.js";
import { fastParse } from "../spec/fast-yaml.js";
import { SPEC_LIMITS } from "../spec/limits.js";
import { LineIndex, Locator, PosStore } from "../spec/positions.js";
import { readWithYaml } from "../spec/yaml-doc.js";
import { specShape, type Shape } from "./schema-order.js";

export interface FormatResult {
  /** the canonical text; null when the file cannot be formatted (see diagnostics) */
  text: string | null;
  diagnostics: Diagnostic[];
}

const INDENT = 2;

/** Formats one spec file. Never throws for bad input: a YAML error comes back as a diagnostic. */
export function formatSpecText(original: string, file: string): FormatResult {
  // The canon is LF line ends without a byte-order mark; the rest is read from the tokens.
  const text = original.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const Y = loadYaml();
  // One syntax tree serves the formatting and, where the fast reader cannot read the file
  // (flow collections, anchors), the values to compare the result with.
  const tokens = [...new Y.Parser().parse(text)];
  let beforeValue: string;
  const fast = readFast(text, file);
  if (fast.ok) beforeValue = fingerprint(fast.value);
  else {
    const docs = "tooDeep" in fast ? [] : [...new Y.Composer(YAML_OPTIONS).compose(tokens)];
    let value: unknown;
    try {
      // Nested past the loader's limit: the loader's reading says so, and where.
      if ("tooDeep" in fast || docs.length > 1 || docs.some((d) => d.errors.length > 0)) throw new Error("not one valid document");
      value = docs[0]?.toJS(YAML_OPTIONS) ?? null;
    } catch {
      // The loader's own reading says what is wrong, and where.
      const r = readWithYaml(text, file, new Locator(new Map([[file, text]])));
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      return { text: null, diagnostics: errors.length > 0 ? errors : [failed(file)] };
    }
    beforeValue = fingerprint(value);
  }
  let out: string;
  try {
    out = new Formatter(text, tokens).run();
  } catch (e) {
    if (e instanceof Unsupported) {
      return {
        text: null,
        diagnostics: [
          {
            severity: "error",
            code: "fmt-unsupported",
            message: `hgw fmt does not rewrite ${e.what}; ${file} was left as it is`,
            hint: "Write it the plain way (see docs/formatting.md), or leave this file out of `hgw fmt`.",
            source: new LineIndex(text).locate(file, e.offset),
          },
        ],
      };
    }
    throw e;
  }
  const same = fingerprint(valueOf(out, file)) === beforeValue && sameStrings(commentsOf(text), commentsOf(out));
  if (!same) return { text: null, diagnostics: [failed(file)] };
  return { text: out, diagnostics: [] };
}

function failed(file: string): Diagnostic {
  return {
    severity: "error",
    code: "fmt-failed",
    message: `hgw fmt could not lay out ${file} without changing what it says or losing a comment; it was left as it is`,
    hint: "This is a bug in hgw fmt; please report it with the file (or a part that shows it).",
    source: { file, line: 1, col: 1 },
  };
}

const YAML_OPTIONS = { merge: true, uniqueKeys: true, maxAliasCount: 10_000 } as const;

/** The loader's fast reading, with the loader's depth limit. */
function readFast(text: string, file: string): ReturnType<typeof fastParse> {
  return fastParse(text, file, { maxDepth: SPEC_LIMITS.depth, store: new PosStore() });
}

/** The values of a formatted text (which the formatter made: an error here is its own). */
function valueOf(text: string, file: string): unknown {
  const fast = readFast(text, file);
  if (fast.ok) return fast.value;
  try {
    return loadYaml().parse(text, YAML_OPTIONS);
  } catch {
    return Symbol("unreadable");
  }
}

/** A value as text, keys sorted (the formatter sorts keys), so that equal values give equal text. */
export function fingerprint(v: unknown): string {
  if (v === null || typeof v !== "object") return typeof v === "string" ? JSON.stringify(v) : `${typeof v}:${String(v)}`;
  if (Array.isArray(v)) return `[${v.map(fingerprint).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${fingerprint(o[k])}`)
    .join(",")}}`;
}

/** Deep equality of loaded values; key order does not count (the formatter sorts keys). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function sameStrings(a: string[], b: string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

/**
 * Every comment of a file, as its text without trailing blanks. From `yaml`'s Lexer, which is
 * several times faster than its Parser: a comment is a token of its own, starting with `#`.
 */
export function commentsOf(text: string): string[] {
  const out: string[] = [];
  for (const token of new (loadYaml().Lexer)().lex(text)) if (token.charCodeAt(0) === 35) out.push(token.trimEnd());
  return out;
}

class Unsupported extends Error {
  constructor(
    readonly what: string,
    readonly offset: number,
  ) {
    super(what);
  }
}

/** An own-line comment or a blank line, between content lines. */
type Aside = { kind: "comment"; text: string; col: number } | { kind: "blank" };

/** A comment at the end of a line, with the blanks the author put before it. */
interface Trail {
  gap: string;
  text: string;
}

/** What follows a key's `:` (or a `-`): properties and a comment on that line, and the comments and blank lines after it. */
interface Inline {
  props: string[];
  comment?: Trail;
  asides: Aside[];
}

// The file as the canon lays it out: collections with their entries, each entry with the
// comments and blank lines written above it, and values. Comments are attached while the
// tokens are read (see Reader), so that they move with what they are about.

type Value = MapNode | SeqNode | Leaf;

interface MapNode {
  kind: "map";
  /** the column the author put its keys at */
  orig: number;
  entries: MapEntry[];
  /** comments at its end, written at or right of its column */
  after: Aside[];
}

interface MapEntry {
  before: Aside[];
  keyProps: string[];
  key: string;
  /** the key's value, for ordering */
  name: string;
  valueProps: string[];
  trail?: Trail;
  /** comments between the key and a value written on a later line */
  mid: Aside[];
  value: Value | null;
}

interface SeqNode {
  kind: "seq";
  /** the column the author put its dashes at */
  orig: number;
  items: SeqItem[];
  after: Aside[];
}

interface SeqItem {
  before: Aside[];
  props: string[];
  trail?: Trail;
  mid: Aside[];
  value: Value | null;
}

interface Leaf {
  kind: "leaf";
  token: CST.Token;
  trail?: Trail;
}

/**
 * Reads the tokens in order. Comments and blank lines wait until the next entry begins and
 * go above it; at the end of a collection, those written at or right of its column stay at
 * its end, and the rest wait for an entry further out.
 */
class Reader {
  private pending: Aside[] = [];

  constructor(private readonly src: Source) {}

  push(tokens: readonly CST.SourceToken[]): void {
    this.pending.push(...toAsides(tokens, this.src));
  }

  take(): Aside[] {
    const p = this.pending;
    this.pending = [];
    return p;
  }

  private close(orig: number): Aside[] {
    let end = 0;
    for (let i = 0; i < this.pending.length; i++) {
      const a = this.pending[i]!;
      if (a.kind !== "comment") continue;
      if (a.col < orig) break;
      end = i + 1;
    }
    const mine = this.pending.slice(0, end);
    this.pending = this.pending.slice(end);
    return mine;
  }

  value(t: CST.Token): Value {
    if (t.type === "block-map") return this.map(t);
    if (t.type === "block-seq") return this.seq(t);
    return this.leaf(t);
  }

  private map(m: CST.BlockMap): MapNode {
    const node: MapNode = { kind: "map", orig: m.indent, entries: [], after: [] };
    for (const item of m.items) {
      if (item.explicitKey) throw new Unsupported("an explicit key (`? `)", item.start[0]?.offset ?? m.offset);
      if (item.key === undefined && item.sep === undefined && item.value === undefined) {
        this.push(item.start);
        continue;
      }
      const key = item.key;
      if (!key || !isFlowScalar(key) || key.type === "alias" || key.source.includes("\n")) {
        throw new Unsupported("a mapping key that is not a one-line scalar", key?.offset ?? m.offset);
      }
      const { asides, props } = splitStart(item.start, this.src);
      this.pending.push(...asides);
      const sep = item.sep ?? [];
      const colon = sep.findIndex((t) => t.type === "map-value-ind");
      if (colon < 0) throw new Unsupported("a mapping key without a `:`", key.offset);
      const entry: MapEntry = { before: this.take(), keyProps: props, key: key.source, name: keyName(key), valueProps: [], mid: [], value: null };
      const inline = readInline(sep.slice(colon + 1), this.src);
      entry.valueProps = inline.props;
      if (inline.comment) entry.trail = inline.comment;
      this.attach(entry, inline.asides, item.value);
      node.entries.push(entry);
    }
    node.after = this.close(m.indent);
    return node;
  }

  private seq(s: CST.BlockSequence): SeqNode {
    const node: SeqNode = { kind: "seq", orig: s.indent, items: [], after: [] };
    for (const item of s.items) {
      const dash = item.start.findIndex((t) => t.type === "seq-item-ind");
      if (dash < 0) {
        this.push(item.start);
        continue;
      }
      this.push(item.start.slice(0, dash));
      const entry: SeqItem = { before: this.take(), props: [], mid: [], value: null };
      const inline = readInline(item.start.slice(dash + 1), this.src);
      entry.props = inline.props;
      if (inline.comment) entry.trail = inline.comment;
      this.attach(entry, inline.asides, item.value);
      node.items.push(entry);
    }
    node.after = this.close(s.indent);
    return node;
  }

  /** An entry's value; comments between the key (or dash) and a block collection go to its first entry. */
  private attach(entry: MapEntry | SeqItem, asides: Aside[], v: CST.Token | undefined): void {
    if (!v || v.type === "space" || v.type === "newline" || v.type === "comment") {
      this.pending.push(...asides);
    } else if (v.type === "block-map" || v.type === "block-seq") {
      this.pending.push(...asides);
      entry.value = this.value(v);
    } else {
      entry.mid = asides;
      entry.value = this.leaf(v);
    }
  }

  private leaf(t: CST.Token): Leaf {
    const leaf: Leaf = { kind: "leaf", token: t };
    let end: readonly CST.SourceToken[] = [];
    if (t.type === "flow-collection") {
      const close = t.end.findIndex((x) => x.type === "flow-map-end" || x.type === "flow-seq-end");
      if (close < 0) throw new Unsupported("an unclosed flow collection", t.offset);
      end = t.end.slice(close + 1);
    } else if (isFlowScalar(t)) end = t.end ?? [];
    else if (t.type !== "block-scalar") throw new Unsupported(`a ${t.type.replace(/-/g, " ")} here`, "offset" in t ? t.offset : 0);
    const inline = readInline(end, this.src);
    if (inline.props.length > 0) throw new Unsupported("properties after a value", t.offset);
    if (inline.comment) leaf.trail = inline.comment;
    this.pending.push(...inline.asides);
    return leaf;
  }
}

class Formatter {
  private readonly lines: string[] = [];
  private pendingBlank = false;
  /** nothing written yet, or the last line opened a block collection: no blank line here */
  private open = true;
  private readonly reorder: boolean;
  private readonly src: Source;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly CST.Token[],
  ) {
    this.src = { text, index: new LineIndex(text) };
    // An alias must come after its anchor; moving keys could break that, so a file with
    // aliases keeps its key order (everything else is still formatted).
    this.reorder = !text.includes("*") || !this.hasAlias();
  }

  run(): string {
    const reader = new Reader(this.src);
    let documents = 0;
    // Comments and blank lines outside the document (the file's header, mostly), in runs.
    let loose: CST.SourceToken[] = [];
    for (const t of this.tokens) {
      if (t.type === "comment" || t.type === "newline" || t.type === "space") {
        loose.push(t as CST.SourceToken);
        continue;
      }
      reader.push(loose);
      loose = [];
      switch (t.type) {
        case "byte-order-mark":
          break;
        case "document":
          if (++documents > 1) throw new Unsupported("more than one document", t.offset);
          this.document(t, reader);
          break;
        case "doc-end": {
          this.asides(reader.take(), 0);
          const inline = readInline(t.end ?? [], this.src);
          this.line(`...${trailText(inline.comment)}`);
          this.asides(inline.asides, 0);
          break;
        }
        default:
          throw new Unsupported(`a ${t.type.replace(/-/g, " ")}`, t.offset);
      }
    }
    reader.push(loose);
    this.asides(reader.take(), 0);
    return this.lines.length > 0 ? `${this.lines.join("\n")}\n` : "";
  }

  private hasAlias(): boolean {
    const Y = loadYaml();
    let found = false;
    for (const t of this.tokens) {
      if (t.type !== "document") continue;
      Y.CST.visit(t, (item) => {
        if (item.key?.type === "alias" || item.value?.type === "alias") found = true;
        return found ? Y.CST.visit.BREAK : undefined;
      });
    }
    return found;
  }

  // ------------------------------------------------------------------ output

  private line(s: string, raw = false): void {
    if (this.pendingBlank && !this.open) this.lines.push("");
    this.pendingBlank = false;
    this.open = false;
    this.lines.push(raw ? s : s.trimEnd());
  }

  private asides(list: readonly Aside[], indent: number): void {
    for (const a of list) {
      if (a.kind === "blank") this.pendingBlank = true;
      else this.line(" ".repeat(indent) + a.text);
    }
  }

  /** Lines of a value that spans several lines, moved with the entry that holds it. */
  private continuation(lines: string[], delta: number, raw: boolean): void {
    for (const l of lines) this.line(shift(l, delta), raw);
  }

  // ------------------------------------------------------------------ structure

  private document(doc: CST.Document, reader: Reader): void {
    const start = doc.start;
    const bad = start.find((t) => !["space", "newline", "comment", "doc-start"].includes(t.type));
    if (bad) throw new Unsupported(`a ${bad.type.replace(/-/g, " ")} before the document`, bad.offset);
    const i = start.findIndex((t) => t.type === "doc-start");
    if (i >= 0) {
      reader.push(start.slice(0, i));
      this.asides(reader.take(), 0);
      const inline = readInline(start.slice(i + 1), this.src);
      this.line(`---${trailText(inline.comment)}`);
      this.asides(inline.asides, 0);
    } else {
      reader.push(start);
    }
    // Comments before the first key head the file: they stay at its top.
    this.asides(reader.take(), 0);
    if (doc.value) {
      const root = reader.value(doc.value);
      reader.push(doc.end ?? []);
      if (root.kind === "map") this.map(root, 0, specShape(), null);
      else if (root.kind === "seq") this.seq(root, 0, undefined, null);
      else this.leaf(root, "", 0, specShape());
    } else reader.push(doc.end ?? []);
    this.asides(reader.take(), 0);
  }

  /**
   * The start of the first line of a collection that begins after `- `. Comments meant for
   * its first entry cannot sit between the dash and the entry: the first goes on the dash
   * line, the rest on lines of their own, and the entry starts on the next line.
   */
  private startLine(first: string, indent: number, before: readonly Aside[]): string {
    const comments = before.filter((a): a is Extract<Aside, { kind: "comment" }> => a.kind === "comment");
    if (comments.length === 0) return first;
    const [head, ...rest] = comments;
    this.line(first + head!.text);
    for (const c of rest) this.line(" ".repeat(indent) + c.text);
    return " ".repeat(indent);
  }

  /** A block mapping whose keys go at `indent`; `first`: the start of its first line, after a `- `. */
  private map(m: MapNode, indent: number, shape: Shape | undefined, first: string | null): void {
    let entries = m.entries;
    if (this.reorder && shape) {
      const sorted = sortByShape(entries, shape);
      if (sorted !== entries && sorted[0] !== entries[0]) {
        // Comments above the first entry that a blank line sets apart head the mapping: they stay at its top.
        const before = entries[0]!.before;
        const cut = before.map((a) => a.kind).lastIndexOf("blank") + 1;
        sorted[0] = { ...sorted[0]!, before: [...before.slice(0, cut), ...sorted[0]!.before] };
        const old = sorted.indexOf(entries[0]!);
        sorted[old] = { ...entries[0]!, before: before.slice(cut) };
      }
      entries = sorted;
    }
    entries.forEach((e, i) => {
      const at = i === 0 && first !== null ? this.startLine(first, indent, e.before) : (this.asides(e.before, indent), " ".repeat(indent));
      const head = `${at}${[...e.keyProps, e.key].join(" ")}:${e.valueProps.length > 0 ? ` ${e.valueProps.join(" ")}` : ""}`;
      this.value(e, head, indent, m.orig, shape?.child(e.name));
    });
    this.asides(m.after, indent);
  }

  /** A block sequence whose dashes go at `indent`. */
  private seq(s: SeqNode, indent: number, shape: Shape | undefined, first: string | null): void {
    s.items.forEach((it, i) => {
      const at = i === 0 && first !== null ? this.startLine(first, indent, it.before) : (this.asides(it.before, indent), " ".repeat(indent));
      const head = `${at}-${it.props.length > 0 ? ` ${it.props.join(" ")}` : ""}`;
      const v = it.value;
      if (v && (v.kind === "map" || v.kind === "seq") && !it.trail && it.props.length === 0) {
        // The collection starts on the dash's line.
        if (v.kind === "map") this.map(v, indent + INDENT, shape, `${at}- `);
        else this.seq(v, indent + INDENT, shape, `${at}- `);
        return;
      }
      this.value(it, head, indent, s.orig, shape);
    });
    this.asides(s.after, indent);
  }

  /** An entry's value after `head` (its indentation and key, or dash). */
  private value(e: MapEntry | SeqItem, head: string, indent: number, orig: number, shape: Shape | undefined): void {
    const trail = trailText(e.trail);
    const v = e.value;
    if (!v) {
      this.line(head + trail);
      return;
    }
    if (v.kind === "map" || v.kind === "seq") {
      this.line(head + trail);
      this.open = true;
      if (v.kind === "map") this.map(v, indent + INDENT, shape, null);
      else this.seq(v, indent + INDENT, shape, null);
      return;
    }
    if (e.trail || e.mid.some((a) => a.kind === "comment")) {
      // A comment between the key and its value: the value stays on a line of its own.
      this.line(head + trail);
      this.asides(e.mid, indent + INDENT);
      this.leaf(v, " ".repeat(indent + INDENT), indent - orig, shape);
      return;
    }
    this.leaf(v, `${head} `, indent - orig, shape);
  }

  /** A value that is not a block collection, after `at`; `delta` moves its further lines. */
  private leaf(leaf: Leaf, at: string, delta: number, shape: Shape | undefined): void {
    const value = leaf.token;
    const trail = trailText(leaf.trail);
    switch (value.type) {
      case "alias":
      case "scalar":
      case "single-quoted-scalar":
      case "double-quoted-scalar":
        return this.lines3(at, value.source, delta, trail);
      case "block-scalar": {
        let header = "";
        for (const t of value.props) {
          const p = t as CST.SourceToken;
          if (p.type === "newline") break;
          if (p.type === "comment") header += p.source.trimEnd();
          else if (p.type === "space") header += p.source;
          else header += `${header && !header.endsWith(" ") ? " " : ""}${p.source}`;
        }
        this.line(at + header.trimEnd());
        const body = value.source.split("\n");
        if (body[body.length - 1] === "") body.pop();
        this.continuation(body, delta, true);
        return;
      }
      case "flow-collection": {
        const canon = this.flow(value, shape);
        if (canon !== null) return this.line(at + canon + trail);
        const close = value.end.find((t) => t.type === "flow-map-end" || t.type === "flow-seq-end")!;
        return this.lines3(at, this.text.slice(value.offset, close.offset + close.source.length), delta, trail);
      }
      default:
        throw new Unsupported(`a ${value.type.replace(/-/g, " ")} here`, "offset" in value ? value.offset : 0);
    }
  }

  /** A value written as is, on one line or more, then the comment after it. */
  private lines3(at: string, source: string, delta: number, trail: string): void {
    const [head, ...rest] = source.split("\n");
    if (rest.length === 0) return this.line(at + head + trail);
    this.line(at + head);
    const last = rest.pop()!;
    this.continuation(rest, delta, false);
    this.line(shift(last, delta) + trail);
  }

  /**
   * A flow collection on one line, `{ a: 1, b: 2 }` and `[a, b]`, keys in the canon's order;
   * null when it holds what one line cannot (a comment, a multi-line scalar, properties),
   * so that it is kept as written.
   */
  private flow(fc: CST.FlowCollection, shape: Shape | undefined): string | null {
    const isMap = fc.start.source === "{";
    const parts: { name: string; text: string }[] = [];
    const plain = (tokens: readonly CST.SourceToken[] | undefined): boolean =>
      (tokens ?? []).every((t) => t.type === "space" || t.type === "newline" || t.type === "comma");
    for (const it of fc.items) {
      if (!plain(it.start)) return null;
      if (it.key === undefined && it.sep === undefined && it.value === undefined) continue;
      if (isMap) {
        if (!it.key || !isFlowScalar(it.key) || it.key.type === "alias" || it.key.source.includes("\n")) return null;
        const sep = it.sep ?? [];
        if (!sep.some((t) => t.type === "map-value-ind") || !plain(sep.filter((t) => t.type !== "map-value-ind"))) return null;
        if (!it.value) return null;
        const name = keyName(it.key);
        const v = this.flowValue(it.value, shape?.child(name));
        if (v === null) return null;
        parts.push({ name, text: `${it.key.source}: ${v}` });
      } else {
        if (it.key !== undefined || it.sep !== undefined || !it.value) return null;
        const v = this.flowValue(it.value, shape);
        if (v === null) return null;
        parts.push({ name: "", text: v });
      }
    }
    const close = fc.end.findIndex((t) => t.type === "flow-map-end" || t.type === "flow-seq-end");
    if (!plain(fc.end.slice(0, close))) return null;
    if (isMap) {
      const ordered = this.reorder && shape ? sortByShape(parts, shape) : parts;
      return ordered.length > 0 ? `{ ${ordered.map((p) => p.text).join(", ")} }` : "{}";
    }
    return `[${parts.map((p) => p.text).join(", ")}]`;
  }

  private flowValue(v: CST.Token, shape: Shape | undefined): string | null {
    if (v.type === "flow-collection") return this.flow(v, shape);
    if (isFlowScalar(v) && !v.source.includes("\n") && plainEnd(v.end)) return v.source;
    return null;
  }
}

function trailText(t: Trail | undefined): string {
  return t ? t.gap + t.text : "";
}

function plainEnd(end: readonly CST.SourceToken[] | undefined): boolean {
  return (end ?? []).every((t) => t.type === "space" || t.type === "newline");
}

function isFlowScalar(t: CST.Token): t is CST.FlowScalar {
  return t.type === "scalar" || t.type === "single-quoted-scalar" || t.type === "double-quoted-scalar" || t.type === "alias";
}

function keyName(key: CST.FlowScalar): string {
  if (key.type === "scalar") return key.source;
  const r = loadYaml().CST.resolveAsScalar(key);
  return r ? String(r.value) : key.source;
}

function offsetOf(t: CST.SourceToken | undefined): number | undefined {
  return t?.offset;
}

/** Stable: entries keep their order among equals (keys the schema does not know go last). */
function sortByShape<T extends { name: string }>(list: T[], shape: Shape): T[] {
  const rank = (name: string): number => {
    if (name === "<<") return -1;
    const i = shape.keys.indexOf(name);
    return i < 0 ? shape.keys.length : i;
  };
  const sorted = list
    .map((e, i) => ({ e, i, r: rank(e.name) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.e);
  return sorted.every((e, i) => e === list[i]) ? list : sorted;
}

/** Moves a continuation line by `delta` columns (never past its first character). */
function shift(line: string, delta: number): string {
  if (delta === 0 || line.trim() === "") return delta > 0 && line !== "" ? " ".repeat(delta) + line : line;
  if (delta > 0) return " ".repeat(delta) + line;
  let cut = 0;
  while (cut < -delta && line[cut] === " ") cut++;
  return line.slice(cut);
}

/** Comments and blank lines from tokens; a line break ends a blank line when nothing but blanks precedes it on its line. */
function toAsides(tokens: readonly CST.SourceToken[], src: Source): Aside[] {
  const out: Aside[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case "space":
        break;
      case "comment":
        out.push({ kind: "comment", text: t.source.trimEnd(), col: src.index.locate("", t.offset).col - 1 });
        break;
      case "newline": {
        const col = src.index.locate("", t.offset).col - 1;
        if (src.text.slice(t.offset - col, t.offset).trim() === "") out.push({ kind: "blank" });
        break;
      }
      default:
        throw new Unsupported(`a ${t.type.replace(/-/g, " ")} here`, t.offset);
    }
  }
  return out;
}

/** The text being formatted, with its line index. */
interface Source {
  text: string;
  index: LineIndex;
}

/** An entry's start tokens: the comments and blank lines above it, then its key's properties. */
function splitStart(tokens: readonly CST.SourceToken[], src: Source): { asides: Aside[]; props: string[] } {
  const props: string[] = [];
  let i = tokens.length;
  while (i > 0) {
    const t = tokens[i - 1]!;
    if (t.type === "anchor" || t.type === "tag") props.unshift(t.source);
    else if (t.type !== "space") break;
    i--;
  }
  return { asides: toAsides(tokens.slice(0, i), src), props };
}

/** Tokens after a `:`, a `-` or a value, up to and past the end of that line. */
function readInline(tokens: readonly CST.SourceToken[], src: Source): Inline {
  const out: Inline = { props: [], asides: [] };
  let gap = "";
  let i = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === "newline") {
      i++;
      break;
    }
    if (t.type === "space") gap += t.source;
    else if (t.type === "comment") {
      out.comment = { gap: gap.replace(/\t/g, " ") || " ", text: t.source.trimEnd() };
      gap = "";
    } else if (t.type === "anchor" || t.type === "tag") {
      out.props.push(t.source);
      gap = "";
    } else throw new Unsupported(`a ${t.type.replace(/-/g, " ")} here`, t.offset);
  }
  // Properties may also stand on the value's own line, below the key; they are moved up to it.
  const rest: CST.SourceToken[] = [];
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === "anchor" || t.type === "tag") out.props.push(t.source);
    else rest.push(t);
  }
  out.asides = toAsides(rest, src);
  return out;
}
