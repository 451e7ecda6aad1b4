// Carries out one planned change as REST calls. Each is idempotent: a POST carries an
// Idempotency-Key derived from the change (so a retry after a lost response replays the
// stored answer), a DELETE that finds nothing succeeded already, and a create that meets
// "already exists" succeeds when what exists is what it would make.
//
// Each write is conditional on the `before` it was planned from (domain/precondition.ts): the
// resource is read with its ETag and checked, then written with If-Match, so that the server
// closes the window between the two. A 412 there means someone changed it during the apply,
// unless the change is done (this write's own earlier attempt, retried after a lost answer).

import type { ExecuteContext, ExecuteResult } from "../../model/provider.js";
import type { Change, JsonObject } from "../../plan/types.js";
import type {
  AllocationPayload,
  ApiKeyPayload,
  AssetSharePayload,
  ContentSharePayload,
  JoinRequestPayload,
  MainWorkspacePayload,
  MemberPayload,
  SubWorkspacePayload,
  WorkspaceRef,
} from "../../model/plan.gen.js";
import { MAIN_PATH, joinPath } from "../../model/address.js";
import type { WorkspaceState } from "../../model/state.js";
import { canonicalJson, sha256 } from "../../model/fingerprint.js";
import {
  PreconditionFailed,
  allocationView,
  apiKeyView,
  contentView,
  enforce,
  isDone,
  precondition,
  memberView,
  workspaceView,
  type View,
} from "../../domain/precondition.js";
import { ApiError, type HttpClient } from "./client.js";
import { listAll } from "./read.js";
import {
  apiKeyFromWire,
  contentFromWire,
  memberFromWire,
  quotaToWire,
  settingsToWire,
  workspaceFromWire,
  type WireApiKey,
  type WireContent,
  type WireMember,
  type WireWorkspace,
} from "../../contract/wire.js";

interface Current {
  view: View;
  etag: string | undefined;
}

const enc = encodeURIComponent;

export class ChangeExecutor {
  private pathIndex: Promise<Map<string, string>> | null = null;

  constructor(
    private readonly client: HttpClient,
    /** Scopes idempotency keys to one plan (or one provider instance when no plan id is known). */
    private readonly scope: string,
  ) {}

  async execute(change: Change, ctx: ExecuteContext): Promise<ExecuteResult> {
    const p = (change.after ?? change.before) as JsonObject | null;
    if (p === null) throw new Error(`${change.address}: change has neither before nor after`);
    const idem = (step: string): string => {
      const planId = ctx.planId ?? this.scope;
      return `hgw-${sha256(
        canonicalJson({ planId, seq: change.seq, address: change.address, action: change.action, after: change.after, step }),
      ).slice(0, 40)}`;
    };

    switch (change.kind) {
      case "workspace": {
        const a = change.after as unknown as MainWorkspacePayload;
        const id = await this.resolve(a, ctx);
        await this.guarded(change, () => this.workspace(id, workspaceView), (ifMatch) =>
          this.client.request("PATCH", `/v3/workspaces/${enc(id)}`, {
            body: { name: a.name, settings: settingsToWire(a.settings) },
            ifMatch,
          }),
        );
        return {};
      }
      case "subworkspace":
        return this.subworkspace(change, ctx, idem);
      case "allocation": {
        const a = change.after as unknown as AllocationPayload;
        const id = await this.resolve(a, ctx);
        await this.guarded(change, () => this.workspace(id, allocationView), (ifMatch) =>
          this.client.request("PUT", `/v3/workspaces/${enc(id)}/allocation`, { body: quotaToWire(a), ifMatch }),
        );
        return {};
      }
      case "apikey":
        return this.apikey(change, ctx, idem);
      case "member":
        await this.member(change, ctx, idem);
        return {};
      case "join_request":
        await this.joinRequest(change, ctx, idem);
        return {};
      case "asset_share":
        await this.assetShare(change, ctx, idem);
        return {};
      case "content_share":
        await this.contentShare(change, ctx);
        return {};
    }
  }

