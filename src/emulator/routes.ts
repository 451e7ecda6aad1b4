// The contract's routes: parse and authorise, call the domain operation, answer in the
// contract's shape. Reads are filtered to what the key may see; writes need the super admin
// key; POSTs need an Idempotency-Key and replay stored answers.

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { canonicalJson, sha256 } from "../model/fingerprint.js";
import { zeroQuota, type AccountState, type WorkspaceState } from "../model/state.js";
import type { Role } from "../model/plan.gen.js";
import { indexOf } from "../domain/account-index.js";
import { allocatedToChildren, ownUse } from "../domain/accounting.js";
import {
  apiKeyToWire,
  assetShareToWire,
  assetToWire,
  contentToWire,
  joinRequestToWire,
  memberToWire,
  quotaFromWire,
  quotaToWire,
  settingsPatchFromWire,
  workspaceToWire,
  type WireAssetShare,
  type WireQuota,
  type WireSettings,
} from "../contract/wire.js";
import { HttpError, fromDomainCode } from "../contract/errors.js";
import { IdempotencyStore } from "./idempotency.js";
import { approveJoinRequest, changeMemberRole, confirmApiKey, createApiKey, createWorkspace, deleteWorkspace, denyJoinRequest, inviteMember, removeMember, resendInvitation, revokeApiKey, rotateApiKey, setAllocation, shareAsset, unshareAsset, updateContentSharing, updateWorkspace } from "../domain/index.js";
import { isDomainError } from "../domain/errors.js";
import { passwordMatches } from "../domain/secrets.js";
import { opContext } from "./ops.js";
import type { KeyRing } from "./keys.js";
import type { AccountStore } from "./store.js";
import { paginate, type PageQuery } from "./pages.js";

type Req = FastifyRequest<{
  Params: Record<string, string>;
  Querystring: PageQuery & Record<string, string | undefined>;
  Body: unknown;
}>;

interface Outcome {
  status: number;
  body: unknown;
  etag?: string;
}

export const etagOf = (value: unknown): string => `"${sha256(canonicalJson(value)).slice(0, 20)}"`;

/** Every field a write can set; not `usage`, which moves with every render and no write sets. */
export const workspaceEtag = (w: WorkspaceState): string => etagOf({ ...workspaceToWire(w), usage: undefined });

function visibleWorkspaceIds(state: AccountState, req: Req): Set<string> | null {
  const p = req.principal!;
  return p.role === "workspace" ? new Set(p.workspaceId ? [p.workspaceId] : []) : null;
}

function workspaceOr404(state: AccountState, req: Req, id: string): WorkspaceState {
  const visible = visibleWorkspaceIds(state, req);
  const w = state.workspaces.find((x) => x.id === id);
  if (!w || (visible && !visible.has(id))) throw new HttpError(404, "not_found", `no workspace ${id}`, "workspace_id");
  return w;
}

function mainWorkspace(state: AccountState): WorkspaceState {
  const w = state.workspaces.find((x) => x.parentId === null);
  if (!w) throw new HttpError(500, "internal_error", "the account has no main workspace");
  return w;
}

/** What every route handler works with: the account, the keys, replayed writes and the clock. */
export interface RequestContext {
  store: AccountStore;
  keys: KeyRing;
  idempotency: IdempotencyStore;
  now: () => Date;
}

