// kind `apikey`: a sub-workspace's API key where the spec turns API access on. A key is a
// secret: a plan names it by id and last four characters only, the new key is handed back
// once (ExecuteResult.apiKey) to be stored where the user asked, and the account holds a key
// undelivered until the caller confirms it stored it.

import { address } from "../model/address.js";
import { payloadOf, toJson, type Change } from "../model/plan.js";
import type { ApiKeyPayload } from "../model/plan.gen.js";
import type { ApiKeyState } from "../model/state.js";
import { resolveWorkspace } from "../domain/account-index.js";
import { confirmApiKey, createApiKey, revokeApiKey, rotateApiKey } from "../domain/api-keys.js";
import type { View } from "../domain/precondition.js";
import { apiKeyFromWire, type WireApiKey, type WireApiKeyCreate, type WireApiKeySecretResponse } from "../contract/wire.js";
import { PHASE, draft } from "./context.js";
import type { KindHandler } from "./handler.js";
import { either, enc, need, unsupported } from "./shared.js";

/** A key as the account holds it, in the payload's shape; null when the workspace has none. */
export function apiKeyView(k: ApiKeyState | undefined): View {
  return k ? { keyId: k.keyId, last4: k.last4 } : null;
}

const refOf = (change: Change) => payloadOf("apikey", change.before ?? change.after);

export const apikeyKind: KindHandler<"apikey"> = {
  kind: "apikey",
  order: 3,
  checked: true,
  // Any key satisfies "the workspace has a key"; its id is known only after apply.
  isDone: (change, view) => (change.after === null ? view === null : view !== null),
  // A key planned as "some key" (no id yet) is whichever key the workspace has.
  anyValue: (_path, want) => want === null,
  // Never more of a key than its id and last four characters.
  shown: new Set(["workspacePath", "workspaceId", "keyId", "last4"]),
  drift: (c) =>
    c.action === "replace" ? { kind: "unauthorized", what: "a key made by an apply that stopped before storing it: nobody holds it" } : undefined,

  diff(ctx, out) {
    const keys = new Map(ctx.state.apiKeys.map((k) => [k.workspaceId, k]));
    for (const match of ctx.matching.byPath.values()) {
      const dw = match.desired;
      if (dw.parentPath === null) continue;
      const addr = address.apikey(dw.path);
      const w = match.state;
      const key = w ? keys.get(w.id) : undefined;
      const source = dw.fieldSources["apiAccess"] ?? dw.source;
      const ref = { workspacePath: dw.path, workspaceId: w?.id ?? null };
      if (key && !dw.apiAccess) {
        out.changes.push(
          draft("apikey", {
            address: addr,
            action: "delete",
            before: toJson({ ...ref, keyId: key.keyId, last4: key.last4 } satisfies ApiKeyPayload),
            after: null,
            reason: "apiAccess is off in the spec: the workspace's API key is revoked",
            source,
            phase: PHASE.release,
            rank: match.rank,
          }),
        );
      }
      if (!dw.apiAccess || ctx.blocked.has(dw.path)) continue;
      if (!key) {
        // A new workspace's, or one whose API access the same plan turns on, waits for that.
        const needs = !w || !w.apiAccess ? [address.subworkspace(dw.path)] : [];
        out.changes.push(
          draft("apikey", {
            address: addr,
            action: "create",
            before: null,
            after: toJson({ ...ref, keyId: null, last4: null } satisfies ApiKeyPayload),
            reason: "apiAccess is on and the workspace has no API key; the new key is shown once",
            source,
            phase: PHASE.share,
            rank: match.rank,
            needs,
          }),
        );
      } else if (key.delivered === false) {
        // Made for an apply that stopped before it stored the key (the account says it was
        // never confirmed delivered): nobody holds it, so a new one is made and delivered.
        const before: ApiKeyPayload = { ...ref, keyId: key.keyId, last4: key.last4 };
        out.changes.push(
          draft("apikey", {
            address: addr,
            action: "replace",
            before: toJson(before),
            after: toJson({ ...before, keyId: null, last4: null } satisfies ApiKeyPayload),
            reason: `the key …${key.last4} was made by an apply that stopped before it stored the key, so nobody has it; rotate it and deliver the new one`,
            source,
            phase: PHASE.share,
            rank: match.rank,
          }),
        );
      }
    }
  },

  addresses: (ctx) => [...ctx.workspacePaths].filter((p) => p !== "").map(address.apikey),

  view(state, change, ctx) {
    const ref = refOf(change);
    const w = ref ? resolveWorkspace(state, ref, ctx.workspaceIds) : undefined;
    return { view: w ? apiKeyView(state.apiKeys.find((k) => k.workspaceId === w.id)) : null };
  },

  sandbox(state, change, ctx) {
    const p = either("apikey", change);
    if (change.action === "delete") {
      const w = resolveWorkspace(state, p, ctx.workspaceIds);
      if (w) revokeApiKey(state, w.id);
      return {};
    }
    const w = need(state, p, ctx.workspaceIds);
    // `update` is what a provider journals when the caller confirms it stored a new key.
    if (change.action === "update") {
      confirmApiKey(state, w.id, p.keyId ?? "");
      return {};
    }
    const opts = { awaitDelivery: ctx.awaitKeyDelivery === true };
    const issued =
      change.action === "create" ? createApiKey(state, w.id, ctx, opts)
      : change.action === "replace" ? rotateApiKey(state, w.id, ctx, opts)
      : unsupported(change);
    return issued.secret === null
      ? {}
      : { apiKey: { workspacePath: p.workspacePath, value: issued.secret, workspaceId: w.id, keyId: issued.key.keyId } };
  },

  async http(api, ctx) {
    const change = api.change;
    const p = either("apikey", change);
    if (change.action === "delete") {
      const id = await api.workspaceIdIfAny(p);
      if (id !== null) {
        const path = `/v3/workspaces/${enc(id)}/api-key`;
        await api.guarded(
          () => api.read<WireApiKey>(path, (k) => apiKeyView(apiKeyFromWire(k))),
          (ifMatch) => api.unlessGone(api.request("DELETE", path, { ifMatch })),
        );
      }
      return {};
    }
    const id = await api.workspaceId(p);
    const body: WireApiKeyCreate = { rotate: change.action === "replace", ...(ctx.awaitKeyDelivery ? { await_delivery: true } : {}) };
    try {
      const res = await api.request<WireApiKeySecretResponse>("POST", `/v3/workspaces/${enc(id)}/api-key`, {
        body,
        idempotencyKey: api.idempotencyKey(change.action),
      });
      const d = res.body.data;
      return { apiKey: { workspacePath: p.workspacePath, value: d.key, workspaceId: d.workspace_id, keyId: d.key_id } };
    } catch (e) {
      // The workspace has a key already (an interrupted run made it): leave it working, as
      // the sandbox does; `replace` (rotate) is how a new secret is asked for.
      if (change.action === "create" && api.statusOf(e) === 409) return {};
      throw e;
    }
  },
};
