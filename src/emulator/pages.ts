// Cursor pages over a list: the token is an opaque offset (and, for a part of a split list,
// where that part ends), `limit` at most 1000. Where the contract offers `parallel`, a first
// page of a longer list also hands out up to `parallel` cursors over disjoint parts of the rest.

import { HttpError } from "../contract/errors.js";
import type { WirePage } from "../contract/wire.js";

export interface PageQuery {
  limit?: string;
  token?: string;
  parallel?: string;
}

export const MAX_PARALLEL = 32;

const encode = (start: number, end: number | null): string =>
  Buffer.from(end === null ? `o${start}` : `o${start}e${end}`, "utf8").toString("base64url");

export function paginate<T>(items: readonly T[], q: PageQuery, opts: { splittable?: boolean } = {}): WirePage<T> {
  const limit = q.limit === undefined ? 100 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new HttpError(400, "validation_error", "limit must be an integer from 1 to 1000", "limit");
  }
  let parallel = 1;
  if (opts.splittable && q.parallel !== undefined) {
    parallel = Number(q.parallel);
    if (!Number.isInteger(parallel) || parallel < 1 || parallel > MAX_PARALLEL) {
      throw new HttpError(400, "validation_error", `parallel must be an integer from 1 to ${MAX_PARALLEL}`, "parallel");
    }
  }
  let start = 0;
  let end = items.length;
  let partEnd: number | null = null;
  if (q.token !== undefined) {
    const m = /^o(\d+)(?:e(\d+))?$/.exec(Buffer.from(q.token, "base64url").toString("utf8"));
    if (!m) throw new HttpError(400, "validation_error", "token is not one this server gave", "token");
    start = Number(m[1]);
    if (m[2] !== undefined) {
      partEnd = Number(m[2]);
      end = Math.min(end, partEnd);
    }
  }
  const stop = Math.min(start + limit, end);
  const data = items.slice(start, Math.max(start, stop));
  const next = start + data.length;
  const hasMore = next < end;
  if (!hasMore) return { data, has_more: false, next_token: null };
  if (q.token !== undefined || parallel === 1) {
    return { data, has_more: true, next_token: encode(next, partEnd) };
  }
  // Split the rest into at most `parallel` parts of whole pages, as even as they come.
  const rest = end - next;
  const parts = Math.min(parallel, Math.ceil(rest / limit));
  const tokens: string[] = [];
  for (let i = 0; i < parts; i++) {
    const from = next + Math.floor((rest * i) / parts);
    const to = next + Math.floor((rest * (i + 1)) / parts);
    tokens.push(encode(from, to));
  }
  return { data, has_more: true, next_token: tokens[0]!, next_tokens: tokens };
}
