// The plan for a terminal, in the spirit of `terraform plan`: one block per change in plan
// order, attribute-level diffs, then what is left alone, warnings and a one-line summary.

import pc from "picocolors";
import type { Diagnostic } from "../../model/diagnostics.js";
import { summarize, summaryPhrase } from "../summary.js";
import { daysLeftText } from "../expiring.js";
import type { Action, Change, Plan } from "../types.js";
import type { PlanUsage } from "../../model/usage.js";
import { type AttrLine, type ItemLine, type Segment, changeDetail } from "./attr-diff.js";
import type { AttrValue } from "./attrs.js";
import { renderUsageTextChunks } from "./usage-text.js";
import { type RenderMode, SYMBOL, driftVerb, locationText, printable, shownChanges } from "./common.js";

export interface TextOptions {
  color: boolean;
  mode?: RenderMode;
  /** The headroom after the plan, shown after its changes (plan mode). */
  usage?: PlanUsage;
}

type Colors = ReturnType<typeof pc.createColors>;
type Paint = (s: string) => string;

const INDENT = "      ";
/** A list longer than this on one line is printed an item per line. */
const INLINE_LIST = 60;

export function renderText(plan: Plan, opts: TextOptions): string {
  return [...renderTextChunks(plan, opts)].join("");
}

/**
 * The text plan in pieces, a change at a time, for writing as it is made: a plan of 100,000
 * changes is 30 MB of text, which need never be held whole. Joined, the pieces are renderText.
 */
export function* renderTextChunks(plan: Plan, opts: TextOptions): Generator<string> {
  const c = pc.createColors(opts.color);
  const mode = opts.mode ?? "plan";
  const changes = shownChanges(plan);
  if (changes.length > 0) {
    if (mode === "drift") {
      const places = changes.length === 1 ? "1 place" : `${changes.length} places`;
      yield `${c.bold(`Drift: the account differs from the spec in ${places}.`)}\n\n`;
      yield "`hgw apply` would fix it with these changes, in this order:\n\n";
    } else {
      yield "`hgw apply` would make these changes, in this order:\n\n";
    }
    const lines: string[] = [];
    for (const change of changes) {
      lines.length = 0;
      changeBlock(lines, change, c, mode);
      lines.push("", "");
      yield lines.join("\n");
    }
    if (mode === "plan" && opts.usage && opts.usage.headroom.workspaces.length > 0) yield* headroomChunks(opts.usage, opts.color);
  }
  const out: string[] = [];
  if (plan.unmanaged.length > 0) {
    out.push("Unmanaged (in the account, not managed by the spec; left alone):");
    for (const u of plan.unmanaged) out.push(`  ${c.dim("·")} ${printable(u.address)} — ${printable(u.reason)}`);
    out.push("");
  }
  out.push(...expiringLines(plan, c));
  if (plan.warnings.length > 0) {
    out.push("Warnings:");
    for (const w of plan.warnings) out.push(...warningLines(w, c));
    out.push("");
  }
  out.push(c.bold(finalLine(plan.changes, mode)));
  yield `${out.join("\n")}\n`;
}

function* headroomChunks(usage: PlanUsage, color: boolean): Generator<string> {
  const skipped =
    usage.skipped > 0 ? ` (${usage.skipped} change${usage.skipped === 1 ? "" : "s"} could not be counted on the account as read)` : "";
  yield* renderUsageTextChunks(usage.headroom, {
    color,
    heading: `Headroom after this plan, in the workspaces it changes and the pools they draw on${skipped}`,
    footer: null,
  });
}

