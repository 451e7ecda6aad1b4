// What a kind's HTTP executor (src/kinds/) may do against the REST contract while it carries
// out one change: calls, and the few steps every write shares. The HTTP provider
// (providers/http/execute.ts) implements it over its client, bound to the change at hand.

import type { Change } from "../model/plan.js";
import type { WorkspaceRef } from "../model/plan.gen.js";
import type { View } from "../domain/precondition.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Call {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  ifMatch?: string;
}

/** A resource as it is now, in the shape of a change's payloads, with its ETag. */
export interface Current {
  view: View;
  etag: string | undefined;
}

export interface ChangeApi {
  readonly change: Change;
  request<T = unknown>(method: Method, path: string, call?: Call): Promise<{ body: T; etag: string | null }>;
  /** The HTTP status an error thrown by `request` answered with; null when there was no answer. */
  statusOf(e: unknown): number | null;
  /** `request`, where 404 means done (deletes tolerate "already gone"). */
  unlessGone(p: Promise<unknown>): Promise<void>;
  /** Every item of a list, all pages. */
  list<T>(path: string): Promise<T[]>;
  /** An Idempotency-Key for one step of this change: the same across retries and re-runs of the plan. */
  idempotencyKey(step: string): string;
  /** The id of the workspace a payload names (workspaceRef's rule); throws when none exists. */
  workspaceId(ref: WorkspaceRef): Promise<string>;
  /** As workspaceId, but null when none exists (a delete of what is gone). */
  workspaceIdIfAny(ref: WorkspaceRef): Promise<string | null>;
  /** Workspaces were made or renamed: paths are looked up afresh (`made` is known already). */
  pathsChanged(made?: { path: string; id: string }): void;
  /** GET `path`: the resource in the payload's shape with its ETag, view null on 404. */
  read<W>(path: string, toView: (w: W) => View): Promise<Current>;
  /**
   * The conditional write: check the resource against the change's `before` (done, or
   * refused, without writing), then write with its ETag as If-Match; a 412 reads it again.
   */
  guarded(read: () => Promise<Current>, write: (ifMatch: string | undefined) => Promise<unknown>): Promise<void>;
  /** The change's precondition on a view read outside `guarded` (after a 409): done, or refused. */
  enforce(view: View): "write" | "done";
}
