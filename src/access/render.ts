// The access report for a terminal, a pull-request comment or a job summary, and machines.

import { printable } from "../plan/render/common.js";
import { code, escapeMarkdown } from "../plan/render/markdown.js";
import { differenceCount, type AccessEntry, type AccessReport, type AccessSection, type AccessStatus } from "./access.js";

const SECTIONS: { section: AccessSection; title: string }[] = [
  { section: "workspace", title: "Workspaces (role)" },
  { section: "asset", title: "Library items shared to their workspaces" },
  { section: "content", title: "Content (projects, folders, videos)" },
];

const MARK: Record<AccessStatus, string> = { same: "=", "spec-only": "+", "account-only": "-", differs: "~" };
const NOTE: Record<AccessStatus, string> = {
  same: "",
  "spec-only": "in the spec only",
  "account-only": "in the account only",
  differs: "differs",
};

function verdict(r: AccessReport): string {
  const n = differenceCount(r);
  if (n === 0) return r.entries.length === 0 ? `The spec and the account agree: ${r.email} has no access.` : "The spec and the account agree.";
  const { specOnly, accountOnly, differs } = r.differences;
  return `${n} difference${n === 1 ? "" : "s"}: ${specOnly} in the spec only, ${accountOnly} in the account only, ${differs} differ${differs === 1 ? "s" : ""}.`;
}

const cell = (v: string | null): string => v ?? "—";

export function renderAccessText(r: AccessReport): string {
  const lines = [`Access of ${r.email} on ${r.asOf}: from the spec, and from the account`, ""];
  for (const { section, title } of SECTIONS) {
    const rows = r.entries.filter((e) => e.section === section);
    if (rows.length === 0) continue;
    lines.push(`${title}:`);
    const w = Math.max(...rows.map((e) => printable(e.target).length));
    const ws = Math.max(4, ...rows.map((e) => cell(e.spec).length));
    const wa = Math.max(7, ...rows.map((e) => cell(e.account).length));
    lines.push(`    ${"".padEnd(w)}  ${"spec".padEnd(ws)}  ${"account".padEnd(wa)}`);
    for (const e of rows) lines.push(`  ${MARK[e.status]} ${printable(e.target).padEnd(w)}  ${cell(e.spec).padEnd(ws)}  ${cell(e.account).padEnd(wa)}  ${detail(e)}`.trimEnd());
    lines.push("");
  }
  lines.push(verdict(r));
  return `${lines.join("\n")}\n`;
}

function detail(e: AccessEntry): string {
  const what = e.section === "workspace" ? (e.name !== e.target ? `"${printable(e.name)}"` : "") : `"${printable(e.name)}", ${printable(e.via)}`;
  return [what, NOTE[e.status]].filter(Boolean).join(" · ");
}

export function renderAccessMarkdown(r: AccessReport): string {
  const out = [`### Access of ${escapeMarkdown(r.email)}`, "", `On ${r.asOf}. ${verdict(r)}`, ""];
  for (const { section, title } of SECTIONS) {
    const rows = r.entries.filter((e) => e.section === section);
    if (rows.length === 0) continue;
    out.push(`#### ${title}`, "", "| | What | Spec | Account | |", "| :-: | :-- | :-- | :-- | :-- |");
    for (const e of rows) {
      out.push(`| \`${MARK[e.status]}\` | ${code(e.target)} ${escapeMarkdown(e.section === "workspace" ? "" : `"${e.name}", ${e.via}`)} | ${cell(e.spec)} | ${cell(e.account)} | ${NOTE[e.status] ? `**${NOTE[e.status]}**` : ""} |`);
    }
    out.push("");
  }
  return `${out.join("\n")}`;
}

export function renderAccessJson(r: AccessReport): string {
  return `${JSON.stringify(
    {
      email: r.email,
      asOf: r.asOf,
      agree: differenceCount(r) === 0,
      differences: r.differences,
      entries: r.entries.map((e) => ({ section: e.section, target: e.target, name: e.name, via: e.via, spec: e.spec, account: e.account, status: e.status })),
    },
    null,
    2,
  )}\n`;
}
