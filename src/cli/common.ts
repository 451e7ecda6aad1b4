// Options shared by the commands that read a spec and an account. Registering them must
// stay cheap (every command is registered on every run), so the spec loader and the
// providers are imported when a command first uses them.

import type { Command } from "commander";
import { Option } from "commander";
import { UserError, type Diagnostic } from "../model/diagnostics.js";
import type { DesiredAccount } from "../model/desired.js";
import type { Provider } from "../model/provider.js";
import { isCalendarDate } from "../model/expiry.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import type { Io } from "./io.js";

export interface ProviderFlags {
  provider?: "sandbox" | "http";
  sandboxDir?: string;
  apiUrl?: string;
  /** ISO time: `--now` / HGW_NOW, else the clock */
  now?: string;
}

export function withProviderOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option("--provider <name>", "where the account lives: the embedded sandbox or a REST API")
        .choices(["sandbox", "http"])
        .env("HGW_PROVIDER"),
    )
    .option("--sandbox-dir <dir>", "sandbox account directory (default .hgw/, or HGW_SANDBOX_DIR)")
    .option("--api-url <url>", "REST API base URL for --provider http (default HEYGEN_API_URL)")
    .addOption(
      new Option("--now <date>", "plan as of this day (YYYY-MM-DD) or time (ISO 8601) instead of the clock, for `expires` (reproducible CI runs, tests)")
        .env("HGW_NOW")
        .argParser(parseNow),
    );
}

/** `--now` / HGW_NOW: a calendar date (taken at 00:00 UTC) or an ISO 8601 time with its zone, as an ISO time. */
export function parseNow(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = date ? Date.parse(`${value}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t) || (date && !isCalendarDate(value))) {
    throw new UserError({
      severity: "error",
      code: "bad-flag",
      message: `--now (or HGW_NOW) takes a date such as 2026-12-31 or a time such as 2026-12-31T09:00:00Z, not "${value}"`,
    });
  }
  return new Date(t).toISOString();
}

export async function openProvider(flags: ProviderFlags): Promise<Provider> {
  const { createProvider } = await import("../providers/select.js");
  // The API key is read from HEYGEN_API_KEY only: a flag would leak it into shell history
  // and process listings.
  return createProvider({
    provider: flags.provider ?? (flags.apiUrl ? "http" : "sandbox"),
    sandboxDir: flags.sandboxDir,
    apiUrl: flags.apiUrl,
  });
}

export interface LoadedSpec {
  desired: DesiredAccount;
  /** file -> text, so that later errors can show the offending line */
  sources: Map<string, string>;
  /** file -> sha256 of its text, as the loader hashed it */
  digests?: ReadonlyMap<string, string>;
}

/** Loads and validates the spec; on errors prints them and returns null. */
export async function loadSpecOrReport(paths: string[], io: Io): Promise<LoadedSpec | null> {
  const { loadSpec } = await import("../spec/index.js");
  const { desired, diagnostics, sources, digests } = await loadSpec(paths.length ? paths : undefined);
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  if (!desired) {
    io.err(formatDiagnostics(diagnostics, "human", { color: io.color, sources }));
    return null;
  }
  if (warnings.length) io.err(formatDiagnostics(warnings, "human", { color: io.color, sources }));
  return { desired, sources, ...(digests ? { digests } : {}) };
}

/** Prints diagnostics found after loading (planning errors, warnings) with their spec lines. */
export function reportDiagnostics(diagnostics: Diagnostic[], sources: Map<string, string>, io: Io): void {
  if (diagnostics.length) io.err(formatDiagnostics(diagnostics, "human", { color: io.color, sources }));
}

export function parseShare(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    throw new UserError({
      severity: "error",
      code: "bad-flag",
      message: `--max-removal-share takes a number from 0 to 1, not "${value}"`,
    });
  }
  return n;
}

export function parsePositiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new UserError({
        severity: "error",
        code: "bad-flag",
        message: `${flag} takes a whole number of at least 1, not "${value}"`,
      });
    }
    return n;
  };
}

export function parseCount(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < 0) {
      throw new UserError({
        severity: "error",
        code: "bad-flag",
        message: `${flag} takes a whole number of at least 0, not "${value}"`,
      });
    }
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