  private async subworkspace(
    change: Change,
    ctx: ExecuteContext,
    idem: (step: string) => string,
  ): Promise<ExecuteResult> {
    if (change.action === "delete") {
      const b = change.before as unknown as SubWorkspacePayload;
      const id = await this.resolve(b, ctx, true);
      if (id !== null) {
        await this.guarded(change, () => this.workspace(id, workspaceView), (ifMatch) =>
          ignore404(this.client.request("DELETE", `/v3/workspaces/${enc(id)}`, { ifMatch })),
        );
      }
      return {};
    }
    const a = change.after as unknown as SubWorkspacePayload;
    if (change.action === "create") {
      const parentId = await this.resolve({ workspacePath: a.parentPath, workspaceId: a.parentId }, ctx);
      const body = {
        name: a.name,
        parent_id: parentId,
        billing: a.billing,
        api_access: a.apiAccess,
        image: a.image,
        settings: settingsToWire(a.settings),
        deletion_protection: a.deletionProtection,
        subscription: a.billing === "own" && a.subscription ? quotaToWire(a.subscription) : null,
      };
      try {
        const res = await this.client.request<{ data: WireWorkspace }>("POST", "/v3/workspaces", {
          body,
          idempotencyKey: idem("create"),
        });
        void this.pathIndex?.then((m) => m.set(a.workspacePath, res.body.data.id));
        return { workspaceId: res.body.data.id };
      } catch (e) {
        if (!isStatus(e, 409)) throw e;
        // There already: made by an earlier, interrupted run (adopt it), or by someone else
        // since the plan (refused unless it is exactly what the plan would make).
        this.pathIndex = null;
        const id = await this.resolve({ workspacePath: a.workspacePath, workspaceId: null }, ctx);
        enforce(change, (await this.workspace(id, workspaceView)).view);
        return { workspaceId: id };
      }
    }
    // A rename changes the path: find it where it was, else (a re-run) where it is now.
    const b = change.before as unknown as SubWorkspacePayload | null;
    const id = (b ? await this.resolve(b, ctx, true) : null) ?? (await this.resolve(a, ctx));
    await this.guarded(change, () => this.workspace(id, workspaceView), (ifMatch) =>
      this.client.request("PATCH", `/v3/workspaces/${enc(id)}`, {
        body: {
          name: a.name,
          billing: a.billing,
          api_access: a.apiAccess,
          image: a.image,
          settings: settingsToWire(a.settings),
          deletion_protection: a.deletionProtection,
          ...(a.billing === "own" && a.subscription ? { subscription: quotaToWire(a.subscription) } : {}),
        },
        ifMatch,
      }),
    );
    this.pathIndex = null;
    return { workspaceId: id };
  }

  private async apikey(
    change: Change,
    ctx: ExecuteContext,
    idem: (step: string) => string,
  ): Promise<ExecuteResult> {
    const p = (change.after ?? change.before) as unknown as ApiKeyPayload;
    if (change.action === "delete") {
      const id = await this.resolve(p, ctx, true);
      if (id !== null) {
        const path = `/v3/workspaces/${enc(id)}/api-key`;
        await this.guarded(change, () => this.get<WireApiKey>(path, (k) => apiKeyView(apiKeyFromWire(k))), (ifMatch) =>
          ignore404(this.client.request("DELETE", path, { ifMatch })),
        );
      }
      return {};
    }
    const id = await this.resolve(p, ctx);
    const mint = async (rotate: boolean, step: string): Promise<ExecuteResult> => {
      const res = await this.client.request<{ data: { key: string; key_id: string; workspace_id: string } }>(
        "POST",
        `/v3/workspaces/${enc(id)}/api-key`,
        { body: { rotate, ...(ctx.awaitKeyDelivery ? { await_delivery: true } : {}) }, idempotencyKey: idem(step) },
      );
      const d = res.body.data;
      return { apiKey: { workspacePath: p.workspacePath, value: d.key, workspaceId: d.workspace_id, keyId: d.key_id } };
    };
    try {
      return await mint(change.action === "replace", change.action);
    } catch (e) {
      // The workspace has a key already (an interrupted run made it): leave it working, as
      // the sandbox does; `replace` (rotate) is how a new secret is asked for.
      if (change.action === "create" && isStatus(e, 409)) return {};
      throw e;
    }
  }

