// Prints diagnostics. Owned by the spec work (issue 2): the human form shows the offending
// source line under the message, like a compiler.
import type { Diagnostic } from "../model/diagnostics.js";

export type DiagnosticFormat = "human" | "json" | "github";

export interface FormatOptions {
  color?: boolean;
  /** file -> text, to show the offending line */
  sources?: ReadonlyMap<string, string>;
}

export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: DiagnosticFormat,
  _opts: FormatOptions = {},
): string {
  if (format === "json") return JSON.stringify({ diagnostics }, null, 2);
  return diagnostics
    .map((d) => {
      const at = d.source ? `${d.source.file}:${d.source.line}:${d.source.col}: ` : "";
      return `${at}${d.severity}[${d.code}]: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ""}`;
    })
    .join("\n");
}
