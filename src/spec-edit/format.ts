// `hgw fmt`: one spec file's text in, its canonical text out (docs/formatting.md says what
// canonical is). It rewrites from `yaml`'s concrete syntax tree, which holds every token of
// the file (comments, blank lines, quotes), so that nothing but layout changes: values,
// quoting, comments and the style of each collection (block or flow) are the author's;
// indentation, key order, spacing and blank lines are the canon's. The result is checked
// before it is returned: it must load to the same values and hold the same comments, or
// the file is left as it was and the error says so.

import type { CST } from "yaml";
import { loadYaml } from "../load-on-use.js";
import type { Diagnostic } from "../model/diagnostics.js";
import { fastParse } from "../spec/fast-yaml.js";
import { LineIndex, Locator } from "../spec/positions.js";
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
  const before = readValue(text, file);
  if (before.diagnostics.length > 0) return { text: null, diagnostics: before.diagnostics };
  let out: string;
  try {
    out = new Formatter(text).run();
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
  const after = readValue(out, file);
  const same =
    after.diagnostics.length === 0 &&
    sameValue(before.value, after.value) &&
    sameStrings(commentsOf(text), commentsOf(out));
  if (!same) {
    return {
      text: null,
      diagnostics: [
        {
          severity: "error",
          code: "fmt-failed",
          message: `hgw fmt could not lay out ${file} without changing what it says or losing a comment; it was left as it is`,
          hint: "This is a bug in hgw fmt; please report it with the file (or a part that shows it).",
          source: { file, line: 1, col: 1 },
        },
      ],
    };
  }
  return { text: out, diagnostics: [] };
}

