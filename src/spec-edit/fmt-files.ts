// The files `hgw fmt` formats: the spec's files as the loader finds them (the root, what it
// includes, or a directory's *.yaml), each formatted on its own. Formatting needs valid
// YAML only; what the spec means is `hgw validate`'s business.

import { resolve } from "node:path";
import type { Diagnostic } from "../model/diagnostics.js";
import { loadSpec } from "../spec/index.js";
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
  const loaded = await loadSpec(paths.length > 0 ? paths : undefined, { cwd });
  const diagnostics = loaded.diagnostics.filter((d) => d.severity === "error" && FINDING.has(d.code));
  const files: FormattedFile[] = [];
  for (const [file, text] of loaded.sources) {
    const r = formatSpecText(text, file);
    if (r.text === null) diagnostics.push(...r.diagnostics);
    else files.push({ file, abs: resolve(cwd, file), before: text, after: r.text });
  }
  return { files, diagnostics, sources: loaded.sources };
}
