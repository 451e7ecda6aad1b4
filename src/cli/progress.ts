// Shows an apply's progress: on a terminal a live bar with counts and an ETA (redrawn at most
// ten times a second, failures printed above it); elsewhere (CI logs, pipes) one line per
// change. Never prints a secret: events carry addresses and error messages only.

import pc from "picocolors";
import { SYMBOL } from "../plan/render/common.js";
import type { Io } from "./io.js";
import type { ApplyCounts, ApplyEvent, ApplyReport, ChangeRef } from "../apply/engine.js";

export interface ProgressOptions {
  /** Raw writes for the live bar (no newline added), e.g. `(s) => process.stderr.write(s)`. Without it, lines. */
  write?: (text: string) => void;
  /** Force lines even on a terminal. */
  lines?: boolean;
  clock?: () => number;
}

export interface ProgressRenderer {
  onEvent(e: ApplyEvent): void;
  /** Clears the live bar (call before printing anything else). */
  stop(): void;
}


function fmtDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

export function renderBar(counts: ApplyCounts, elapsedMs: number, width = 30): string {
  const done = counts.applied + counts.failed + counts.skipped;
  const ratio = counts.total === 0 ? 1 : done / counts.total;
  const filled = Math.round(ratio * width);
  const eta = done === 0 || done === counts.total ? "" : ` · ETA ${fmtDuration((elapsedMs / done) * (counts.total - done))}`;
  const extra = [counts.failed ? `${counts.failed} failed` : "", counts.skipped ? `${counts.skipped} skipped` : ""].filter(Boolean).join(", ");
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${counts.total}${extra ? ` (${extra})` : ""} · ${fmtDuration(elapsedMs)}${eta}`;
}

export function createProgressRenderer(io: Io, opts: ProgressOptions = {}): ProgressRenderer {
  const c = pc.createColors(io.color);
  const clock = opts.clock ?? Date.now;
  const live = io.isTTY && !opts.lines && opts.write !== undefined;
  const write = opts.write ?? ((s: string) => io.err(s));
  let t0 = clock();
  let lastDraw = 0;
  let counts: ApplyCounts = { total: 0, applied: 0, failed: 0, skipped: 0, running: 0 };
  let barShown = false;

  const label = (ch: ChangeRef): string => `${SYMBOL[ch.action]} ${ch.address}`;
  const clear = (): void => {
    if (barShown) write("\r\x1b[2K");
    barShown = false;
  };
  const draw = (force = false): void => {
    const now = clock();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    write(`\r\x1b[2K${renderBar(counts, now - t0)}`);
    barShown = true;
  };
  const line = (text: string): void => {
    if (live) {
      clear();
      write(`${text}\n`);
      draw(true);
    } else {
      io.out(text);
    }
  };

  return {
    onEvent(e) {
      counts = e.counts;
      switch (e.type) {
        case "begin":
          t0 = clock();
          if (live) draw(true);
          else io.out(`Applying ${e.counts.total} change(s), up to ${e.parallelism} at a time`);
          break;
        case "started":
          if (live) draw();
          break;
        case "finished":
          if (live) draw();
          else io.out(`${c.green("done")}    ${label(e.change)} ${c.dim(`(${e.durationMs} ms)`)}`);
          break;
        case "failed":
          line(`${c.red("failed")}  ${label(e.change)}: ${e.error}`);
          break;
        case "skipped":
          line(`${c.yellow("skipped")} ${label(e.change)} ${c.dim(`(depends on failed ${e.because})`)}`);
          break;
        case "end":
          if (live) clear();
          break;
      }
    },
    stop: clear,
  };
}

/** The closing summary line, e.g. "Applied 12 change(s), 1 failed, 3 skipped, 40 not attempted in 2s." */
export function summarizeReport(report: Omit<ApplyReport, "halted" | "notAttempted"> & { notAttempted?: string[] }, color = false): string {
  const c = pc.createColors(color);
  const parts = [`Applied ${report.applied.length} change(s)`];
  if (report.failed.length) parts.push(c.red(`${report.failed.length} failed`));
  if (report.skipped.length) parts.push(c.yellow(`${report.skipped.length} skipped`));
  if (report.notAttempted?.length) parts.push(c.yellow(`${report.notAttempted.length} not attempted`));
  return `${parts.join(", ")} in ${fmtDuration(report.durationMs)}.`;
}