function readValue(text: string, file: string): { value: unknown; diagnostics: Diagnostic[] } {
  const fast = fastParse(text, file);
  if (fast) return { value: fast.value, diagnostics: [] };
  const r = readWithYaml(text, file, new Locator(new Map([[file, text]])));
  return { value: r.value, diagnostics: r.diagnostics.filter((d) => d.severity === "error") };
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

/** Every comment of a file, as its text without trailing blanks. */
export function commentsOf(text: string): string[] {
  const Y = loadYaml();
  const out: string[] = [];
  const walk = (tokens: readonly CST.Token[] | undefined): void => {
    for (const t of tokens ?? []) {
      if (t.type === "comment") out.push(t.source.trimEnd());
      else walkToken(t);
    }
  };
  const walkToken = (t: CST.Token | null | undefined): void => {
    if (!t) return;
    switch (t.type) {
      case "document":
        walk(t.start);
        walkToken(t.value);
        walk(t.end);
        break;
      case "doc-end":
        walk(t.end);
        break;
      case "block-map":
      case "block-seq":
        for (const it of t.items) {
          walk(it.start);
          walkToken(it.key);
          walk(it.sep);
          walkToken(it.value);
        }
        break;
      case "flow-collection":
        for (const it of t.items) {
          walk(it.start);
          walkToken(it.key);
          walk(it.sep);
          walkToken(it.value);
        }
        walk(t.end);
        break;
      case "block-scalar":
        walk(t.props);
        break;
      case "alias":
      case "scalar":
      case "single-quoted-scalar":
      case "double-quoted-scalar":
        walk(t.end);
        break;
      case "comment":
        out.push(t.source.trimEnd());
        break;
      default:
        break;
    }
  };
  for (const t of new Y.Parser().parse(text)) walkToken(t);
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

/** What follows a key's `:` (or a `-`) on its own line: properties and a comment. */
interface Inline {
  props: string[];
  /** the comment and the blanks written before it, kept as the author aligned it */
  comment?: { gap: string; text: string };
  /** own-line comments and blank lines after that line, before the value */
  asides: Aside[];
}

interface Level {
  /** the column the author indented this collection's entries to */
  orig: number;
  /** the column the canon indents them to */
  canon: number;
}

type Item = CST.BlockMap["items"][number] | CST.BlockSequence["items"][number];

class Formatter {
  private readonly lines: string[] = [];
  private pendingBlank = false;
  /** nothing written yet, or the last line opened a block collection: no blank line here */
  private open = true;
  private readonly stack: Level[] = [];
  private readonly reorder: boolean;
  private readonly index: LineIndex;

  constructor(private readonly text: string) {
    this.index = new LineIndex(text);
    // An alias must come after its anchor; moving keys could break that, so a file with
    // aliases keeps its key order (everything else is still formatted).
    this.reorder = !text.includes("*") || !this.hasAlias();
  }

  run(): string {
    const Y = loadYaml();
    const tokens = [...new Y.Parser().parse(this.text)];
    this.stack.push({ orig: 0, canon: 0 });
    let documents = 0;
    // Comments and blank lines outside the document (the file's header, mostly), in runs.
    let loose: CST.SourceToken[] = [];
    const flush = (): void => {
      this.asides(toAsides(loose, true, this.index), null);
      loose = [];
    };
    for (const t of tokens) {
      if (t.type === "comment" || t.type === "newline" || t.type === "space") {
        loose.push(t as CST.SourceToken);
        continue;
      }
      flush();
      switch (t.type) {
        case "byte-order-mark":
          break;
        case "document":
          if (++documents > 1) throw new Unsupported("more than one document", t.offset);
          this.document(t);
          break;
        case "doc-end":
          this.line("...");
          this.asides(toAsides(t.end ?? [], false, this.index), null);
          break;
        default:
          throw new Unsupported(`a ${t.type.replace(/-/g, " ")}`, t.offset);
      }
    }
    flush();
    return this.lines.length > 0 ? `${this.lines.join("\n")}\n` : "";
  }

  private hasAlias(): boolean {
    const Y = loadYaml();
    let found = false;
    for (const t of new Y.Parser().parse(this.text)) {
      Y.CST.visit(t as CST.Document, (item) => {
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

  /** Own-line comments and blank lines: each comment at the level it was written for. */
  private asides(list: Aside[], indent: number | null): void {
    for (const a of list) {
      if (a.kind === "blank") this.pendingBlank = true;
      else this.line(" ".repeat(indent ?? this.levelFor(a.col)) + a.text);
    }
  }

  /** The open collection whose entries the author lined a comment up with. */
  private levelFor(col: number): number {
    let best = this.stack[0]!;
    for (const l of this.stack) if (l.orig <= col && l.orig > best.orig) best = l;
    return best.canon;
  }

  /** Lines of a value that spans several lines, moved with the entry that holds it. */
  private continuation(lines: string[], delta: number, raw: boolean): void {
    for (const l of lines) this.line(shift(l, delta), raw);
  }

  // ------------------------------------------------------------------ structure

  private document(doc: CST.Document): void {
    const start = doc.start;
    const i = start.findIndex((t) => t.type === "doc-start");
    if (start.some((t) => !["space", "newline", "comment", "doc-start"].includes(t.type))) {
      const bad = start.find((t) => !["space", "newline", "comment", "doc-start"].includes(t.type))!;
      throw new Unsupported(`a ${bad.type.replace(/-/g, " ")} before the document`, bad.offset);
    }
    if (i >= 0) {
      this.asides(toAsides(start.slice(0, i), true, this.index), null);
      const rest = start.slice(i + 1);
      const inline = readInline(rest, this.index);
      this.line(`---${inline.comment ? inline.comment.gap + inline.comment.text : ""}`);
      this.asides(inline.asides, null);
    } else {
      this.asides(toAsides(start, true, this.index), null);
    }
    const v = doc.value;
    if (v) {
      switch (v.type) {
        case "block-map":
          this.map(v, 0, specShape(), null, []);
          break;
        case "block-seq":
          this.seq(v, 0, undefined, null, []);
          break;
        default:
          this.leaf(v, "", 0, specShape());
      }
    }
    this.asides(toAsides(doc.end ?? [], false, this.index), null);
  }

  /**
   * A block mapping whose entries go at `indent`. `first`: the text its first line starts
   * with when it begins on a `- ` line. `lead`: comments written between the key that holds
   * it and its first entry; they stay above its first entry.
   */
  private map(map: CST.BlockMap, indent: number, shape: Shape | undefined, first: string | null, lead: Aside[]): void {
    this.stack.push({ orig: map.indent, canon: indent });
    const entries: { item: Item & { key: CST.Token | null; sep: CST.SourceToken[] }; name: string; before: Aside[]; props: string[] }[] = [];
    const trailing: Aside[][] = [];
    for (const item of map.items) {
      if (item.explicitKey) throw new Unsupported("an explicit key (`? `)", offsetOf(item.start[0]) ?? map.offset);
      if (item.key === undefined && item.sep === undefined && item.value === undefined) {
        trailing.push(toAsides(item.start, true, this.index));
        continue;
      }
      const key = item.key;
      if (!key || !isFlowScalar(key) || key.type === "alias" || key.source.includes("\n")) {
        throw new Unsupported("a mapping key that is not a one-line scalar", key?.offset ?? map.offset);
      }
      const { asides, props } = splitStart(item.start, this.index);
      entries.push({ item: item as Item & { key: CST.Token | null; sep: CST.SourceToken[] }, name: keyName(key), before: asides, props });
    }
    if (entries[0]) entries[0].before = [...lead, ...entries[0].before];
    else trailing.unshift(lead);
    const ordered = this.reorder && shape ? sortByShape(entries, shape) : entries;
    // Comments right above an entry move with it; those above the first entry that a blank
    // line sets apart head the whole mapping, so they stay at its top.
    if (ordered[0] !== entries[0] && entries[0]) {
      const before = entries[0].before;
      const cut = before.map((a) => a.kind).lastIndexOf("blank") + 1;
      entries[0].before = before.slice(cut);
      ordered[0]!.before = [...before.slice(0, cut), ...ordered[0]!.before];
    }
    ordered.forEach((e, i) => {
      const at = i === 0 && first !== null ? this.startLine(first, indent, e.before) : (this.asides(e.before, indent), " ".repeat(indent));
      const keyText = [...e.props, (e.item.key as CST.FlowScalar).source].join(" ");
      this.entry(at + keyText, e.item.sep, e.item.value, indent, map.indent, shape?.child(e.name));
    });
    for (const t of trailing) this.asides(t, null);
    this.stack.pop();
  }

  /**
   * The start of the first line of a collection that begins after `- `. Comments meant for
   * its first entry cannot sit between the dash and the entry: the first goes on the dash
   * line, the rest on lines of their own, and the entry starts on the next line.
   */
  private startLine(first: string, indent: number, before: Aside[]): string {
    const comments = before.filter((a): a is Extract<Aside, { kind: "comment" }> => a.kind === "comment");
    if (comments.length === 0) return first;
    const [head, ...rest] = comments;
    this.line(first + head!.text);
    for (const c of rest) this.line(" ".repeat(indent) + c.text);
    return " ".repeat(indent);
  }

  /** One `key: value` entry; `at` is the line so far (indentation and key). */
  private entry(at: string, sep: CST.SourceToken[], value: CST.Token | undefined, indent: number, origIndent: number, shape: Shape | undefined): void {
    const colon = sep.findIndex((t) => t.type === "map-value-ind");
    if (colon < 0) throw new Unsupported("a mapping key without a `:`", sep[0]?.offset ?? 0);
    const inline = readInline(sep.slice(colon + 1), this.index);
    const props = inline.props.length > 0 ? ` ${inline.props.join(" ")}` : "";
    const comment = inline.comment ? inline.comment.gap + inline.comment.text : "";
    if (!value || value.type === "space" || value.type === "newline" || value.type === "comment") {
      this.line(`${at}:${props}${comment}`);
      this.asides(inline.asides, null);
      return;
    }
    switch (value.type) {
      case "block-map":
        this.line(`${at}:${props}${comment}`);
        this.open = true;
        this.map(value, indent + INDENT, shape, null, inline.asides);
        return;
      case "block-seq":
        this.line(`${at}:${props}${comment}`);
        this.open = true;
        this.seq(value, indent + INDENT, shape, null, inline.asides);
        return;
      default:
        if (inline.comment || inline.asides.some((a) => a.kind === "comment")) {
          // A comment between the key and its value: the value stays on a line of its own.
          this.line(`${at}:${props}${comment}`);
          this.asides(inline.asides, indent + INDENT);
          this.leaf(value, " ".repeat(indent + INDENT), indent - origIndent, shape);
          return;
        }
        this.leaf(value, `${at}:${props} `, indent - origIndent, shape);
    }
  }

  /** A block sequence whose dashes go at `indent`. */
  private seq(seq: CST.BlockSequence, indent: number, shape: Shape | undefined, first: string | null, lead: Aside[]): void {
    this.stack.push({ orig: seq.indent, canon: indent });
    let pending = lead;
    let n = 0;
    for (const item of seq.items) {
      const dash = item.start.findIndex((t) => t.type === "seq-item-ind");
      if (dash < 0) {
        this.asides([...pending, ...toAsides(item.start, true, this.index)], null);
        pending = [];
        continue;
      }
      const before = [...pending, ...toAsides(item.start.slice(0, dash), true, this.index)];
      pending = [];
      const at = n === 0 && first !== null ? this.startLine(first, indent, before) : (this.asides(before, indent), " ".repeat(indent));
      n++;
      const inline = readInline(item.start.slice(dash + 1), this.index);
      const props = inline.props.length > 0 ? ` ${inline.props.join(" ")}` : "";
      const comments = [
        ...(inline.comment ? [{ kind: "comment" as const, text: inline.comment.text, col: 0 }] : []),
        ...inline.asides.filter((a) => a.kind === "comment"),
      ];
      const value = item.value;
      const childIndent = indent + INDENT;
      const delta = indent - seq.indent;
      if (!value) {
        this.line(`${at}-${props}${inline.comment ? inline.comment.gap + inline.comment.text : ""}`);
        this.asides(inline.asides, null);
        continue;
      }
      if (value.type === "block-map" || value.type === "block-seq") {
        if (props) {
          // Properties of the collection itself go on the dash line; the entries below.
          this.line(`${at}-${props}${inline.comment ? inline.comment.gap + inline.comment.text : ""}`);
          this.open = true;
          if (value.type === "block-map") this.map(value, childIndent, shape, null, inline.asides);
          else this.seq(value, childIndent, shape, null, inline.asides);
          continue;
        }
        const lead2 = comments.map((c) => ({ ...c }));
        if (value.type === "block-map") this.map(value, childIndent, shape, `${at}- `, lead2);
        else this.seq(value, childIndent, shape, `${at}- `, lead2);
        continue;
      }
      if (comments.length > 0) {
        const [head, ...rest] = comments;
        this.line(`${at}-${props} ${head!.text}`);
        for (const c of rest) this.line(" ".repeat(childIndent) + c.text);
        this.leaf(value, " ".repeat(childIndent), childIndent - seq.indent - INDENT, shape);
        continue;
      }
      this.leaf(value, `${at}-${props} `, delta, shape);
    }
    this.asides(pending, null);
    this.stack.pop();
  }

  /** A value that is not a block collection, after `at`; `delta` moves its further lines. */
  private leaf(value: CST.Token, at: string, delta: number, shape: Shape | undefined): void {
    switch (value.type) {
      case "alias":
      case "scalar":
      case "single-quoted-scalar":
      case "double-quoted-scalar": {
        const [head, ...rest] = value.source.split("\n");
        const trail = readInline(value.end ?? [], this.index);
        if (rest.length === 0) {
          this.line(at + head + (trail.comment ? trail.comment.gap + trail.comment.text : ""));
        } else {
          this.line(at + head);
          const last = rest.pop()!;
          this.continuation(rest, delta, false);
          this.line(shift(last, delta) + (trail.comment ? trail.comment.gap + trail.comment.text : ""));
        }
        this.asides(trail.asides, null);
        return;
      }
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
        const close = value.end.findIndex((t) => t.type === "flow-map-end" || t.type === "flow-seq-end");
        if (close < 0) throw new Unsupported("an unclosed flow collection", value.offset);
        const trail = readInline(value.end.slice(close + 1), this.index);
        const comment = trail.comment ? trail.comment.gap + trail.comment.text : "";
        if (canon !== null) {
          this.line(at + canon + comment);
        } else {
          const end = value.end[close]!;
          const [head, ...rest] = this.text.slice(value.offset, end.offset + end.source.length).split("\n");
          if (rest.length === 0) this.line(at + head + comment);
          else {
            this.line(at + head);
            const last = rest.pop()!;
            this.continuation(rest, delta, false);
            this.line(shift(last, delta) + comment);
          }
        }
        this.asides(trail.asides, null);
        return;
      }
      default:
        throw new Unsupported(`a ${value.type.replace(/-/g, " ")} here`, "offset" in value ? value.offset : 0);
    }
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

/** Comments and blank lines from tokens that begin at the start of a line (or after content when `atLineStart` is false). */
function toAsides(tokens: readonly CST.SourceToken[], atLineStart: boolean, index: LineIndex): Aside[] {
  const out: Aside[] = [];
  let content = !atLineStart;
  for (const t of tokens) {
    switch (t.type) {
      case "space":
        break;
      case "comment":
        out.push({ kind: "comment", text: t.source.trimEnd(), col: index.locate("", t.offset).col - 1 });
        content = true;
        break;
      case "newline":
        if (!content) out.push({ kind: "blank" });
        content = false;
        break;
      default:
        throw new Unsupported(`a ${t.type.replace(/-/g, " ")} here`, t.offset);
    }
  }
  return out;
}

/** An entry's start tokens: the comments and blank lines above it, then its key's properties. */
function splitStart(tokens: readonly CST.SourceToken[], index: LineIndex): { asides: Aside[]; props: string[] } {
  const props: string[] = [];
  let i = tokens.length;
  while (i > 0) {
    const t = tokens[i - 1]!;
    if (t.type === "anchor" || t.type === "tag") props.unshift(t.source);
    else if (t.type !== "space") break;
    i--;
  }
  return { asides: toAsides(tokens.slice(0, i), true, index), props };
}

/** Tokens after a `:`, a `-` or a value, up to and past the end of that line. */
function readInline(tokens: readonly CST.SourceToken[], index: LineIndex): Inline {
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
  out.asides = toAsides(rest, true, index);
  return out;
}
