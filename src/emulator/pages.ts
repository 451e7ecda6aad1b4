// Cursor pages over a list: the token is an opaque offset, `limit` at most 1000.

import { HttpError } from "./http-errors.js";

export interface PageQuery {
  limit?: string;
  token?: string;
}

export function paginate<T>(items: readonly T[], q: PageQuery): { data: T[]; has_more: boolean; next_token: string | null } {
  const limit = q.limit === undefined ? 100 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new HttpError(400, "validation_error", "limit must be an integer from 1 to 1000", "limit");
  }
  let start = 0;
  if (q.token !== undefined) {
    const m = /^o(\d+)$/.exec(Buffer.from(q.token, "base64url").toString("utf8"));
    if (!m) throw new HttpError(400, "validation_error", "token is not one this server gave", "token");
    start = Number(m[1]);
  }
  const data = items.slice(start, start + limit);
  const end = start + data.length;
  const hasMore = end < items.length;
  return {
    data,
    has_more: hasMore,
    next_token: hasMore ? Buffer.from(`o${end}`, "utf8").toString("base64url") : null,
  };
}