export function registerRoutes(app: FastifyInstance, ctx: RequestContext): void {
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
  const wsOut = (w: WorkspaceState, status = 200): Outcome => ({
    status,
    body: { data: workspaceToWire(w) },
    etag: workspaceEtag(w),
  });
  const requestOr404 = (id: string) => {
    const r = st().joinRequests.find((x) => x.id === id);
    if (!r) throw new HttpError(404, "not_found", `no join request ${id}`, "request_id");
    return r;
  };
  const deleted = (id: string): Outcome => ({ status: 200, body: { data: { id, deleted: true } } });

  // --- account
  app.get(
    "/v3/account",
    read((req) => {
      if (req.principal!.role === "workspace") {
        throw new HttpError(403, "forbidden", "a sub-workspace key cannot read the account");
      }
      const s = st();
      const main = mainWorkspace(s);
      const idx = indexOf(s);
      return {
        status: 200,
        body: {
          data: {
            id: s.account.id,
            name: s.account.name,
            main_workspace_id: main.id,
            subscription: quotaToWire(main.subscription ?? zeroQuota()),
            usage: quotaToWire(main.usage),
            seats_used: ownUse(idx, main, "seats") + allocatedToChildren(idx, main, "seats"),
          },
        },
      };
    }),
  );

  // --- workspaces
  app.get(
    "/v3/workspaces",
    read((req) => {
      const visible = visibleWorkspaceIds(st(), req);
      const parent = req.query.parent_id;
      const list = st().workspaces.filter(
        (w) => (!visible || visible.has(w.id)) && (parent === undefined || w.parentId === parent),
      );
      const page = paginate(list, req.query, { splittable: true });
      return { status: 200, body: { ...page, data: page.data.map(workspaceToWire) } };
    }),
  );
  app.post(
    "/v3/workspaces",
    write((req) => {
      const b = req.body as {
        name: string;
        parent_id: string;
        billing: "parent" | "own";
        api_access?: boolean;
        image?: string | null;
        settings?: Partial<WireSettings>;
        deletion_protection?: boolean;
        subscription?: WireQuota | null;
      };
      const w = createWorkspace(
        st(),
        {
          name: b.name,
          parentId: b.parent_id,
          billing: b.billing,
          apiAccess: b.api_access ?? false,
          image: b.image ?? null,
          settings: settingsPatchFromWire(b.settings ?? {}),
          deletionProtection: b.deletion_protection ?? false,
          subscription: b.subscription ? quotaFromWire(b.subscription) : null,
        },
        opContext(ctx.now()),
      );
      return wsOut(w, 201);
    }),
  );
  app.get(
    "/v3/workspaces/:workspace_id",
    read((req) => wsOut(workspaceOr404(st(), req, req.params.workspace_id!))),
  );
  const wsEtag = (req: Req): string => workspaceEtag(workspaceOr404(st(), req, req.params.workspace_id!));
  app.patch(
    "/v3/workspaces/:workspace_id",
    write(
      (req) => {
        const b = req.body as {
          name?: string;
          billing?: "parent" | "own";
          api_access?: boolean;
          image?: string | null;
          settings?: Partial<WireSettings>;
          deletion_protection?: boolean;
          subscription?: WireQuota | null;
        };
        const w = updateWorkspace(st(), req.params.workspace_id!, {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.billing !== undefined ? { billing: b.billing } : {}),
          ...(b.api_access !== undefined ? { apiAccess: b.api_access } : {}),
          ...(b.image !== undefined ? { image: b.image } : {}),
          ...(b.settings !== undefined ? { settings: settingsPatchFromWire(b.settings) } : {}),
          ...(b.deletion_protection !== undefined ? { deletionProtection: b.deletion_protection } : {}),
          ...(b.subscription !== undefined
            ? { subscription: b.subscription ? quotaFromWire(b.subscription) : null }
            : {}),
        });
        return wsOut(w);
      },
      { etagOfCurrent: wsEtag },
    ),
  );
  app.delete(
    "/v3/workspaces/:workspace_id",
    write(
      (req) => {
        const id = req.params.workspace_id!;
        if (!deleteWorkspace(st(), id)) throw new HttpError(404, "not_found", `no workspace ${id}`, "workspace_id");
        return deleted(id);
      },
      { etagOfCurrent: wsEtag },
    ),
  );
  app.put(
    "/v3/workspaces/:workspace_id/allocation",
    write(
      (req) => wsOut(setAllocation(st(), req.params.workspace_id!, quotaFromWire(req.body as WireQuota))),
      { etagOfCurrent: wsEtag },
    ),
  );

  // --- members
  const memberPage = (req: Req, workspaceId: string | null) => {
    const visible = visibleWorkspaceIds(st(), req);
    const status = req.query.status;
    if (status !== undefined && status !== "active" && status !== "invited") {
      throw new HttpError(400, "validation_error", "status must be active or invited", "status");
    }
    // Unfiltered (the admin's bulk read), the list is paged as it is: no copy of 100k members a page.
    const list =
      workspaceId === null && !visible && status === undefined
        ? st().members
        : st().members.filter(
            (m) =>
              (workspaceId === null || m.workspaceId === workspaceId) &&
              (!visible || visible.has(m.workspaceId)) &&
              (status === undefined || m.status === status),
          );
    const page = paginate(list, req.query, { splittable: workspaceId === null });
    return { status: 200, body: { ...page, data: page.data.map(memberToWire) } };
  };
  app.get("/v3/members", read((req) => memberPage(req, null)));
  app.get(
    "/v3/workspaces/:workspace_id/members",
    read((req) => memberPage(req, workspaceOr404(st(), req, req.params.workspace_id!).id)),
  );
  app.post(
    "/v3/workspaces/:workspace_id/members",
    write((req) => {
      const b = req.body as { email: string; role: Role };
      const m = inviteMember(st(), req.params.workspace_id!, b.email, b.role, opContext(ctx.now()));
      return { status: 201, body: { data: memberToWire(m) } };
    }),
  );
  const memberOr404 = (req: Req) => {
    const email = req.params.email!.toLowerCase();
    const w = workspaceOr404(st(), req, req.params.workspace_id!);
    const m = st().members.find((x) => x.workspaceId === w.id && x.email === email);
    if (!m) throw new HttpError(404, "not_found", `no member ${email}`, "email");
    return m;
  };
  const memberEtag = (req: Req): string => etagOf(memberToWire(memberOr404(req)));
  app.get(
    "/v3/workspaces/:workspace_id/members/:email",
    read((req) => {
      const m = memberOr404(req);
      return { status: 200, body: { data: memberToWire(m) }, etag: etagOf(memberToWire(m)) };
    }),
  );
  app.patch(
    "/v3/workspaces/:workspace_id/members/:email",
    write(
      (req) => {
        const b = req.body as { role: Role };
        const m = changeMemberRole(st(), req.params.workspace_id!, req.params.email!, b.role);
        return { status: 200, body: { data: memberToWire(m) }, etag: etagOf(memberToWire(m)) };
      },
      { etagOfCurrent: memberEtag },
    ),
  );
  app.delete(
    "/v3/workspaces/:workspace_id/members/:email",
    write(
      (req) => {
        if (!removeMember(st(), req.params.workspace_id!, req.params.email!)) {
          throw new HttpError(404, "not_found", `no member ${req.params.email!.toLowerCase()}`, "email");
        }
        return deleted(req.params.email!.toLowerCase());
      },
      { etagOfCurrent: memberEtag },
    ),
  );
  app.post(
    "/v3/workspaces/:workspace_id/members/:email/resend",
    write(
      (req) => {
        const m = resendInvitation(st(), req.params.workspace_id!, req.params.email!, opContext(ctx.now()));
        return { status: 200, body: { data: memberToWire(m) } };
      },
      { etagOfCurrent: memberEtag },
    ),
  );

  // --- join requests
  app.get(
    "/v3/join-requests",
    read((req) => {
      const visible = visibleWorkspaceIds(st(), req);
      const ws = req.query.workspace_id;
      const list = st().joinRequests.filter(
        (r) => (!visible || visible.has(r.workspaceId)) && (ws === undefined || r.workspaceId === ws),
      );
      const page = paginate(list, req.query);
      return { status: 200, body: { ...page, data: page.data.map(joinRequestToWire) } };
    }),
  );
  app.post(
    "/v3/join-requests/:request_id/approve",
    write((req) => {
      const b = req.body as { role: Role };
      const r = requestOr404(req.params.request_id!);
      const m = approveJoinRequest(st(), { requestId: r.id, workspaceId: r.workspaceId }, b.role);
      return { status: 200, body: { data: memberToWire(m) } };
    }),
  );
  app.post(
    "/v3/join-requests/:request_id/deny",
    write((req) => {
      const r = requestOr404(req.params.request_id!);
      denyJoinRequest(st(), { requestId: r.id, workspaceId: r.workspaceId });
      return deleted(req.params.request_id!);
    }),
  );

  // --- API keys
  app.get(
    "/v3/api-keys",
    read((req) => {
      const visible = visibleWorkspaceIds(st(), req);
      const page = paginate(
        st().apiKeys.filter((k) => !visible || visible.has(k.workspaceId)),
        req.query,
      );
      return { status: 200, body: { ...page, data: page.data.map(apiKeyToWire) } };
    }),
  );
  const apiKeyOr404 = (req: Req) => {
    const w = workspaceOr404(st(), req, req.params.workspace_id!);
    const k = st().apiKeys.find((x) => x.workspaceId === w.id);
    if (!k) throw new HttpError(404, "not_found", `workspace ${w.id} has no key`, "workspace_id");
    return k;
  };
  app.get(
    "/v3/workspaces/:workspace_id/api-key",
    read((req) => {
      const k = apiKeyToWire(apiKeyOr404(req));
      return { status: 200, body: { data: k }, etag: etagOf(k) };
    }),
  );
  app.post(
    "/v3/workspaces/:workspace_id/api-key",
    write((req) => {
      const b = (req.body ?? {}) as { rotate?: boolean; await_delivery?: boolean };
      const id = req.params.workspace_id!;
      const opts = { awaitDelivery: b.await_delivery === true };
      const k = b.rotate ? rotateApiKey(st(), id, opContext(ctx.now()), opts) : createApiKey(st(), id, opContext(ctx.now()), opts);
      if (k.secret === null) {
        throw new HttpError(409, "conflict", "the workspace has a key already; rotate it to get a new secret", "rotate");
      }
      return { status: 201, body: { data: { ...apiKeyToWire(k.key), key: k.secret } } };
    }),
  );
  app.post(
    "/v3/workspaces/:workspace_id/api-key/confirm",
    write((req) => {
      const k = confirmApiKey(st(), req.params.workspace_id!, (req.body as { key_id: string }).key_id);
      return { status: 200, body: { data: apiKeyToWire(k) } };
    }),
  );
  app.delete(
    "/v3/workspaces/:workspace_id/api-key",
    write(
      (req) => {
        const id = req.params.workspace_id!;
        if (!revokeApiKey(st(), id)) throw new HttpError(404, "not_found", `workspace ${id} has no key`, "workspace_id");
        return deleted(id);
      },
      { etagOfCurrent: (req) => etagOf(apiKeyToWire(apiKeyOr404(req))) },
    ),
  );

  // --- assets and shares
  app.get(
    "/v3/assets",
    read((req) => {
      const visible = visibleWorkspaceIds(st(), req);
      const page = paginate(
        st().assets.filter((a) => !visible || visible.has(a.workspaceId)),
        req.query,
      );
      return { status: 200, body: { ...page, data: page.data.map(assetToWire) } };
    }),
  );
  app.get(
    "/v3/asset-shares",
    read((req) => {
      const visible = visibleWorkspaceIds(st(), req);
      const page = paginate(
        st().assetShares.filter((s) => !visible || visible.has(s.toWorkspaceId) || visible.has(s.fromWorkspaceId)),
        req.query,
      );
      return { status: 200, body: { ...page, data: page.data.map(assetShareToWire) } };
    }),
  );
  app.post(
    "/v3/asset-shares",
    write((req) => {
      const b = req.body as WireAssetShare;
      const ref = {
        assetType: b.asset_type,
        assetId: b.asset_id,
        fromWorkspaceId: b.from_workspace_id,
        toWorkspaceId: b.to_workspace_id,
      };
      shareAsset(st(), ref);
      return { status: 201, body: { data: assetShareToWire(ref) } };
    }),
  );
  app.delete(
    "/v3/asset-shares/:asset_type/:asset_id/:to_workspace_id",
    write((req) => {
      const { asset_type, asset_id, to_workspace_id } = req.params as Record<string, string>;
      const gone = unshareAsset(st(), {
        assetType: asset_type as WireAssetShare["asset_type"],
        assetId: asset_id!,
        toWorkspaceId: to_workspace_id!,
      });
      if (!gone) throw new HttpError(404, "not_found", "no such share", "asset_id");
      return deleted(`${asset_type}:${asset_id}>${to_workspace_id}`);
    }),
  );

  // --- content
  app.get(
    "/v3/content",
    read((req) => {
      const visible = visibleWorkspaceIds(st(), req);
      const page = paginate(
        st().content.filter((c) => !visible || visible.has(c.workspaceId)),
        req.query,
      );
      return { status: 200, body: { ...page, data: page.data.map(contentToWire) } };
    }),
  );
  const contentOr404 = (req: Req) => {
    const visible = visibleWorkspaceIds(st(), req);
    const c = st().content.find((x) => x.type === req.params.content_type && x.id === req.params.content_id);
    if (!c || (visible && !visible.has(c.workspaceId))) throw new HttpError(404, "not_found", "no such content", "content_id");
    return c;
  };
  app.get(
    "/v3/content/:content_type/:content_id",
    read((req) => {
      const c = contentToWire(contentOr404(req));
      return { status: 200, body: { data: c }, etag: etagOf(c) };
    }),
  );
  // Read-only and admin-only: the digest stays here, only yes or no goes out.
  app.post(
    "/v3/content/:content_type/:content_id/sharing/password-check",
    read((req) => {
      if (req.principal!.role !== "super_admin") {
        throw new HttpError(403, "forbidden", "only a super admin key may check a share-page password");
      }
      const c = contentOr404(req);
      const { password } = req.body as { password: string };
      const digest = c.sharePage.passwordDigest;
      return { status: 200, body: { data: { matches: digest !== null && passwordMatches(password, digest) } } };
    }),
  );
  app.patch(
    "/v3/content/:content_type/:content_id/sharing",
    write(
      (req) => {
        const b = req.body as {
          general_access: "only_me" | "selected" | "workspace";
          users: { email: string; access: "view" | "edit" }[];
          share_page: { password?: string | null; public_publishing: boolean; captions: boolean };
        };
        const c = updateContentSharing(
          st(),
          { type: req.params.content_type as "project" | "folder" | "video", id: req.params.content_id! },
          {
            generalAccess: b.general_access,
            users: b.users,
            sharePage: {
              ...("password" in b.share_page ? { password: b.share_page.password ?? null } : {}),
              publicPublishing: b.share_page.public_publishing,
              captions: b.share_page.captions,
            },
          },
          {},
        );
        return { status: 200, body: { data: contentToWire(c) }, etag: etagOf(contentToWire(c)) };
      },
      { etagOfCurrent: (req) => etagOf(contentToWire(contentOr404(req))) },
    ),
  );
}
