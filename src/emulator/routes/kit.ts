// What every route plugin shares: parsing a request's params, who may see which workspace,
// ETags, and the read and write wrappers. A write checks the key's role, If-Match and the
// Idempotency-Key (a POST replays its stored answer), runs the domain operation, saves the
// account durably, and only then answers.

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { canonicalJson, sha256 } from "../../model/fingerprint.js";
import type { AccountState, WorkspaceState } from "../../model/state.js";
import { workspaceToWire } from "../../contract/wire.js";
import { HttpError, fromDomainCode } from "../../contract/errors.js";
import { isDomainError } from "../../domain/errors.js";
import { IdempotencyStore } from "../idempotency.js";
import type { KeyRing } from "../keys.js";
import type { AccountStore } from "../store.js";
import { paginate, type PageQuery } from "../pages.js";

/** What every route handler works with: the account, the keys, replayed writes and the clock. */
export interface RequestContext {
  store: AccountStore;
  keys: KeyRing;
  idempotency: IdempotencyStore;
  now: () => Date;
}

/** One resource's routes, as a fastify plugin. */
export type RoutePlugin = FastifyPluginAsync<{ ctx: RequestContext }>;

export type Req = FastifyRequest<{
  Params: Record<string, string>;
  Querystring: PageQuery & Record<string, string | undefined>;
  Body: unknown;
}>;

export interface Outcome {
  status: number;
  body: unknown;
  etag?: string;
}

export const etagOf = (value: unknown): string => `"${sha256(canonicalJson(value)).slice(0, 20)}"`;

/** Every field a write can set; not `usage`, which moves with every render and no write sets. */
export const workspaceEtag = (w: WorkspaceState): string => etagOf({ ...workspaceToWire(w), usage: undefined });

/** The workspaces a sub-workspace key may see; null: all of them. */
export function visibleWorkspaceIds(req: Req): Set<string> | null {
  const p = req.principal!;
  return p.role === "workspace" ? new Set(p.workspaceId ? [p.workspaceId] : []) : null;
}

export function workspaceOr404(state: AccountState, req: Req, id: string): WorkspaceState {
  const visible = visibleWorkspaceIds(req);
  const w = state.workspaces.find((x) => x.id === id);
  if (!w || (visible && !visible.has(id))) throw new HttpError(404, "not_found", `no workspace ${id}`, "workspace_id");
  return w;
}

/** The account's main workspace; an account without one is the emulator's own fault. */
export function mainWorkspaceOf(state: AccountState): WorkspaceState {
  const w = state.workspaces.find((x) => x.parentId === null);
  if (!w) throw new HttpError(500, "internal_error", "the account has no main workspace");
  return w;
}

/** A page of `records`, as the contract answers a list: those in a workspace the key may see (`workspacesOf`: where each lives). */
export function listed<T>(req: Req, records: readonly T[], workspacesOf: (r: T) => readonly string[], toWire: (r: T) => unknown): Outcome {
  const visible = visibleWorkspaceIds(req);
  const page = paginate(visible ? records.filter((r) => workspacesOf(r).some((id) => visible.has(id))) : records, req.query);
  return { status: 200, body: { ...page, data: page.data.map(toWire) } };
}

export const deleted = (id: string): Outcome => ({ status: 200, body: { data: { id, deleted: true } } });

/** The account, and the read and write wrappers over one context. */
export function routeKit(ctx: RequestContext) {
  const st = (): AccountState => ctx.store.state;

  const send = (reply: FastifyReply, o: Outcome): FastifyReply => {
    if (o.etag) reply.header("etag", o.etag);
    return reply.code(o.status).send(o.body);
  };

  const read = (handler: (req: Req) => Outcome) => async (req: Req, reply: FastifyReply) =>
    send(reply, handler(req));

  /** The domain call, a durable save, then the answer (remembered under its idempotency key). */
  const commit = async (
    handler: (req: Req) => Outcome,
    req: Req,
    reply: FastifyReply,
    idem: { key: string; fp: string } | null,
  ) => {
    const p = req.principal!;
    let outcome: Outcome;
    try {
      outcome = handler(req);
    } catch (e) {
      if (isDomainError(e)) throw fromDomainCode(e.code, e.message, e.param ?? null);
      throw e;
    }
    await ctx.store.save();
    if (idem) ctx.idempotency.remember(p.keyId, idem.key, idem.fp, outcome.status, outcome.body);
    return send(reply, outcome);
  };

  /** Runs a write: role check, If-Match, idempotency, the domain call, then a durable save. */
  const write =
    (handler: (req: Req) => Outcome, opts: { etagOfCurrent?: (req: Req) => string } = {}) =>
    async (req: Req, reply: FastifyReply) => {
      const p = req.principal!;
      if (p.role !== "super_admin") {
        throw new HttpError(403, "forbidden", `a ${p.role} key may read but not administer`);
      }
      const ifMatch = req.headers["if-match"];
      // Checked in the same synchronous step as the write, so nothing comes between.
      const checkIfMatch = (): void => {
        if (typeof ifMatch === "string" && opts.etagOfCurrent && ifMatch !== "*" && ifMatch !== opts.etagOfCurrent(req)) {
          throw new HttpError(412, "precondition_failed", "the resource changed since that ETag", "If-Match");
        }
      };
      if (req.method !== "POST") {
        checkIfMatch();
        return commit(handler, req, reply, null);
      }
      const key = req.headers["idempotency-key"];
      if (typeof key !== "string" || key.length === 0 || key.length > 255) {
        throw new HttpError(400, "validation_error", "POST requires an Idempotency-Key header", "Idempotency-Key");
      }
      const idem = { key, fp: IdempotencyStore.fingerprint(req.method, req.url, req.body) };
      return ctx.idempotency.exclusive(p.keyId, key, async () => {
        const stored = ctx.idempotency.lookup(p.keyId, key, idem.fp);
        // A repeat gets the stored answer, even though its own first run moved the ETag.
        if (stored) return send(reply, { status: stored.status, body: stored.body });
        checkIfMatch();
        return commit(handler, req, reply, idem);
      });
    };

  return { st, read, write };
}
