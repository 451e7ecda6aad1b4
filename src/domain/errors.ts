// Domain failures carry the REST contract's error codes so the HTTP emulator can map them to
// statuses one to one, and the sandbox reports a failure in the same words as the API.

export type DomainErrorCode =
  | "not_found"
  | "forbidden"
  | "conflict"
  | "insufficient_credit"
  | "validation_error"
  | "seat_limit";

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** The request field the error is about, when there is one (REST `error.param`). */
  readonly param?: string;
  constructor(code: DomainErrorCode, message: string, param?: string) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    if (param !== undefined) this.param = param;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
