// What an edit changed, for people: each change's file:line and its - / + lines, and the
// unified diff of every file (for --dry-run, and `git apply`).

import { createTwoFilesPatch } from "diff";
import type { MemberChange } from "./members.js";
import { LineIndex } from "../spec/positions.js";
import { lineStart, type Splice } from "./splice.js";

export interface FileEdit {
  file: string;
  before: string;
  after: string;
  splices: Splice[];
}

export interface ShownChange {
  change: MemberChange;
  /** 1-based line in the file after the edit (before it, for lines removed) */
  line: number;
  /** the lines, each starting with "-" or "+" */
  lines: string[];
}

/** Each change with the lines it removes and adds, in file order. */
export function showChanges(changes: readonly MemberChange[], files: readonly FileEdit[]): ShownChange[] {
  const newStart = new Map<Splice, number>();
  const index = new Map<string, LineIndex>();
  const lineOf = (text: string, offset: number): number => {
    let i = index.get(text);
    if (!i) index.set(text, (i = new LineIndex(text)));
    return i.locate("", offset).line;
  };
  for (const f of files) {
    let shift = 0;
    const sorted = f.splices.map((s, i) => ({ s, i })).sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end || a.i - b.i);
    for (const { s } of sorted) {
      newStart.set(s, s.start + shift);
      shift += s.text.length - (s.end - s.start);
    }
  }
  const shown = changes.map((change) => {
    const f = files.find((x) => x.file === change.file);
    if (!f) return { change, line: 0, lines: [] };
    let line = 0;
    const lines: string[] = [];
    for (const s of [...change.splices].sort((a, b) => a.start - b.start)) {
      const part = showSplice(f, s, newStart.get(s) ?? s.start, lineOf);
      if (line === 0) line = part.line;
      lines.push(...part.lines);
    }
    // What goes before what comes, as a diff reads.
    return { change, line, lines: [...lines.filter((l) => l.startsWith("-")), ...lines.filter((l) => l.startsWith("+"))] };
  });
  const order = new Map(files.map((f, i) => [f.file, i]));
  return shown.sort((a, b) => (order.get(a.change.file) ?? 0) - (order.get(b.change.file) ?? 0) || a.line - b.line);
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl;
}

const clean = (l: string): string => l.replace(/\r$/, "");

function showSplice(f: FileEdit, s: Splice, at: number, lineOf: (text: string, offset: number) => number): { line: number; lines: string[] } {
  const { before, after } = f;
  const atLineStart = (text: string, o: number): boolean => o === lineStart(text, o);
  // Whole lines written in.
  if (s.start === s.end && atLineStart(before, s.start) && s.text.endsWith("\n")) {
    return { line: lineOf(after, at), lines: s.text.slice(0, -1).split("\n").map((l) => `+${clean(l)}`) };
  }
  // Whole lines taken out.
  if (s.text === "" && atLineStart(before, s.start) && (s.end === before.length || atLineStart(before, s.end))) {
    const gone = before.slice(s.start, s.end).replace(/\n$/, "");
    return { line: lineOf(before, s.start), lines: gone.split("\n").map((l) => `-${clean(l)}`) };
  }
  // Within lines: the lines as they were and as they are.
  const old = before.slice(lineStart(before, s.start), lineEnd(before, s.end));
  const from = lineStart(after, at);
  const now = after.slice(from, lineEnd(after, at + s.text.length));
  return {
    line: lineOf(after, from),
    lines: [...old.split("\n").map((l) => `-${clean(l)}`), ...now.split("\n").map((l) => `+${clean(l)}`)],
  };
}

/** A unified diff of the files an edit changes, with `a/` and `b/` prefixes as git writes them. */
export function unifiedDiff(files: readonly FileEdit[]): string {
  return files
    .filter((f) => f.before !== f.after)
    .map((f) => {
      const patch = createTwoFilesPatch(`a/${f.file}`, `b/${f.file}`, f.before, f.after, undefined, undefined, { context: 3 });
      // Drop the "Index:" and "====" lines that the library writes first.
      return patch.replace(/^(Index: [^\n]*\n)?=+\n/, "");
    })
    .join("");
}