  private async member(change: Change, ctx: ExecuteContext, idem: (step: string) => string): Promise<void> {
    const p = (change.after ?? change.before) as unknown as MemberPayload;
    const email = p.email.toLowerCase();
    const now = new Date().toISOString();
    const current = (id: string) => (): Promise<Current> =>
      this.get<WireMember>(`/v3/workspaces/${enc(id)}/members/${enc(email)}`, (m) => memberView(memberFromWire(m), now));
    if (change.action === "delete") {
      const id = await this.resolve(p, ctx, true);
      if (id !== null) {
        await this.guarded(change, current(id), (ifMatch) =>
          ignore404(this.client.request("DELETE", `/v3/workspaces/${enc(id)}/members/${enc(email)}`, { ifMatch })),
        );
      }
      return;
    }
    const id = await this.resolve(p, ctx);
    const base = `/v3/workspaces/${enc(id)}/members`;
    const setRole = (ifMatch?: string): Promise<unknown> =>
      this.client.request("PATCH", `${base}/${enc(email)}`, { body: { role: p.role }, ifMatch });
    switch (change.action) {
      case "create":
        try {
          await this.client.request("POST", base, {
            body: { email, role: p.role },
            idempotencyKey: idem("invite"),
          });
        } catch (e) {
          if (!isStatus(e, 409)) throw e;
          // Invited already: done when as the plan would make it; never another role over it.
          enforce(change, (await current(id)()).view);
        }
        return;
      case "update":
        await this.guarded(change, current(id), (ifMatch) => setRole(ifMatch));
        return;
      case "replace": {
        let reinvite = false;
        await this.guarded(change, current(id), async (ifMatch) => {
          try {
            await this.client.request("POST", `${base}/${enc(email)}/resend`, { idempotencyKey: idem("resend"), ifMatch });
          } catch (e) {
            if (!isStatus(e, 404)) throw e;
            reinvite = true;
          }
        });
        if (reinvite) {
          await this.client.request("POST", base, { body: { email, role: p.role }, idempotencyKey: idem("reinvite") });
          return;
        }
        // Right after this change's own resend: no one else's write to guard against.
        if (change.before && (change.before as unknown as MemberPayload).role !== p.role) await setRole();
        return;
      }
      default:
        throw new Error(`${change.address}: member changes cannot ${change.action}`);
    }
  }

  private async joinRequest(change: Change, ctx: ExecuteContext, idem: (step: string) => string): Promise<void> {
    const p = (change.after ?? change.before) as unknown as JoinRequestPayload;
    const path = `/v3/join-requests/${enc(p.requestId)}`;
    if (change.action === "deny") {
      await ignore404(this.client.request("POST", `${path}/deny`, { idempotencyKey: idem("deny") }));
      return;
    }
    if (change.action !== "approve") throw new Error(`${change.address}: cannot ${change.action}`);
    try {
      await this.client.request("POST", `${path}/approve`, {
        body: { role: p.role ?? "viewer" },
        idempotencyKey: idem("approve"),
      });
    } catch (e) {
      if (!isStatus(e, 404)) throw e;
      // Gone: fine only if an earlier run approved it (the person is a member now).
      const id = await this.resolve(p, ctx);
      const members = await listAll<WireMember>(this.client, `/v3/workspaces/${enc(id)}/members`);
      if (!members.some((m) => m.email === p.email.toLowerCase())) throw e;
    }
  }

  private async assetShare(change: Change, ctx: ExecuteContext, idem: (step: string) => string): Promise<void> {
    const p = (change.after ?? change.before) as unknown as AssetSharePayload;
    const toRef = { workspacePath: p.toPath, workspaceId: p.toWorkspaceId };
    if (change.action === "delete") {
      const to = await this.resolve(toRef, ctx, true);
      if (to !== null) {
        await ignore404(
          this.client.request("DELETE", `/v3/asset-shares/${enc(p.assetType)}/${enc(p.assetId)}/${enc(to)}`),
        );
      }
      return;
    }
    const to = await this.resolve(toRef, ctx);
    const from = await this.resolve({ workspacePath: p.fromPath, workspaceId: p.fromWorkspaceId }, ctx);
    try {
      await this.client.request("POST", "/v3/asset-shares", {
        body: { asset_type: p.assetType, asset_id: p.assetId, from_workspace_id: from, to_workspace_id: to },
        idempotencyKey: idem("share"),
      });
    } catch (e) {
      if (!isStatus(e, 409)) throw e; // shared already
    }
  }

