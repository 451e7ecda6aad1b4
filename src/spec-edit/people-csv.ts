// `hgw member import people.csv`: a CSV with a header row naming the columns `email`,
// `role` and `workspace` (any order, any case; other columns are ignored), one person per
// row. A row may name several workspaces separated by `;`, and a person may have several
// rows. Every bad row is reported with file:line:col; the good ones become add requests.

import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import { didYouMean } from "../spec/did-you-mean.js";
import { parseCsv, type CsvField } from "./csv.js";
import { isEmail, type AddRequest } from "./members.js";
import { ROLES, isRole } from "./roles.js";

export const COLUMNS = ["email", "role", "workspace"] as const;

export interface PeopleCsv {
  adds: AddRequest[];
  rows: number;
  /** header names that are not ones hgw reads */
  ignoredColumns: string[];
  diagnostics: Diagnostic[];
}

export function readPeopleCsv(text: string, file: string): PeopleCsv {
  const out: PeopleCsv = { adds: [], rows: 0, ignoredColumns: [], diagnostics: [] };
  const at = (f: { line: number; col: number }): SourceLocation => ({ file, line: f.line, col: f.col });
  const error = (code: string, message: string, source: SourceLocation, hint?: string): void =>
    void out.diagnostics.push({ severity: "error", code, message, source, ...(hint ? { hint } : {}) });

  const { records, errors } = parseCsv(text);
  for (const e of errors) error("csv-syntax", e.message, at(e), 'Fields with commas, quotes or line breaks go in double quotes, a quote inside written "".');
  const [header, ...rows] = records;
  if (!header) {
    if (errors.length === 0) error("csv-empty", `${file} has no header row`, { file, line: 1, col: 1 }, `The first row names the columns: ${COLUMNS.join(",")}.`);
    return out;
  }
  const names = header.map((f) => f.value.trim().toLowerCase());
  const index: Partial<Record<(typeof COLUMNS)[number], number>> = {};
  names.forEach((n, i) => {
    if ((COLUMNS as readonly string[]).includes(n)) {
      if (index[n as (typeof COLUMNS)[number]] !== undefined) error("csv-header", `the column "${n}" is named twice`, at(header[i]!));
      else index[n as (typeof COLUMNS)[number]] = i;
    } else if (n !== "") out.ignoredColumns.push(header[i]!.value.trim());
  });
  const missing = COLUMNS.filter((c) => index[c] === undefined);
  if (missing.length > 0) {
    const semicolons = header.length === 1 && header[0]!.value.includes(";");
    const guesses = missing.map((m) => [m, didYouMean(m, out.ignoredColumns)] as const).filter(([, g]) => g);
    error(
      "csv-header",
      `${file} has no ${missing.map((m) => `"${m}"`).join(", ")} column${missing.length > 1 ? "s" : ""}`,
      at(header[0]!),
      semicolons
        ? "The file's fields are separated by semicolons; save it as CSV with commas (or replace the semicolons)."
        : guesses.length > 0
          ? guesses.map(([m, g]) => `Is "${g}" the ${m} column? Name it "${m}".`).join(" ")
          : `The first row names the columns: ${COLUMNS.join(",")} (other columns are ignored).`,
    );
    return out;
  }
  if (rows.length === 0 && errors.length === 0) error("csv-empty", `${file} has a header but no rows`, at(header[0]!), "Add one row per person: email,role,workspace.");
  for (const row of rows) {
    out.rows++;
    if (row.length !== header.length) {
      const last = row[row.length - 1]!;
      error("csv-row", `this row has ${row.length} field${row.length === 1 ? "" : "s"} and the header ${header.length}`, at(row.length < header.length ? last : row[header.length]!), "Each row has one field per column (an empty field is still separated by commas).");
      continue;
    }
    const field = (c: (typeof COLUMNS)[number]): CsvField => row[index[c]!]!;
    const email = field("email");
    const role = field("role");
    const workspace = field("workspace");
    let ok = true;
    const emailText = email.value.trim();
    if (emailText === "") {
      error("invalid-email", "the email is empty", at(email));
      ok = false;
    } else if (!isEmail(emailText)) {
      error("invalid-email", `"${emailText}" is not an email address`, at(email));
      ok = false;
    }
    const roleText = role.value.trim().toLowerCase();
    if (!isRole(roleText)) {
      const guess = didYouMean(roleText, ROLES);
      error("invalid-role", roleText === "" ? "the role is empty" : `"${role.value.trim()}" is not a role`, at(role), guess ? `Did you mean "${guess}"?` : `A role is one of ${ROLES.join(", ")}.`);
      ok = false;
    }
    const parts = splitWorkspaces(workspace);
    if (parts.length === 0) {
      error("unknown-workspace", "the workspace is empty", at(workspace), "Name a sub-workspace by its path (`parent/child`), `workspace` for the main one; several separated by `;`.");
      ok = false;
    }
    if (!ok || !isRole(roleText)) {
      // The workspaces are still checked against the spec, so that the row's every error shows.
      if (parts.length > 0) out.adds.push({ email: emailText, role: "viewer", to: parts.map((p) => p.value), origin: at(email), toOrigins: parts.map((p) => at(p)), checkOnly: true });
      continue;
    }
    out.adds.push({
      email: emailText,
      role: roleText,
      to: parts.map((p) => p.value),
      origin: at(email),
      toOrigins: parts.map((p) => at(p)),
    });
  }
  return out;
}

/**
 * The CSV's text from its bytes: UTF-8 (with or without a byte-order mark), or UTF-16 when a
 * byte-order mark says so (Excel's "Unicode text"). Bytes that are not UTF-8 (a file saved
 * as Latin-1, say) are an error at the first of them, never read as replacement characters.
 */
export function decodePeopleCsv(bytes: Uint8Array, file: string): { text: string; diagnostic?: Diagnostic } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes) };
  const text = new TextDecoder("utf-8").decode(bytes);
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { text };
  } catch {
    // The first line that does not decode, and the first replacement character in it.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      const bad = new TextDecoder("utf-8").decode(bytes.subarray(start, i));
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start, i));
      } catch {
        return {
          text,
          diagnostic: {
            severity: "error",
            code: "csv-encoding",
            message: `${file} is not UTF-8 text`,
            source: { file, line, col: Math.max(1, bad.indexOf("\ufffd") + 1) },
            hint: "Save it as CSV UTF-8 (in Excel: Save As, CSV UTF-8), or convert it, e.g. `iconv -f latin1 -t utf-8`.",
          },
        };
      }
      line++;
      start = i + 1;
    }
    return { text };
  }
}

/** `a; b/c` -> each path with the column where it starts (the field's own, past its quote). */
function splitWorkspaces(f: CsvField): { value: string; line: number; col: number }[] {
  const out: { value: string; line: number; col: number }[] = [];
  let offset = 0;
  for (const raw of f.value.split(";")) {
    const lead = raw.length - raw.trimStart().length;
    const value = raw.trim();
    if (value !== "") out.push({ value, line: f.line, col: f.col + offset + lead + (f.quoted ? 1 : 0) });
    offset += raw.length + 1;
  }
  return out;
}
