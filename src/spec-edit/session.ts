// A people edit from start to end, short of writing: read the spec (it must be valid), make
// the edit, and check that the spec as edited loads without errors. Errors about the edited
// text are reported where the author can find them: the line of the original file, or the
// CSV row that asked for a new entry.

import { resolve } from "node:path";
import { normalizeWorkspaceRef } from "../model/address.js";
import { hasErrors, type Diagnostic, type SourceLocation } from "../model/diagnostics.js";
import { loadSpec } from "../spec/index.js";
import { editMembers, type MemberChange, type MemberEdit, type MemberRequest } from "./members.js";
import { showChanges, type FileEdit, type ShownChange } from "./show.js";
import { readSpecDoc } from "./spec-doc.js";
import { applySplices, lineOf, lineStart, originalOffset } from "./splice.js";

export interface PlannedEdit {
  edit: MemberEdit;
  /** the files that change, in the spec's order */
  files: (FileEdit & { abs: string })[];
  shown: ShownChange[];
}

export type EditOutcome =
  | { ok: true; planned: PlannedEdit }
  | {
      ok: false;
      /** why nothing may be written: the spec was invalid before, the request, or after */
      stage: "spec" | "request" | "result";
      diagnostics: Diagnostic[];
      /** texts for the diagnostics' excerpts */
      sources: Map<string, string>;
    };

export async function planMemberEdit(
  paths: string[],
  request: MemberRequest,
  opts: { cwd: string; extraSources?: ReadonlyMap<string, string> },
): Promise<EditOutcome> {
  const sourcesWith = (m: Map<string, string>): Map<string, string> => new Map([...m, ...(opts.extraSources ?? [])]);
  const loaded = await loadSpec(paths.length > 0 ? paths : undefined, { cwd: opts.cwd });
  if (!loaded.desired || hasErrors(loaded.diagnostics)) {
    return { ok: false, stage: "spec", diagnostics: loaded.diagnostics.filter((d) => d.severity === "error"), sources: loaded.sources };
  }
  const files = [...loaded.sources].map(([file, text]) => ({ file, text }));
  const desired = loaded.desired;
  // Only the files the edit can touch are read as YAML documents: the root (defaults), the
  // files that declare the workspaces named, or the files that mention the email.
  const only = new Set<string>([files[0]!.file]);
  if (request.kind === "add") {
    const where = new Map(desired.workspaces.map((w) => [w.path, w.source.file]));
    for (const a of request.adds) for (const t of a.to) {
      const file = where.get(normalizeWorkspaceRef(t.trim()));
      if (file) only.add(file);
    }
  } else {
    const email = request.email.trim().toLowerCase();
    for (const f of files) if (f.text.toLowerCase().includes(email)) only.add(f.file);
  }
  const allEmails = new Set([...desired.workspaces.flatMap((w) => (w.members ?? []).map((m) => m.email)), ...desired.contentShares.flatMap((c) => (c.users ?? []).map((u) => u.email))]);
  const doc = readSpecDoc(files, { only, allPaths: desired.workspaces.map((w) => w.path), allEmails: [...allEmails] });
  for (const ws of desired.workspaces) {
    if (only.has(ws.source.file) && !doc.workspaces.has(ws.path)) throw new Error(`spec-edit: the loader knows workspace "${ws.path}" but the editor does not find it`);
  }
  const edit = editMembers(doc, request);
  if (edit.diagnostics.length > 0) return { ok: false, stage: "request", diagnostics: edit.diagnostics, sources: sourcesWith(loaded.sources) };

  const changed: (FileEdit & { abs: string })[] = [];
  for (const f of files) {
    const splices = edit.splices.get(f.file);
    if (!splices || splices.length === 0) continue;
    changed.push({ file: f.file, abs: resolve(opts.cwd, f.file), before: f.text, after: applySplices(f.text, splices), splices });
  }
  if (changed.length > 0) {
    const texts = new Map(changed.map((f) => [f.abs, f.after]));
    const after = await loadSpec(paths.length > 0 ? paths : undefined, { cwd: opts.cwd, texts });
    const errors = after.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0 || !after.desired) {
      return { ok: false, stage: "result", diagnostics: errors.map((d) => mapBack(d, changed, edit.changes)), sources: sourcesWith(loaded.sources) };
    }
  }
  return { ok: true, planned: { edit, files: changed, shown: showChanges(edit.changes, changed) } };
}

/** A diagnostic about the edited text, moved to the original text (or the request's origin). */
function mapBack(d: Diagnostic, files: FileEdit[], changes: MemberChange[]): Diagnostic {
  const f = d.source && files.find((x) => x.file === d.source!.file);
  if (!f || !d.source) return d;
  const offset = offsetAt(f.after, d.source.line, d.source.col);
  const orig = originalOffset(f.splices, offset);
  let source: SourceLocation;
  if (orig !== null) source = locate(f.file, f.before, orig);
  else {
    // In text the edit wrote: the change that wrote it says where it came from.
    const change = changes.find((c) => c.file === f.file && c.splices.some((s) => s.text !== "" && containsNew(f, s, offset)));
    source = change?.origin ?? locate(f.file, f.before, change?.anchor ?? change?.splices[0]?.start ?? 0);
  }
  return { ...d, source };
}

function containsNew(f: FileEdit, s: { start: number; end: number; text: string }, offset: number): boolean {
  // Where the splice's text starts in the edited file.
  let shift = 0;
  for (const o of [...f.splices].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (o === s) break;
    shift += o.text.length - (o.end - o.start);
  }
  const at = s.start + shift;
  return offset >= at && offset < at + s.text.length;
}

function offsetAt(text: string, line: number, col: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return at + col - 1;
}

function locate(file: string, text: string, offset: number): SourceLocation {
  return { file, line: lineOf(text, offset), col: offset - lineStart(text, offset) + 1 };
}
