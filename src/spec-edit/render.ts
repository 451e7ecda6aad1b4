// What `hgw member …` prints after an edit: each change with its file:line and the lines it
// removes and adds, what was already so, notes, and what to do next; or the same as JSON.

import pc from "picocolors";
import type { PlannedEdit } from "./session.js";
import { unifiedDiff } from "./show.js";

export const EDIT_FORMAT_VERSION = 1;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function renderEditText(p: PlannedEdit, opts: { color: boolean; written: boolean }): string {
  const c = pc.createColors(opts.color);
  const blocks: string[] = [];
  for (const s of p.shown) {
    const ch = s.change;
    const head =
      ch.action === "add"
        ? `${c.green("+")} ${ch.address} as ${ch.role}`
        : ch.action === "update"
          ? `${c.yellow("~")} ${ch.address} ${ch.before} → ${ch.role}`
          : `${c.red("-")} ${ch.address}${ch.role ? ` (${ch.role})` : ""}`;
    const body = s.lines.map((l) => `    ${l.startsWith("+") ? c.green(l) : c.red(l)}`);
    blocks.push([head, `    ${c.dim(`${ch.file}:${s.line}`)}`, ...body].join("\n"));
  }
  const lines: string[] = [];
  if (blocks.length > 0) lines.push(blocks.join("\n\n"), "");
  for (const u of p.edit.unchanged) lines.push(`${c.dim("=")} member[${u.workspace}](${u.email}) is already ${u.role}: ${u.why}`);
  for (const n of p.edit.notes) lines.push(`${c.yellow("note")}: ${n}`);
  if (p.edit.unchanged.length > 0 || p.edit.notes.length > 0) lines.push("");
  lines.push(summary(p, opts.written));
  return lines.join("\n");
}

function summary(p: PlannedEdit, written: boolean): string {
  if (p.files.length === 0) return "Nothing to change: the spec already says that.";
  const count = (a: string): number => p.edit.changes.filter((c) => c.action === a).length;
  const parts = [
    count("add") ? `${count("add")} added` : "",
    count("update") ? `${count("update")} updated` : "",
    count("remove") ? `${count("remove")} removed` : "",
  ].filter(Boolean);
  const files = p.files.map((f) => f.file).join(", ");
  return written
    ? `Wrote ${files} (${parts.join(", ")}). Review the change (\`git diff\`), then run \`hgw plan\` to see what applying it would do.`
    : `Would change ${files} (${parts.join(", ")}); nothing was written.`;
}

export interface EditJson {
  formatVersion: number;
  written: boolean;
  files: string[];
  changes: {
    action: "add" | "update" | "remove";
    address: string;
    workspace: string | null;
    email: string;
    role: string;
    before: string | null;
    file: string;
    line: number;
    lines: string[];
  }[];
  unchanged: { workspace: string; email: string; role: string; reason: string }[];
  notes: string[];
  /** the unified diff, when nothing was written (--dry-run) */
  diff?: string;
}

export function renderEditJson(p: PlannedEdit, written: boolean): string {
  const out: EditJson = {
    formatVersion: EDIT_FORMAT_VERSION,
    written,
    files: p.files.map((f) => f.file),
    changes: p.shown.map((s) => ({
      action: s.change.action,
      address: s.change.address,
      workspace: s.change.workspace,
      email: s.change.email,
      role: s.change.role,
      before: s.change.before ?? null,
      file: s.change.file,
      line: s.line,
      lines: s.lines,
    })),
    unchanged: p.edit.unchanged.map((u) => ({ workspace: u.workspace, email: u.email, role: u.role, reason: u.why })),
    notes: p.edit.notes,
    ...(written ? {} : { diff: unifiedDiff(p.files) }),
  };
  return JSON.stringify(out, null, 2);
}