/** The plan's list of access that ends soon, with a blank line after; nothing when there is none. */
export function expiringLines(plan: Plan, c: Colors): string[] {
  if (!plan.expiring) return [];
  const { withinDays, items } = plan.expiring;
  const out = [`Expiring within ${withinDays} days (removed from the day after):`];
  for (const i of items) {
    const at = locationText(i.source);
    out.push(`  ${c.yellow("⌛")} ${printable(i.address)} — expires ${i.expires} (${daysLeftText(i.daysLeft)})${at ? c.dim(`  # ${printable(at)}`) : ""}`);
  }
  out.push("");
  return out;
}

function finalLine(changes: Change[], mode: RenderMode): string {
  const phrase = summaryPhrase(summarize(changes));
  if (mode === "drift") return phrase ? `To match the spec: ${phrase}.` : "No drift. The account matches the spec.";
  return phrase ? `Plan: ${phrase}.` : "No changes. The account matches the spec.";
}

export function actionPaint(c: Colors, action: Action): Paint {
  switch (action) {
    case "create":
    case "approve":
      return c.green;
    case "update":
      return c.yellow;
    case "delete":
    case "deny":
      return c.red;
    case "replace":
      return c.magenta;
    case "noop":
      return (s) => s;
  }
}

/** Appends to `lines`: a plan can hold 100,000 changes, and copying blocks around shows. */
function changeBlock(lines: string[], change: Change, c: Colors, mode: RenderMode): void {
  const paint = actionPaint(c, change.action);
  const reason = mode === "drift" ? `${driftVerb(change.action)}: ${change.reason}` : change.reason;
  lines.push(`  ${paint(`${SYMBOL[change.action]} ${printable(change.address)}`)} — ${printable(reason)}`);
  const at = locationText(change.source);
  lines.push(INDENT + c.dim(at ? `# ${printable(at)}` : "# not in the spec"));
  const detail = changeDetail(change);
  for (const line of detail.lines) for (const l of attrLines(line, c)) lines.push(INDENT + l);
  if (detail.unchanged > 0) {
    const n = detail.unchanged;
    lines.push(INDENT + c.dim(`# (${n} unchanged attribute${n === 1 ? "" : "s"} hidden)`));
  }
}

function attrLines(line: AttrLine, c: Colors): string[] {
  const path = printable(line.path);
  switch (line.op) {
    case "+":
      return valueLines(c.green("+"), path, line.value, c.green("+"));
    case "-":
      return valueLines(c.red("-"), path, line.value, c.red("-"));
    case "=":
      return valueLines(" ", path, line.value, " ");
    case "~":
      return [`${c.yellow("~")} ${path}: ${printable(line.from)} → ${printable(line.to)}`];
    case "~long":
      return [
        `${c.yellow("~")} ${path}:`,
        `    ${c.red("-")} ${segments(line.from, c.red, c)}`,
        `    ${c.green("+")} ${segments(line.to, c.green, c)}`,
      ];
    case "~list":
      return [`${c.yellow("~")} ${path}:`, ...line.items.map((i) => `    ${itemLine(i, c)}`)];
  }
}

function valueLines(sym: string, path: string, value: AttrValue, itemSym: string): string[] {
  if (value.type === "scalar") return [`${sym} ${path}: ${printable(value.text)}`];
  const oneLine = `[${value.items.join(", ")}]`;
  if (oneLine.length <= INLINE_LIST) return [`${sym} ${path}: ${printable(oneLine)}`];
  return [`${sym} ${path}:`, ...value.items.map((item) => `    ${itemSym} ${printable(item)}`)];
}

function itemLine(item: ItemLine, c: Colors): string {
  switch (item.op) {
    case "+":
      return `${c.green("+")} ${printable(item.text)}`;
    case "-":
      return `${c.red("-")} ${printable(item.text)}`;
    case " ":
      return `  ${printable(item.text)}`;
    case "…":
      return c.dim(`  … ${item.count} unchanged`);
  }
}

/** A long string quoted, its changed words highlighted when there is colour. */
function segments(parts: Segment[], paint: Paint, c: Colors): string {
  const body = parts
    .map((p) => {
      const text = printable(JSON.stringify(p.text).slice(1, -1));
      return p.changed ? c.inverse(paint(text)) : text;
    })
    .join("");
  return `"${body}"`;
}

function warningLines(d: Diagnostic, c: Colors): string[] {
  const at = locationText(d.source);
  const sev = d.severity === "error" ? c.red("error") : c.yellow("warning");
  const lines = [`  ${sev}${c.dim(`[${printable(d.code)}]`)}: ${at ? `${printable(at)}: ` : ""}${printable(d.message)}`];
  if (d.address) lines.push(`    ${c.dim("at")} ${printable(d.address)}`);
  if (d.hint) lines.push(`    ${c.cyan("hint")}: ${printable(d.hint)}`);
  return lines;
}
