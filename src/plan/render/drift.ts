// A drift report for people (text, markdown) and machines (JSON). Details of each change come
// from the plan renderers in drift mode; this adds the split into unauthorized and expected.

import pc from "picocolors";
import type { DriftItem, DriftReport } from "../drift.js";
import type { Plan } from "../types.js";
import { jsonPlan } from "./json.js";
import { code, escapeMarkdown, expiringItemMarkdown, GITHUB_COMMENT_LIMIT, renderMarkdown } from "./markdown.js";
import { printable } from "./common.js";
import { expiringLines, renderText } from "./text.js";

/** Per kind in markdown; the details below cover every change anyway. */
const MARKDOWN_LIST_LIMIT = 50;

function headline(report: DriftReport): string {
  if (report.items.length === 0) return "No drift. The account matches the spec.";
  return `Drift: ${report.unauthorized} unauthorized, ${report.expected} expected.`;
}

const KINDS = [
  { kind: "unauthorized", title: "Unauthorized (the account changed in ways the spec does not say)" },
  { kind: "expected", title: "Expected (the world moving as it should)" },
] as const;

const UPCOMING_TITLE = "Coming up (a plan will change these within 14 days)";

export function renderDriftText(plan: Plan, report: DriftReport, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  const upcoming = report.upcoming.map((u) => `  ${printable(u.address)}: ${printable(u.what)}`);
  // What ends soon is listed with the plan's details, or on its own when there are none.
  const soon = plan.changes.length > 0 ? [] : expiringLines(plan, c);
  if (report.items.length === 0) {
    const out = [headline(report), ""];
    if (upcoming.length) out.push(c.yellow(`${UPCOMING_TITLE}:`), ...upcoming, "");
    out.push(...soon);
    return out.join("\n").replace(/\n+$/, "\n");
  }
  const lines: string[] = [c.bold(headline(report)), ""];
  if (upcoming.length) lines.push(c.yellow(`${UPCOMING_TITLE}:`), ...upcoming, "");
  for (const { kind, title } of KINDS) {
    const items = report.items.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    lines.push((kind === "unauthorized" ? c.red : c.cyan)(`${title}:`));
    for (const i of items) lines.push(`  ${printable(i.address)}: ${printable(i.what)}`);
    lines.push("");
  }
  // The changes that would undo the drift; with none (only requests left waiting, which the
  // list above names) the plan renderer would say "No drift" under a drift headline.
  if (plan.changes.length > 0) lines.push(renderText(plan, { color: opts.color, mode: "drift" }));
  else lines.push(...soon);
  return lines.join("\n");
}

function markdownList(items: DriftItem[]): string[] {
  const shown = items.slice(0, MARKDOWN_LIST_LIMIT).map((i) => `- ${code(i.address)}: ${escapeMarkdown(i.what)}`);
  if (items.length > shown.length) shown.push(`- … and ${items.length - shown.length} more (all of them are in the details below)`);
  return shown;
}

export function renderDriftMarkdown(plan: Plan, report: DriftReport): string {
  const block: string[] = [`**${headline(report)}**`, ""];
  for (const { kind, title } of KINDS) {
    const items = report.items.filter((i) => i.kind === kind);
    if (items.length) block.push(`${title}:`, "", ...markdownList(items), "");
  }
  const upcoming = report.upcoming.slice(0, MARKDOWN_LIST_LIMIT).map((u) => `- ${code(u.address)}: ${escapeMarkdown(u.what)}`);
  if (upcoming.length) block.push(`${UPCOMING_TITLE}:`, "", ...upcoming, "");
  const head = block.join("\n");
  // The plan renderer keeps its part under what is left of GitHub's comment limit.
  const body = renderMarkdown(plan, { mode: "drift", maxChars: Math.max(4096, GITHUB_COMMENT_LIMIT - head.length - 2) });
  // Its first two lines are the comment marker and the heading; the classification follows them.
  const [marker, heading, ...rest] = body.split("\n");
  // As in text: details only when there is something to change back.
  // With no details below, what ends soon is listed here (the details list it otherwise).
  const soon = plan.expiring ? [`#### Expiring within ${plan.expiring.withinDays} days`, ...plan.expiring.items.map(expiringItemMarkdown), ""] : [];
  return [marker, heading, "", head, ...(plan.changes.length > 0 ? rest : soon)].join("\n");
}

export function renderDriftJson(plan: Plan, report: DriftReport): string {
  return `${JSON.stringify(
    {
      formatVersion: plan.formatVersion,
      stateFingerprint: plan.stateFingerprint,
      specDigest: plan.specDigest,
      unauthorized: report.unauthorized,
      expected: report.expected,
      items: report.items.map((i) => ({ address: i.address, kind: i.kind, what: i.what, seq: i.change?.seq ?? null })),
      upcoming: report.upcoming,
      // Also inside `plan`; here too, so a scheduled job reads what ends soon at the top level.
      ...(plan.expiring ? { expiring: jsonPlan(plan).expiring } : {}),
      // jsonPlan strips anything secret-shaped and fixes the key order, as `plan --format json` does.
      plan: jsonPlan(plan),
    },
    null,
    2,
  )}\n`;
}
