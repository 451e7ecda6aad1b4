// The files `hgw fmt` formats: the spec's files as the loader finds them (the root, what it
// includes, or a directory's *.yaml), each formatted on its own. Formatting needs valid
// YAML only; what the spec means is `hgw validate`'s business.

import { lstatSync, readFileSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Diagnostic } from "../model/diagnostics.js";
import { DEFAULT_SPEC, loadSpec } from "../spec/index.js";
import { formatSpecText } from "./format.js";

export interface FormattedFile {
  file: string;
  abs: string;
  before: string;
  after: string;
}

/** Problems that leave no file to format (the others are for `hgw validate`). */
const FINDING = new Set(["file-not-found", "file-unreadable", "no-spec-files", "spec-not-yaml", "spec-outside-directory", "include-outside-root", "include-not-yaml"]);

export async function formatSpecFiles(paths: string[], cwd: string): Promise<{ files: FormattedFile[]; diagnostics: Diagnostic[]; sources: Map<string, string> }> {
  const given = paths.length > 0 ? paths : [DEFAULT_SPEC];
  let sources = plainFiles(given, cwd);
  let diagnostics: Diagnostic[] = [];
  if (!sources) {
    const loaded = await loadSpec(given, { cwd });
    sources = loaded.sources;
    diagnostics = loaded.diagnostics.filter((d) => d.severity === "error" && FINDING.has(d.code));
  }
  const files: FormattedFile[] = [];
  for (const [file, text] of sources) {
    const r = formatSpecText(text, file);
    if (r.text === null) diagnostics.push(...r.diagnostics);
    else files.push({ file, abs: resolve(cwd, file), before: text, after: r.text });
  }
  return { files, diagnostics, sources };
}

/**
 * The texts of the given files when they are the whole spec: YAML files that include
 * nothing. The loader, which otherwise finds the files, also checks what the spec means,
 * which takes a second on a big spec and is not `hgw fmt`'s business.
 */
function plainFiles(paths: string[], cwd: string): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const p of paths) {
    const abs = resolve(cwd, p);
    try {
      if (!/\.ya?ml$/i.test(abs) || !statSync(abs).isFile() || lstatSync(abs).isSymbolicLink()) return null;
      const text = readFileSync(abs, "utf8");
      if (/^include\s*:|[{,]\s*include\s*:/m.test(text)) return null;
      out.set(relative(cwd, abs).startsWith("..") ? abs : relative(cwd, abs), text);
    } catch {
      return null;
    }
  }
  return out;
}
