// What every markdown renderer shares: GitHub's comment limit, fitting sections into it, and
// escaping user values for inline markdown, HTML and code spans.

import { printable } from "./common.js";

export const GITHUB_COMMENT_LIMIT = 65_536;

export interface Section {
  title: string;
  /** between items: a blank line for blocks, a newline for list items */
  sep: string;
  count: number;
  /** Items are made on demand: a plan of 100,000 changes shows a few hundred. */
  item: (i: number) => string;
  /** what to say about items left out */
  note: (left: number) => string;
}

/**
 * Everything when it fits. Otherwise each section keeps its items from the front while they
 * fit, leaving room for the notes; the whole is then measured and more dropped from the end
 * if that estimate was short.
 */
export function fit(head: string, sections: Section[], footer: string, max: number): string {
  const made = sections.map(() => [] as string[]);
  const item = (s: number, i: number): string => (made[s]![i] ??= sections[s]!.item(i));
  const assemble = (kept: number[]): string => {
    const parts = [head];
    sections.forEach((s, si) => {
      const k = kept[si]!;
      if (s.count === 0) return;
      const body = Array.from({ length: k }, (_, i) => item(si, i));
      if (k < s.count) body.push(s.note(s.count - k));
      parts.push(`${s.title}\n${s.sep === "\n" ? "" : "\n"}${body.join(s.sep)}`);
    });
    parts.push(footer);
    return `${parts.join("\n\n")}\n`;
  };
  const overhead = (s: Section): number => s.title.length + 4;

  // Does everything fit? Stop making items as soon as it cannot.
  let used = head.length + footer.length + 4 + sections.reduce((n, s) => n + overhead(s), 0);
  let all = true;
  for (let si = 0; all && si < sections.length; si++) {
    for (let i = 0; i < sections[si]!.count; i++) {
      used += item(si, i).length + sections[si]!.sep.length;
      if (used > max) {
        all = false;
        break;
      }
    }
  }
  if (all) {
    const text = assemble(sections.map((s) => s.count));
    if (text.length <= max) return text;
  }

  const reserve = sections.reduce((n, s) => n + s.note(s.count).length + s.sep.length, 0);
  used = head.length + footer.length + 4 + sections.reduce((n, s) => n + overhead(s), 0) + reserve;
  const kept = sections.map((s, si) => {
    let k = 0;
    while (k < s.count && used + item(si, k).length + s.sep.length <= max) {
      used += item(si, k).length + s.sep.length;
      k += 1;
    }
    return k;
  });
  let text = assemble(kept);
  for (let si = kept.length - 1; text.length > max && si >= 0; ) {
    if (kept[si] === 0) si -= 1;
    else {
      kept[si] = kept[si]! - 1;
      text = assemble(kept);
    }
  }
  // Only a limit too small for the heading itself gets here; GitHub would refuse it whole.
  return text.length <= max ? text : text.slice(0, max);
}

/** An inline code span that no backtick in the value can close early. */
export function code(value: string): string {
  const s = printable(value);
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = "`".repeat(longest + 1);
  const pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

export function escapeHtml(value: string): string {
  return printable(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Inline markdown punctuation backslash-escaped, HTML's specials as entities: user values
 * print as written. Values never start a line (printable() folds newlines), so the marks
 * that only count there (`#`, `-`, `+`, `1.`) stay as they are.
 */
export function escapeMarkdown(value: string): string {
  return printable(value)
    .replace(/[\\`*_[\]~!|]/g, (ch) => `\\${ch}`)
    .replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