  private async contentShare(change: Change, ctx: ExecuteContext): Promise<void> {
    const a = change.after as unknown as ContentSharePayload;
    const sp = a.sharePage;
    const sharePage: Record<string, unknown> = {
      public_publishing: sp.publicPublishing,
      captions: sp.captions,
    };
    if (sp.password === null) sharePage.password = null;
    else if (sp.password !== undefined) sharePage.password = ctx.resolveSecret(sp.password);
    const path = `/v3/content/${enc(a.type)}/${enc(a.id)}`;
    await this.guarded(change, () => this.get<WireContent>(path, (c) => contentView(contentFromWire(c))), (ifMatch) =>
      this.client.request("PATCH", `${path}/sharing`, {
        body: { general_access: a.generalAccess, users: a.users, share_page: sharePage },
        ifMatch,
      }),
    );
  }

  /** A resource as it is now, in the shape of a change's payloads, with its ETag; view null on 404. */
  private async get<W>(path: string, toView: (w: W) => View): Promise<Current> {
    try {
      const res = await this.client.request<{ data: W }>("GET", path);
      return { view: toView(res.body.data), etag: res.etag ?? undefined };
    } catch (e) {
      if (isStatus(e, 404)) return { view: null, etag: undefined };
      throw e;
    }
  }

  private workspace(id: string, toView: (w: WorkspaceState) => View): Promise<Current> {
    return this.get<WireWorkspace>(`/v3/workspaces/${enc(id)}`, (w) => toView(workspaceFromWire(w)));
  }

  /**
   * The conditional write: read, check against the plan's `before` (done, or refused, without
   * writing), then write with the read's ETag as If-Match. A 412 means the resource moved
   * between the read and the write. It is read again: done if this write's own earlier
   * attempt landed (a retry after a lost answer); written again with the new ETag if the
   * fields this change planned from are still as `before` says (another change of the same
   * plan, or a counter, moved a field this write does not set); refused otherwise.
   */
  private async guarded(change: Change, read: () => Promise<Current>, write: (ifMatch: string | undefined) => Promise<unknown>): Promise<void> {
    let now = await read();
    for (let attempt = 1; ; attempt++) {
      if (enforce(change, now.view) === "done") return;
      try {
        await write(now.etag);
        return;
      } catch (e) {
        if (!isStatus(e, 412)) throw e;
      }
      now = await read();
      if (isDone(change, now.view)) return;
      const v = precondition(change, now.view);
      if (v.kind === "write" && attempt < 5) continue;
      throw new PreconditionFailed(
        `${change.address} changed during the apply, between hgw's read of it and its write${v.kind === "conflict" && v.fields.length > 0 ? ` (${v.fields.join(", ")})` : ""}; nothing was written. Run \`hgw plan\` again and review the new plan.`,
        change.address,
      );
    }
  }

  /** `workspaceId ?? ctx.workspaceIds.get(path) ?? lookup(path)`, as the plan schema's workspaceRef says. */
  private async resolve(ref: WorkspaceRef, ctx: ExecuteContext, optional: true): Promise<string | null>;
  private async resolve(ref: WorkspaceRef, ctx: ExecuteContext, optional?: false): Promise<string>;
  private async resolve(ref: WorkspaceRef, ctx: ExecuteContext, optional: boolean): Promise<string | null>;
  private async resolve(ref: WorkspaceRef, ctx: ExecuteContext, optional = false): Promise<string | null> {
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
    const all = await listAll<WireWorkspace>(this.client, "/v3/workspaces");
    const byId = new Map(all.map((w) => [w.id, w]));
    const pathOf = (w: WireWorkspace, depth = 0): string => {
      if (w.parent_id === null || depth > 64) return MAIN_PATH;
      const parent = byId.get(w.parent_id);
      return parent ? joinPath(pathOf(parent, depth + 1), w.name) : w.name;
    };
    return new Map(all.map((w) => [pathOf(w), w.id]));
  }
}

function isStatus(e: unknown, status: number): boolean {
  return e instanceof ApiError && e.status === status;
}

async function ignore404(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!isStatus(e, 404)) throw e;
  }
}
