// Edits as splices of the original text: everything outside them stays byte for byte.

export interface Splice {
  /** offsets in the original text: [start, end) is replaced by text */
  start: number;
  end: number;
  text: string;
}

/** Applies splices (none may overlap; an insertion is start === end). */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const sorted = sortSplices(splices);
  let out = "";
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) throw new Error(`overlapping edits at offset ${s.start}`);
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

function sortSplices(splices: readonly Splice[]): Splice[] {
  // Stable, so that insertions at one point keep the order they were made in.
  return splices
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end || a.i - b.i)
    .map((x) => x.s);
}

/**
 * Where an offset of the edited text was in the original: the same place when it lies in
 * text the edit kept; otherwise null (it is in text the edit wrote).
 */
export function originalOffset(splices: readonly Splice[], editedOffset: number): number | null {
  let shift = 0;
  for (const s of sortSplices(splices)) {
    const newStart = s.start + shift;
    if (editedOffset < newStart) break;
    if (editedOffset < newStart + s.text.length) return null;
    shift += s.text.length - (s.end - s.start);
  }
  return editedOffset - shift;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The offset just past the end of the line holding `offset` (past its newline, if any). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** The line break the file uses (CRLF when its first line ends so). */
export function eolOf(text: string): string {
  const nl = text.indexOf("\n");
  return nl > 0 && text[nl - 1] === "\r" ? "\r\n" : "\n";
}
