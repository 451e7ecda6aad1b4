// The contract's error body and the status each code travels with: what the emulator answers
// with, and how a domain rule's refusal reads over HTTP.

import type { WireError } from "./wire.gen.js";

export type ErrorCode = WireError["error"]["code"];

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }
  body(): WireError {
    return { error: { code: this.code, message: this.message, param: this.param } };
  }
}

/** The domain core's codes; `seat_limit` travels as 402 insufficient_credit with param "seats". */
export function fromDomainCode(code: string, message: string, param: string | null): HttpError {
  switch (code) {
    case "not_found":
      return new HttpError(404, "not_found", message, param);
    case "forbidden":
      return new HttpError(403, "forbidden", message, param);
    case "conflict":
      return new HttpError(409, "conflict", message, param);
    case "insufficient_credit":
      return new HttpError(402, "insufficient_credit", message, param);
    case "seat_limit":
      return new HttpError(402, "insufficient_credit", message, param ?? "seats");
    case "validation_error":
      return new HttpError(422, "validation_error", message, param);
    default:
      return new HttpError(500, "internal_error", message, param);
  }
}
