// The usage report for a terminal: a block per workspace, parents before children, a row
// per quota with its bar, the share taken, the flag and what it gives out or draws from its
// parent. Written a workspace at a time.

import pc from "picocolors";
import { QUOTA_KEYS } from "../../model/state.js";
import type { UsageFlag, UsageReport, WorkspaceUsage } from "../../model/usage.js";
import { printable } from "./common.js";
import {
  QUOTA_LABEL,
  billingNote,
  flagSummary,
  num,
  percent,
  presenceNote,
  shareNote,
  thresholdsLine,
  workspaceTitle,
} from "./usage-common.js";

type Colors = ReturnType<typeof pc.createColors>;

export interface UsageTextOptions {
  color: boolean;
  /** The first line; default names the account. */
  heading?: string;
  /** The last line; default counts the workspaces and their flags; null: none. */
  footer?: string | null;
}

const BAR = 20;
const LABEL = Math.max(...Object.values(QUOTA_LABEL).map((l) => l.length));

export function renderUsageText(report: UsageReport, opts: UsageTextOptions): string {
  return [...renderUsageTextChunks(report, opts)].join("");
}

export function* renderUsageTextChunks(report: UsageReport, opts: UsageTextOptions): Generator<string> {
  const c = pc.createColors(opts.color);
  const heading = opts.heading ?? `Usage of account ${JSON.stringify(printable(report.account.name))}`;
  yield `${c.bold(heading)}; ${thresholdsLine(report)}.\n\n`;
  // One width for every row, so the columns line up down the whole report.
  let takenW = 1;
  let limitW = 1;
  for (const w of report.workspaces) {
    for (const k of QUOTA_KEYS) {
      const q = w.quotas[k];
      takenW = Math.max(takenW, num(q.used + q.givenOut).length);
      limitW = Math.max(limitW, num(q.limit).length);
    }
  }
  for (const w of report.workspaces) yield workspaceBlock(w, c, takenW, limitW);
  const footer = opts.footer === undefined ? `${flagSummary(report)}.` : opts.footer;
  if (footer !== null) yield `${c.bold(footer)}\n`;
}

function workspaceBlock(w: WorkspaceUsage, c: Colors, takenW: number, limitW: number): string {
  const marks = [billingNote(w)];
  const presence = presenceNote(w);
  if (presence) marks.push(c.magenta(presence));
  const lines = [`${c.bold(workspaceTitle(w))} ${c.dim("—")} ${marks.join(c.dim(" · "))}`];
  for (const k of QUOTA_KEYS) {
    const q = w.quotas[k];
    const paint = paintFor(q.flag, c);
    const taken = num(q.used + q.givenOut).padStart(takenW);
    const limit = num(q.limit).padEnd(limitW);
    const flag = q.flag === "ok" ? "       " : paint(q.flag.padEnd(7));
    const note = shareNote(w, q);
    const row = `  ${QUOTA_LABEL[k].padEnd(LABEL)}  ${taken} / ${limit}  ${bar(q.share, q.flag, c)} ${percent(q.share).padStart(4)}  ${flag}`;
    lines.push(note ? `${row}  ${c.dim(note)}` : row.trimEnd());
  }
  lines.push("", "");
  return lines.join("\n");
}

function bar(share: number | null, flag: UsageFlag, c: Colors): string {
  const filled = share === null ? (flag === "alert" ? BAR : 0) : Math.min(BAR, Math.floor(share * BAR + 1e-9));
  return paintFor(flag, c)("█".repeat(filled)) + c.dim("░".repeat(BAR - filled));
}

function paintFor(flag: UsageFlag, c: Colors): (s: string) => string {
  switch (flag) {
    case "ok":
      return c.green;
    case "warning":
      return c.yellow;
    case "alert":
      return c.red;
  }
}
