// The plan as a GitHub pull-request comment: a summary that reads at a glance, warnings, then
// one collapsible block per change with a ```diff body that GitHub colours. A comment longer
// than GitHub's limit is rejected outright, so details are dropped from the end to fit, and
// the comment says so and where to see the rest.

import type { Diagnostic } from "../../model/diagnostics.js";
import { COUNTED_ACTIONS, summarize, summaryPhrase } from "../summary.js";
import { daysLeftText } from "../expiring.js";
import type { Change, Plan } from "../types.js";
import type { PlanUsage } from "../../model/usage.js";
import { planTreeSection, usageTableSection } from "./usage-markdown.js";
import type { ExpiringItem } from "../../model/plan.js";
import { type AttrLine, changeDetail } from "./attr-diff.js";
import type { AttrValue } from "./attrs.js";
import { GITHUB_COMMENT_LIMIT, type Section, code, escapeHtml, escapeMarkdown, fit } from "./markdown-kit.js";
import { type RenderMode, SYMBOL, driftVerb, locationText, printable, shownChanges } from "./common.js";
import { grouped } from "../../model/number-format.js";

export { GITHUB_COMMENT_LIMIT, code, escapeHtml, escapeMarkdown } from "./markdown-kit.js";

export interface MarkdownOptions {
  /** Default: GitHub's comment limit. */
  maxChars?: number;
  mode?: RenderMode;
  title?: string;
  /** The headroom after the plan and its workspace tree, shown after its changes (plan mode). */
  usage?: PlanUsage;
}

/** A change whose diff is longer than this shows its first lines only. */
const MAX_DIFF_LINES = 100;
const INLINE_LIST = 60;

export function renderMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  const max = opts.maxChars ?? GITHUB_COMMENT_LIMIT;
  const mode = opts.mode ?? "plan";
  const changes = shownChanges(plan);
  const summary = summarize(changes);
  const tail = (what: string) => (left: number) =>
    `… ${grouped(left)} more ${left === 1 ? what : `${what}s`} not shown (the comment limit is ` +
    `${grouped(max)} characters); run \`hgw ${mode}\` locally or see the JSON plan artifact for all of them.`;

  const head = [`<!-- hgw:${mode} -->`, `### ${escapeMarkdown(opts.title ?? `hgw ${mode}`)}`, "", statusLine(changes, mode)];
  if (changes.length > 0) {
    head.push("", "| Action | Count |", "| :-- | --: |");
    for (const a of COUNTED_ACTIONS) head.push(`| \`${SYMBOL[a]}\` ${a} | ${summary[a]} |`);
  }
  const sections: Section[] = [
    {
      title: "> [!WARNING]",
      sep: "\n",
      count: plan.warnings.length,
      item: (i) => warningItem(plan.warnings[i]!),
      note: (n) => `> ${tail("warning")(n)}`,
    },
    {
      title: mode === "drift" ? "#### What `hgw apply` would do to fix it" : "#### Changes, in order",
      sep: "\n\n",
      count: changes.length,
      item: (i) => detailsBlock(changes[i]!, mode),
      note: tail("change"),
    },
    ...(mode === "plan" && opts.usage && changes.length > 0 ? usageSections(opts.usage, max) : []),
    {
      title: `#### Expiring within ${plan.expiring?.withinDays ?? 0} days`,
      sep: "\n",
      count: plan.expiring?.items.length ?? 0,
      item: (i) => expiringItemMarkdown(plan.expiring!.items[i]!),
      note: (n) => `\n${tail("expiring access")(n)}`,
    },
    {
      title: "#### Unmanaged (left alone)",
      sep: "\n",
      count: plan.unmanaged.length,
      item: (i) => `- ${code(plan.unmanaged[i]!.address)} — ${escapeMarkdown(plan.unmanaged[i]!.reason)}`,
      // a blank line first, or the note would continue the last list item
      note: (n) => `\n${tail("unmanaged resource")(n)}`,
    },
  ];
  const footer = provenance(plan);
  return fit(head.join("\n"), sections, footer, max);
}

function usageSections(usage: PlanUsage, max: number): Section[] {
  const out: Section[] = [];
  if (usage.headroom.workspaces.length > 0) {
    out.push(usageTableSection("#### Headroom after this plan (the workspaces it changes and the pools they draw on)", usage.headroom, max));
  }
  out.push(planTreeSection(usage.tree));
  return out;
}

