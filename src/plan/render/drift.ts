// A drift report for people (text, markdown) and machines (JSON). Details of each change come
// from the plan renderers in drift mode; this adds the split into unauthorized and expected.

import pc from "picocolors";
import type { DriftReport } from "../drift.js";
import type { Plan } from "../types.js";
import { renderMarkdown } from "./markdown.js";
import { renderText } from "./text.js";

function headline(report: DriftReport): string {
  if (report.items.length === 0) return "No drift: the account matches the spec.";
  return `Drift: ${report.unauthorized} unauthorized, ${report.expected} expected.`;
}

export function renderDriftText(plan: Plan, report: DriftReport, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  if (report.items.length === 0) return `${headline(report)}\n`;
  const lines: string[] = [c.bold(headline(report)), ""];
  for (const kind of ["unauthorized", "expected"] as const) {
    const items = report.items.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    lines.push(kind === "unauthorized" ? c.red("Unauthorized (the account changed in ways the spec does not say):") : c.cyan("Expected (the world moving as it should):"));
    for (const i of items) lines.push(`  ${i.address}: ${i.what}`);
    lines.push("");
  }
  lines.push(renderText(plan, { color: opts.color, mode: "drift" }));
  return lines.join("\n");
}

export function renderDriftMarkdown(plan: Plan, report: DriftReport): string {
  const list = (kind: "unauthorized" | "expected"): string[] =>
    report.items.filter((i) => i.kind === kind).map((i) => `- \`${i.address}\`: ${i.what}`);
  const head = [
    `**${headline(report)}**`,
    "",
    ...(report.unauthorized ? ["Unauthorized:", ...list("unauthorized"), ""] : []),
    ...(report.expected ? ["Expected:", ...list("expected"), ""] : []),
  ].join("\n");
  // Leave room for the list above within GitHub's comment limit.
  return `${head}\n${renderMarkdown(plan, { mode: "drift", maxChars: Math.max(4096, 65_536 - head.length - 1) })}`;
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
      plan,
    },
    null,
    2,
  )}\n`;
}
