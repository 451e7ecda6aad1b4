// Failures of the world outside hgw: the API refusing the key, the network, a server that is
// down or throttling, another process's lock, a full or read-only disk. None of them is a bug,
// so each becomes a UserError with a code, one line and a hint (exit 1, no stack trace), and
// "internal error" is left for real bugs. URLs in these messages never carry credentials, a
// query or a fragment.

import { UserError, type Diagnostic } from "./diagnostics.js";

/** The diagnostic code of each kind of failure. */
export type WorldErrorKind =
  | "auth"
  | "permission"
  | "network"
  | "timeout"
  | "server"
  | "rate-limit"
  /** The API answered something this client cannot use (a 404 route, a page that is not JSON). */
  | "api-response"
  | "sandbox-locked"
  | "disk";

export class WorldError extends UserError {
  readonly kind: WorldErrorKind;
  /** Every later change of an apply would meet it too (the key is refused, the API is gone, the disk is full). */
  readonly haltsApply: boolean;
  constructor(kind: WorldErrorKind, d: { message: string; hint: string }, opts: { haltsApply?: boolean; message?: string } = {}) {
    const diagnostic: Diagnostic = { severity: "error", code: kind, message: d.message, hint: d.hint };
    super(diagnostic, opts.message);
    this.name = "WorldError";
    this.kind = kind;
    this.haltsApply = opts.haltsApply ?? false;
  }
  get diagnostic(): Diagnostic {
    return this.diagnostics[0]!;
  }
}

/**
 * A URL as it may be printed: scheme, host, port and path; no user, password, query or
 * fragment. Text that does not parse as a URL is cut the same way by pattern, never echoed whole.
 */
export function redactUrl(url: string | URL): string {
  try {
    const u = typeof url === "string" ? new URL(url) : url;
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return String(url)
      .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1")
      .replace(/[?#].*$/s, "");
  }
}

const configError = (message: string, hint: string): UserError =>
  new UserError({ severity: "error", code: "api-url", message, hint });

/**
 * Checks the API base URL (--api-url or HEYGEN_API_URL) and returns it without a trailing
 * slash. Credentials in it are refused, never printed: the key goes in HEYGEN_API_KEY.
 */
export function parseApiUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw configError(`the API URL "${redactUrl(raw)}" is not a URL`, "give the API's base URL, e.g. http://127.0.0.1:8484 (--api-url or HEYGEN_API_URL)");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw configError(`the API URL ${redactUrl(u)} is not http or https`, "give the API's base URL, e.g. https://api.example.com");
  }
  if (u.username !== "" || u.password !== "") {
    throw configError(
      `the API URL ${redactUrl(u)} carries credentials (user:…@); they were not used and are not shown`,
      "remove them from --api-url / HEYGEN_API_URL and put the API key in HEYGEN_API_KEY",
    );
  }
  if (u.search !== "" || u.hash !== "") {
    throw configError(
      `the API URL ${redactUrl(u)} has a query or fragment, which a base URL cannot carry; it is not shown`,
      "give only scheme, host, port and path; the API key goes in HEYGEN_API_KEY",
    );
  }
  return `${u.protocol}//${u.host}${u.pathname}`.replace(/\/+$/, "");
}

// ---------------------------------------------------------------------------------- the disk

const DISK: Record<string, { what: string; hint: string }> = {
  ENOSPC: { what: "no space left on the device", hint: "free some space (or choose another place), then run the same command again" },
  EDQUOT: { what: "disk quota exceeded", hint: "free some space (or choose another place), then run the same command again" },
  EACCES: { what: "permission denied", hint: "check the permissions of the file and its folder, or choose another place" },
  EPERM: { what: "operation not permitted", hint: "check the permissions of the file and its folder, or choose another place" },
  EROFS: { what: "the file system is read-only", hint: "choose a writable place (--sandbox-dir, --out, --api-key-file)" },
  ENOTDIR: { what: "a part of the path is a file, not a folder", hint: "check the path" },
  EISDIR: { what: "it is a folder, not a file", hint: "name a file" },
  EIO: { what: "the disk reported an I/O error", hint: "check the disk, then run the same command again" },
  EMFILE: { what: "too many open files", hint: "raise the open-file limit (ulimit -n), then run the same command again" },
  ENFILE: { what: "too many open files on the system", hint: "close other programs, then run the same command again" },
};

const VERB: Record<string, string> = {
  open: "open",
  read: "read",
  write: "write",
  mkdir: "create the folder",
  rename: "replace",
  unlink: "remove",
  fsync: "write",
  copyfile: "copy",
  chmod: "set the mode of",
};

/**
 * A file-system error from Node (`err.code`, `err.syscall`, `err.path`) as a disk WorldError;
 * null for anything else. `file` names the file when the error does not (a failed write).
 */
export function diskError(e: unknown, file?: string): WorldError | null {
  if (e instanceof WorldError) return e.kind === "disk" ? e : null;
  if (!(e instanceof Error)) return null;
  const { code, syscall } = e as NodeJS.ErrnoException;
  const path = (e as NodeJS.ErrnoException).path ?? file;
  const known = code ? DISK[code] : undefined;
  if (!known || code === undefined) return null;
  const verb = (syscall && VERB[syscall]) ?? "use";
  const where = path ? ` ${path}` : "";
  return new WorldError("disk", { message: `cannot ${verb}${where}: ${known.what} (${code})`, hint: known.hint }, { haltsApply: true });
}

/** The error as a UserError when it is a user's or the world's, else null (a bug). */
export function asUserError(e: unknown): UserError | null {
  if (e instanceof UserError) return e;
  return diskError(e);
}

/** True when an apply should start nothing more after this error. */
export function haltsApply(e: unknown): boolean {
  if (e instanceof WorldError) return e.haltsApply;
  return diskError(e) !== null;
}
