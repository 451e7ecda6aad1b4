// Prints diagnostics. Owned by the spec work (issue 2): the human form shows the offending
// source line under the message with a caret under the column, like a compiler.
import pc from "picocolors";
import { canonicalDiagnostic, type Diagnostic } from "../model/diagnostics.js";

export type DiagnosticFormat = "human" | "json" | "github";

export interface FormatOptions {
  color?: boolean;
  /** file -> text, to show the offending line */
  sources?: ReadonlyMap<string, string>;
}

export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: DiagnosticFormat,
  opts: FormatOptions = {},
): string {
  switch (format) {
    case "json":
      return JSON.stringify({ diagnostics: diagnostics.map(canonicalDiagnostic) }, null, 2);
    case "github":
      return diagnostics.map(githubLine).join("\n");
    case "human":
      return human(diagnostics, opts);
  }
}

// GitHub workflow commands: data escapes %, CR, LF; properties also : and ,.
const escData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escProp = (s: string): string => escData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

function githubLine(d: Diagnostic): string {
  const props: string[] = [];
  if (d.source) props.push(`file=${escProp(d.source.file)}`, `line=${d.source.line}`, `col=${d.source.col}`);
  props.push(`title=${escProp(d.code)}`);
  const text = d.hint ? `${d.message}\n${d.hint}` : d.message;
  return `::${d.severity === "error" ? "error" : "warning"} ${props.join(",")}::${escData(text)}`;
}

function human(diagnostics: readonly Diagnostic[], opts: FormatOptions): string {
  const c = pc.createColors(Boolean(opts.color));
  const lineCache = new Map<string, string[]>();
  const linesOf = (file: string): string[] | undefined => {
    const text = opts.sources?.get(file);
    if (text === undefined) return undefined;
    let lines = lineCache.get(file);
    if (!lines) {
      lines = text.split(/\r?\n/);
      lineCache.set(file, lines);
    }
    return lines;
  };
  const blocks = diagnostics.map((d) => {
    const sev = d.severity === "error" ? c.red(c.bold("error")) : c.yellow(c.bold("warning"));
    const at = d.source ? `${c.bold(`${d.source.file}:${d.source.line}:${d.source.col}`)}: ` : "";
    const out = [`${at}${sev}${c.dim(`[${d.code}]`)}: ${d.message}`];
    const line = d.source ? linesOf(d.source.file)?.[d.source.line - 1] : undefined;
    if (d.source && line !== undefined) {
      const num = String(d.source.line);
      const gutter = " ".repeat(num.length);
      // Tabs are kept so that the caret lines up under them in a terminal.
      const pad = line.slice(0, d.source.col - 1).replace(/[^\t]/g, " ");
      out.push(`${c.dim(`${num} |`)} ${line}`, `${c.dim(`${gutter} |`)} ${pad}${c.red("^")}`);
    }
    if (d.hint) out.push(`  ${c.cyan("hint")}: ${d.hint}`);
    return out.join("\n");
  });
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const counts = [
    errors > 0 ? `${errors} error${errors === 1 ? "" : "s"}` : "",
    warnings > 0 ? `${warnings} warning${warnings === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  if (counts.length > 0) blocks.push(c.bold(counts.join(", ")));
  return blocks.join("\n\n");
}
