// Errors are values with locations until the CLI prints them (Terraform's tfdiags shape).

export interface SourceLocation {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** Stable, machine-readable, e.g. `unknown-key`, `seat-limit`. */
  code: string;
  message: string;
  hint?: string;
  source?: SourceLocation;
  /** Resource address when the diagnostic is about one, e.g. `member[client-a](a@b.c)`. */
  address?: string;
}

/** A failure a user can fix (bad spec, infeasible plan, refused apply); carries its diagnostics. */
export class UserError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | Diagnostic, message?: string) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(message ?? list.map((d) => d.message).join("; "));
    this.name = "UserError";
    this.diagnostics = list;
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** The same diagnostic with its keys in a fixed order, so that JSON forms diff cleanly. */
export function canonicalDiagnostic(d: Diagnostic): Diagnostic {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    ...(d.source ? { source: { file: d.source.file, line: d.source.line, col: d.source.col } } : {}),
    ...(d.address !== undefined ? { address: d.address } : {}),
  };
}
