// The usage report as markdown for a PR comment or a job summary: the workspace tree as a
// Mermaid flowchart (GitHub draws it), then a table with a row per workspace. Also the
// pieces `hgw plan --format markdown` adds after its changes: the headroom table and the
// tree with what the plan creates, changes and deletes.

import { QUOTA_KEYS } from "../../model/state.js";
import type { PlannedWorkspace, QuotaUsage, UsageReport, WorkspaceUsage } from "../../model/usage.js";
import { GITHUB_COMMENT_LIMIT, type Section, escapeMarkdown, fit } from "./markdown-kit.js";
import { type TreeNodeIn, mermaidTree } from "./mermaid.js";
import { QUOTA_LABEL, flagSummary, num, percent, presenceNote, thresholdsLine } from "./usage-common.js";

export interface UsageMarkdownOptions {
  maxChars?: number;
  title?: string;
}

const FLAG_MARK = { ok: "", warning: "⚠️ ", alert: "🛑 " } as const;

/** Styles GitHub shows in light and dark themes alike: a pale fill, a strong border, dark text. */
export const PLAN_CLASSES = {
  created: "fill:#dafbe1,stroke:#1a7f37,color:#1f2328",
  changed: "fill:#fff8c5,stroke:#9a6700,color:#1f2328",
  deleted: "fill:#ffebe9,stroke:#cf222e,color:#1f2328,stroke-dasharray:5 5",
} as const;

export const USAGE_CLASSES = {
  warning: "fill:#fff8c5,stroke:#9a6700,color:#1f2328",
  alert: "fill:#ffebe9,stroke:#cf222e,color:#1f2328",
  specOnly: "fill:#ddf4ff,stroke:#0969da,color:#1f2328,stroke-dasharray:5 5",
  accountOnly: "fill:#f6f8fa,stroke:#59636e,color:#1f2328",
} as const;

export function renderUsageMarkdown(report: UsageReport, opts: UsageMarkdownOptions = {}): string {
  const max = opts.maxChars ?? GITHUB_COMMENT_LIMIT;
  const head = [
    "<!-- hgw:usage -->",
    `### ${escapeMarkdown(opts.title ?? "hgw usage")}`,
    "",
    `Account **${escapeMarkdown(report.account.name)}** · ${escapeMarkdown(flagSummary(report))} · ${escapeMarkdown(thresholdsLine(report))}.`,
  ].join("\n");
  const tree = treeSection("#### Workspace tree", usageTree(report), USAGE_CLASSES, usageLegend(report));
  const sections: Section[] = [...(report.workspaces.length > 0 ? [tree] : []), usageTableSection("#### Usage", report, max)];
  return fit(head, sections, "", max).replace(/\n\n\n$/, "\n");
}

/** The table as a section of a comment: its rows are the items, so a long one is cut to fit. */
export function usageTableSection(title: string, report: UsageReport, max: number): Section {
  const header = ["| Workspace | Seats | Avatar slots | Generative credits | API credits |", "| :-- | --: | --: | --: | --: |"];
  return {
    title: `${title}\n\n${header.join("\n")}`,
    sep: "\n",
    count: report.workspaces.length,
    item: (i) => row(report.workspaces[i]!),
    // A blank line first: a line right after a table would be read as one more row.
    note: (n) =>
      `\n… ${num(n)} more workspace${n === 1 ? "" : "s"} not shown (the limit is ${num(max)} characters); ` +
      "run `hgw usage` locally, or `--format json`, for all of them.",
  };
}

function row(w: WorkspaceUsage): string {
  const indent = "&nbsp;&nbsp;".repeat(w.depth);
  const notes = [w.parentPath === null ? "main, own billing" : `${w.billing} billing`];
  const presence = presenceNote(w);
  if (presence) notes.push(presence);
  const name = `${indent}${w.depth > 0 ? "└ " : ""}${escapeMarkdown(w.name)}<br><sub>${escapeMarkdown(notes.join(" · "))}</sub>`;
  return `| ${name} | ${QUOTA_KEYS.map((k) => cell(w, w.quotas[k])).join(" | ")} |`;
}

function cell(w: WorkspaceUsage, q: QuotaUsage): string {
  const main = `${FLAG_MARK[q.flag]}${num(q.used + q.givenOut)} / ${num(q.limit)} (${percent(q.share)})`;
  if (q.givenOut > 0) return `${main}<br><sub>${num(q.givenOut)} given out</sub>`;
  if (q.shareOfParent !== null && w.parentPath !== null && q.limit > 0) return `${main}<br><sub>${percent(q.shareOfParent)} of parent</sub>`;
  return main;
}

function usageTree(report: UsageReport): TreeNodeIn[] {
  return report.workspaces.map((w) => {
    let mark: string | null = null;
    if (w.flag !== "ok") mark = w.flag;
    else if (!w.inAccount) mark = "specOnly";
    else if (w.inSpec === false) mark = "accountOnly";
    const worst = Math.max(...QUOTA_KEYS.map((k) => w.quotas[k].share ?? (w.quotas[k].flag === "alert" ? 1 : 0)));
    const label = w.flag === "ok" ? w.name : `${w.name} · ${w.flag} ${percent(worst)}`;
    return { path: w.path, parentPath: w.parentPath, label, mark };
  });
}

function usageLegend(report: UsageReport): string {
  const parts = ["yellow: a warning", "red: an alert"];
  if (report.workspaces.some((w) => !w.inAccount)) parts.push("blue, dashed: only in the spec");
  if (report.workspaces.some((w) => w.inSpec === false)) parts.push("grey: only in the account");
  return parts.join(" · ");
}

/** The tree after a plan, for `hgw plan --format markdown`. */
export function planTreeSection(tree: readonly PlannedWorkspace[]): Section {
  const nodes = tree.map((w) => ({ path: w.path, parentPath: w.parentPath, label: w.name, mark: w.mark }));
  return treeSection("#### Workspace tree", nodes, PLAN_CLASSES, "green: created · yellow: changed · red, dashed: deleted", "those the plan changes and their parents");
}

function treeSection(
  title: string,
  nodes: readonly TreeNodeIn[],
  classes: Readonly<Record<string, string>>,
  legend: string,
  whichShown = "the flagged ones and their parents",
): Section {
  return {
    title,
    sep: "\n\n",
    count: 1,
    item: () => {
      const t = mermaidTree(nodes, classes);
      const lines = [t.block, "", `<sub>${escapeMarkdown(legend)}</sub>`];
      if (t.leftOut > 0) {
        lines.push(
          "",
          `${num(t.leftOut)} of ${num(nodes.length)} workspaces left out of the diagram; it shows ${whichShown}.`,
        );
      }
      return lines.join("\n");
    },
    note: () => "The workspace tree is left out: the comment would be too long.",
  };
}
