// Carries out one planned change as REST calls: its kind's handler (src/kinds/) makes them
// through a ChangeApi (contract/port.ts) bound to the change, which this implements over the
// client. Each change is idempotent: a POST carries an Idempotency-Key derived from the
// change (so a retry after a lost response replays the stored answer), a DELETE that finds
// nothing succeeded already, and a create that meets "already exists" succeeds when what
// exists is what it would make.
//
// Each write is conditional on the `before` it was planned from (domain/precondition.ts): the
// resource is read with its ETag and checked, then written with If-Match, so that the server
// closes the window between the two. A 412 there means someone changed it during the apply,
// unless the change is done (this write's own earlier attempt, retried after a lost answer).

import type { ExecuteContext, ExecuteResult } from "../../model/provider.js";
import type { Change } from "../../model/plan.js";
import type { WorkspaceRef } from "../../model/plan.gen.js";
import { pathIn } from "../../model/address.js";
import { canonicalJson, sha256 } from "../../model/fingerprint.js";
import { PreconditionFailed, enforce, isDone, precondition } from "../../domain/precondition.js";
import type { ChangeApi, Current } from "../../contract/port.js";
import type { WireWorkspace } from "../../contract/wire.js";
import { handlerOf, type KindHandler } from "../../kinds/index.js";
import { ApiError, type HttpClient } from "./client.js";
import { listAll } from "./read.js";

export class ChangeExecutor {
  private pathIndex: Promise<Map<string, string>> | null = null;

  constructor(
    private readonly client: HttpClient,
    /** Scopes idempotency keys to one plan (or one provider instance when no plan id is known). */
    private readonly scope: string,
  ) {}

  async execute(change: Change, ctx: ExecuteContext): Promise<ExecuteResult> {
    if (change.after === null && change.before === null) throw new Error(`${change.address}: change has neither before nor after`);
    const kind = handlerOf(change.kind);
    return kind.http(this.api(change, kind, ctx), ctx);
  }

  /** What the kind's executor may do, bound to this change. */
  private api(change: Change, kind: KindHandler, ctx: ExecuteContext): ChangeApi {
    const client = this.client;
    const resolve = (ref: WorkspaceRef, optional: boolean) => this.resolve(ref, ctx, optional);
    const api: ChangeApi = {
      change,
      request: async <T>(...args: Parameters<HttpClient["request"]>) => {
        const res = await client.request<T>(...args);
        return { body: res.body, etag: res.etag };
      },
      statusOf: (e) => (e instanceof ApiError ? e.status : null),
      unlessGone: async (p) => {
        try {
          await p;
        } catch (e) {
          if (!isStatus(e, 404)) throw e;
        }
      },
      list: (path) => listAll(client, path),
      idempotencyKey: (step) => {
        const planId = ctx.planId ?? this.scope;
        return `hgw-${sha256(canonicalJson({ planId, seq: change.seq, address: change.address, action: change.action, after: change.after, step })).slice(0, 40)}`;
      },
      workspaceId: async (ref) => (await resolve(ref, false))!,
      workspaceIdIfAny: (ref) => resolve(ref, true),
      pathsChanged: (made) => {
        if (made) void this.pathIndex?.then((m) => m.set(made.path, made.id));
        else this.pathIndex = null;
      },
      read: async (path, toView) => {
        try {
          const res = await client.request<{ data: never }>("GET", path);
          return { view: toView(res.body.data), etag: res.etag ?? undefined };
        } catch (e) {
          if (isStatus(e, 404)) return { view: null, etag: undefined };
          throw e;
        }
      },
      guarded: (read, write) => guarded(change, kind, read, write),
      enforce: (view) => enforce(change, view, kind),
    };
    return api;
  }

  /** `workspaceId ?? ctx.workspaceIds.get(path) ?? lookup(path)`, as the plan schema's workspaceRef says. */
  private async resolve(ref: WorkspaceRef, ctx: ExecuteContext, optional: boolean): Promise<string | null> {
    const known = ref.workspaceId ?? ctx.workspaceIds.get(ref.workspacePath);
    if (known) return known;
    let id = (await this.index()).get(ref.workspacePath);
    if (id === undefined) {
      this.pathIndex = null; // it may have been made since the index was built
      id = (await this.index()).get(ref.workspacePath);
    }
    if (id !== undefined) return id;
    if (optional) return null;
    throw new Error(`no workspace at path "${ref.workspacePath}" in the account`);
  }

  /** One listing shared by every change that needs it (they often ask at once). */
  private index(): Promise<Map<string, string>> {
    if (!this.pathIndex) {
      this.pathIndex = this.buildIndex();
      this.pathIndex.catch(() => (this.pathIndex = null));
    }
    return this.pathIndex;
  }

  private async buildIndex(): Promise<Map<string, string>> {
    const all = (await listAll<WireWorkspace>(this.client, "/v3/workspaces")).map((w) => ({ id: w.id, parentId: w.parent_id, name: w.name }));
    const byId = new Map(all.map((w) => [w.id, w]));
    return new Map(all.map((w) => [pathIn(byId, w), w.id]));
  }
}

/**
 * The conditional write: read, check against the plan's `before` (done, or refused, without
 * writing), then write with the read's ETag as If-Match. A 412 means the resource moved
 * between the read and the write. It is read again: done if this write's own earlier
 * attempt landed (a retry after a lost answer); written again with the new ETag if the
 * fields this change planned from are still as `before` says (another change of the same
 * plan, or a counter, moved a field this write does not set); refused otherwise.
 */
async function guarded(change: Change, kind: KindHandler, read: () => Promise<Current>, write: (ifMatch: string | undefined) => Promise<unknown>): Promise<void> {
  let now = await read();
  for (let attempt = 1; ; attempt++) {
    if (enforce(change, now.view, kind) === "done") return;
    try {
      await write(now.etag);
      return;
    } catch (e) {
      if (!isStatus(e, 412)) throw e;
    }
    now = await read();
    if (isDone(change, now.view, kind)) return;
    const v = precondition(change, now.view, kind);
    if (v.kind === "write" && attempt < 5) continue;
    throw new PreconditionFailed(
      `${change.address} changed during the apply, between hgw's read of it and its write${v.kind === "conflict" && v.fields.length > 0 ? ` (${v.fields.join(", ")})` : ""}; nothing was written. Run \`hgw plan\` again and review the new plan.`,
      change.address,
    );
  }
}

function isStatus(e: unknown, status: number): boolean {
  return e instanceof ApiError && e.status === status;
}
