// What a change does to each attribute, as neutral lines that text and markdown both print.
// Lists and long strings are diffed with the `diff` package so that one added domain in a
// list of twenty reads as one `+` line, not as the whole list twice.

import { createRequire } from "node:module";
import type * as Diff from "diff";
import type { Change } from "../types.js";
import { type AttrValue, type Attrs, attrText, displayAttrs } from "./attrs.js";

export type ItemLine = { op: "+" | "-" | " "; text: string } | { op: "…"; count: number };
export interface Segment {
  text: string;
  changed: boolean;
}

export type AttrLine =
  /** "=": shown as it is, neither added nor removed (approve / deny) */
  | { op: "+" | "-" | "="; path: string; value: AttrValue }
  | { op: "~"; path: string; from: string; to: string }
  /** A long string: both whole, with the changed words marked. */
  | { op: "~long"; path: string; from: Segment[]; to: Segment[] }
  | { op: "~list"; path: string; items: ItemLine[] };

export interface ChangeDetail {
  lines: AttrLine[];
  /** Attributes that an update leaves as they are, not listed. */
  unchanged: number;
}

type Differ = Pick<typeof Diff, "diffArrays" | "diffLines" | "diffWordsWithSpace">;
let diffModule: Differ | undefined;
/**
 * The three diffs of the `diff` package used here, loaded when a list or a long string
 * changes: most plans never need them. Each from its own file, a third of the files (and
 * about half the time) of the package's index, which loads patch and conversion code too.
 */
function diff(): Differ {
  if (!diffModule) {
    const load = createRequire(import.meta.url);
    diffModule = {
      ...(load("diff/lib/diff/array.js") as Pick<typeof Diff, "diffArrays">),
      ...(load("diff/lib/diff/line.js") as Pick<typeof Diff, "diffLines">),
      ...(load("diff/lib/diff/word.js") as Pick<typeof Diff, "diffWordsWithSpace">),
    };
  }
  return diffModule;
}

/** Unchanged list items kept around each change; longer runs collapse to a count. */
const CONTEXT = 2;
const LONG_STRING = 40;

export function changeDetail(change: Change): ChangeDetail {
  const before = displayAttrs(change.before, { kind: change.kind });
  const after = displayAttrs(change.after, {
    kind: change.kind,
    unknownIdsAfterApply: change.action === "create" || change.action === "replace",
  });
  const all = (attrs: Attrs, op: "+" | "-" | "="): ChangeDetail => ({
    lines: [...attrs].map(([path, value]) => ({ op, path, value })),
    unchanged: 0,
  });
  switch (change.action) {
    case "create":
      return all(after, "+");
    case "delete":
      return all(before, "-");
    case "approve":
      return all(after.size > 0 ? after : before, "=");
    case "deny":
      return all(before.size > 0 ? before : after, "=");
    case "update":
    case "replace":
      return diffAttrs(before, after);
    case "noop":
      return { lines: [], unchanged: 0 };
  }
}

function diffAttrs(before: Attrs, after: Attrs): ChangeDetail {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines: AttrLine[] = [];
  let unchanged = 0;
  for (const path of paths) {
    const b = before.get(path);
    const a = after.get(path);
    if (b && a) {
      if (attrText(b) === attrText(a)) unchanged += 1;
      else lines.push(changed(path, b, a));
    } else if (b) {
      // An `after` without a password leaves the password as it is (the plan schema's sharePagePayload).
      if (path === "password" || path.endsWith(".password")) unchanged += 1;
      else lines.push({ op: "-", path, value: b });
    } else if (a) {
      lines.push({ op: "+", path, value: a });
    }
  }
  return { lines, unchanged };
}

function changed(path: string, b: AttrValue, a: AttrValue): AttrLine {
  if (b.type === "list" && a.type === "list") {
    const items = diff().diffArrays(b.items, a.items).flatMap((c) => c.value.map((text) => ({ op: opOf(c), text })));
    return { op: "~list", path, items: collapse(items) };
  }
  if (b.type === "scalar" && a.type === "scalar" && b.raw !== undefined && a.raw !== undefined) {
    if (b.raw.includes("\n") || a.raw.includes("\n")) {
      const items = diff().diffLines(b.raw, a.raw).flatMap((c) => splitLines(c.value).map((text) => ({ op: opOf(c), text })));
      return { op: "~list", path, items: collapse(items) };
    }
    if (Math.max(b.raw.length, a.raw.length) > LONG_STRING) {
      const parts = diff().diffWordsWithSpace(b.raw, a.raw);
      return {
        op: "~long",
        path,
        from: parts.filter((p) => !p.added).map((p) => ({ text: p.value, changed: p.removed })),
        to: parts.filter((p) => !p.removed).map((p) => ({ text: p.value, changed: p.added })),
      };
    }
  }
  return { op: "~", path, from: attrText(b), to: attrText(a) };
}

const splitLines = (s: string): string[] => s.replace(/\n$/, "").split("\n");

const opOf = (c: { added: boolean; removed: boolean }): "+" | "-" | " " => (c.added ? "+" : c.removed ? "-" : " ");

/** Long runs of unchanged items shrink to a count, keeping CONTEXT items next to each change. */
function collapse(items: { op: "+" | "-" | " "; text: string }[]): ItemLine[] {
  const out: ItemLine[] = [];
  let i = 0;
  while (i < items.length) {
    if (items[i]!.op !== " ") {
      out.push(items[i]!);
      i += 1;
      continue;
    }
    let j = i;
    while (j < items.length && items[j]!.op === " ") j += 1;
    const head = i === 0 ? 0 : CONTEXT;
    const tail = j === items.length ? 0 : CONTEXT;
    const run = j - i;
    if (run > head + tail + 1) {
      out.push(...items.slice(i, i + head), { op: "…", count: run - head - tail }, ...items.slice(j - tail, j));
    } else {
      out.push(...items.slice(i, j));
    }
    i = j;
  }
  return out;
}