export function expiringItemMarkdown(x: ExpiringItem): string {
  const at = locationText(x.source);
  return `- ${code(x.address)} — expires ${x.expires} (${daysLeftText(x.daysLeft)})${at ? ` · ${code(at)}` : ""}`;
}

function statusLine(changes: Change[], mode: RenderMode): string {
  const phrase = summaryPhrase(summarize(changes));
  if (mode === "drift") {
    if (!phrase) return "No drift. The account matches the spec.";
    const places = changes.length === 1 ? "1 place" : `${changes.length} places`;
    return `**Drift: the account differs from the spec in ${places}.** To match the spec: ${phrase}.`;
  }
  return phrase ? `**Plan: ${phrase}.**` : "No changes. The account matches the spec.";
}

function detailsBlock(change: Change, mode: RenderMode): string {
  const reason = mode === "drift" ? `${driftVerb(change.action)}: ${change.reason}` : change.reason;
  const summary = `<code>${escapeHtml(`${SYMBOL[change.action]} ${change.address}`)}</code> — ${escapeHtml(reason)}`;
  const at = locationText(change.source);
  const lines: string[] = [];
  const detail = changeDetail(change);
  for (const l of detail.lines) lines.push(...diffLines(l));
  if (lines.length > MAX_DIFF_LINES) {
    const left = lines.length - MAX_DIFF_LINES;
    lines.length = MAX_DIFF_LINES;
    lines.push(`# … ${left} more line${left === 1 ? "" : "s"} not shown`);
  }
  if (detail.unchanged > 0) {
    lines.push(`# (${detail.unchanged} unchanged attribute${detail.unchanged === 1 ? "" : "s"} hidden)`);
  }
  const fence = fenceFor(lines);
  return [
    `<details><summary>${summary}</summary>`,
    "",
    at ? `Spec: ${code(at)}` : "Not in the spec.",
    "",
    `${fence}diff`,
    ...lines,
    fence,
    "",
    "</details>",
  ].join("\n");
}

/** `+` and `-` in the first column so that GitHub colours them; everything else is context. */
function diffLines(line: AttrLine): string[] {
  const path = printable(line.path);
  switch (line.op) {
    case "+":
    case "-":
      return valueLines(line.op, path, line.value);
    case "=":
      return valueLines(" ", path, line.value);
    case "~":
      return [`- ${path}: ${printable(line.from)}`, `+ ${path}: ${printable(line.to)}`];
    case "~long": {
      const text = (parts: { text: string }[]) => printable(JSON.stringify(parts.map((p) => p.text).join("")));
      return [`- ${path}: ${text(line.from)}`, `+ ${path}: ${text(line.to)}`];
    }
    case "~list":
      return [
        `  ${path}:`,
        ...line.items.map((i) => (i.op === "…" ? `    … ${i.count} unchanged` : `${i.op}   ${printable(i.text)}`)),
      ];
  }
}

function valueLines(op: "+" | "-" | " ", path: string, value: AttrValue): string[] {
  if (value.type === "scalar") return [`${op} ${path}: ${printable(value.text)}`];
  const oneLine = `[${value.items.join(", ")}]`;
  if (oneLine.length <= INLINE_LIST) return [`${op} ${path}: ${printable(oneLine)}`];
  return [`${op} ${path}:`, ...value.items.map((item) => `${op}   ${printable(item)}`)];
}

function warningItem(d: Diagnostic): string {
  const at = locationText(d.source);
  const parts = [`> - **${d.severity}** ${code(d.code)}`];
  if (at) parts.push(` at ${code(at)}`);
  parts.push(`: ${escapeMarkdown(d.message)}`);
  if (d.address) parts.push(` (${code(d.address)})`);
  if (d.hint) parts.push(`<br>hint: ${escapeMarkdown(d.hint)}`);
  return parts.join("");
}

function provenance(plan: Plan): string {
  const short = (s: string) => (s.length > 19 ? `${s.slice(0, 19)}…` : s);
  return (
    `<sub>provider ${escapeHtml(plan.provider)} · state ${escapeHtml(short(plan.stateFingerprint))} · ` +
    `spec ${escapeHtml(short(plan.specDigest))} · made ${escapeHtml(plan.createdAt)}</sub>`
  );
}

/** A code fence longer than any run of backticks inside it. */
function fenceFor(lines: string[]): string {
  const longest = Math.max(0, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
  return "`".repeat(Math.max(3, longest + 1));
}
