// kind `apikey`: a sub-workspace's API key where the spec turns API access on. A key is a
// secret: a plan names it by id and last four characters only, the new key is handed back
// once (ExecuteResult.apiKey) to be stored where the user asked, and the account holds a key
// undelivered until the caller confirms it stored it.

import { address } from "../model/address.js";
import { payloadOf, toJson, type Change } from "../model/plan.js";
import type { ApiKeyPayload } from "../model/plan.gen.js";
import type { ApiKeyState } from "../model/state.js";
import type { NewKey } from "../model/provider.js";
import { resolveWorkspace } from "../domain/account-index.js";
import { confirmApiKey, createApiKey, revokeApiKey, revokePreviousApiKey, rotateApiKey } from "../domain/api-keys.js";
import type { View } from "../domain/precondition.js";
import { apiKeyFromWire, type WireApiKey, type WireApiKeyCreate, type WireApiKeySecretResponse } from "../contract/wire.js";
import { didYouMean } from "../spec/did-you-mean.js";
import { PHASE, draft, errorAt, type DiffContext, type DiffOutput } from "./context.js";
import type { KindHandler } from "./handler.js";
import type { ChangeApi } from "../contract/port.js";
import { either, enc, need, unsupported } from "./shared.js";

/** What a payload says of a key the account holds: its id, last four, an undelivered mark and the previous key. */
function keyFields(k: ApiKeyState): Pick<ApiKeyPayload, "keyId" | "last4" | "delivered" | "previous"> {
  return {
    keyId: k.keyId,
    last4: k.last4,
    ...(k.delivered === false ? { delivered: false as const } : {}),
    ...(k.previous ? { previous: { keyId: k.previous.keyId, last4: k.previous.last4 } } : {}),
  };
}

/** A key as the account holds it, in the payload's shape; null when the workspace has none. */
export function apiKeyView(k: ApiKeyState | undefined): View {
  return k ? toJson(keyFields(k)) : null;
}

const refOf = (change: Change) => payloadOf("apikey", change.before ?? change.after);

/**
 * The write that revokes the key a rotation kept working, once its successor `k` is stored
 * and confirmed: conditional on the account holding `k` with that previous key (so a later
 * rotation's key is never revoked by mistake), done once there is no previous key.
 */
export function retirePreviousChange(k: NewKey & { retire: { keyId: string; last4: string } }): Change {
  const ref = { workspacePath: k.workspacePath, workspaceId: k.workspaceId ?? null };
  const last4 = k.value.slice(-4);
  return {
    seq: 0,
    address: address.apikey(k.workspacePath),
    kind: "apikey",
    action: "update",
    before: toJson({ ...ref, keyId: k.keyId ?? null, last4, previous: k.retire } satisfies ApiKeyPayload),
    after: toJson({ ...ref, keyId: k.keyId ?? null, last4 } satisfies ApiKeyPayload),
    reason: `the new key …${last4} is stored: the key …${k.retire.last4} it replaces is revoked`,
    source: null,
    dependsOn: [],
  };
}

const DAY_MS = 86_400_000;
/** How far ahead `plan` and `drift` name keys that will be due for rotation. */
export const ROTATION_NOTICE_DAYS = 14;

/** When the key turns `maxAgeDays` old, and how old it is now (whole days). */
function keyAge(createdAt: string, maxAgeDays: number, now: string): { dueMs: number; nowMs: number; days: number } {
  const created = Date.parse(createdAt);
  const nowMs = Date.parse(now);
  return { dueMs: created + maxAgeDays * DAY_MS, nowMs, days: Math.floor((nowMs - created) / DAY_MS) };
}

/** `--rotate-key` names that are no sub-workspace of the spec, or one without API access. */
function rotateKeyErrors(ctx: DiffContext, out: DiffOutput): void {
  const byPath = new Map(ctx.desired.workspaces.filter((w) => w.parentPath !== null).map((w) => [w.path, w]));
  for (const name of ctx.options.rotateKeys) {
    const dw = byPath.get(name);
    if (!dw) {
      const guess = didYouMean(name, byPath.keys());
      out.diagnostics.push(
        errorAt("unknown-workspace", `--rotate-key ${name}: the spec has no sub-workspace "${name}"${guess ? `; did you mean "${guess}"?` : ""}`, null, {
          hint: `name a sub-workspace by its path in the spec (${[...byPath.keys()].slice(0, 5).join(", ") || "none"})`,
          address: address.apikey(name),
        }),
      );
    } else if (!dw.apiAccess) {
      out.diagnostics.push(
        errorAt("no-api-access", `--rotate-key ${name}: ${name} has no API access in the spec, so it has no key to rotate`, dw.fieldSources["apiAccess"] ?? dw.source, {
          hint: "turn apiAccess on for it, or leave it out of --rotate-key",
          address: address.apikey(name),
        }),
      );
    }
  }
}

export const apikeyKind: KindHandler<"apikey"> = {
  kind: "apikey",
  order: 3,
  checked: true,
  // Any key satisfies "the workspace has a key"; its id is known only after apply. Revoking
  // a previous key is done once the account has none.
  isDone: (change, view) =>
    change.after === null ? view === null
    : change.action === "update" && change.before !== null ? view !== null && view["previous"] === undefined
    : view !== null,
  // A key planned as "some key" (no id yet) is whichever key the workspace has.
  anyValue: (_path, want) => want === null,
  // Never more of a key than its id and last four characters (and those of the key a
  // rotation kept working).
  shown: new Set(["workspacePath", "workspaceId", "keyId", "last4", "delivered", "previous"]),
  drift(c) {
    if (c.action === "replace") {
      if (payloadOf("apikey", c.before)?.delivered === false) {
        return { kind: "unauthorized", what: "a key made by an apply that stopped before storing it: nobody holds it" };
      }
      // Drift runs without --rotate-key: what is left is a key grown too old, as time does.
      return { kind: "expected", what: "the key is older than apiKeyRotation.maxAgeDays: due for rotation" };
    }
    if (c.action === "update") {
      return { kind: "expected", what: "a rotated key still works: the apply that stored its successor stopped before revoking it" };
    }
    return undefined;
  },
  /**
   * Keys a change stops: a revocation (with the previous key a rotation left), a rotation's
   * old key and any previous one, a previous key revoked on its own. A key nobody was given
   * (undelivered) is not counted: revoking it stops nothing.
   */
  blastRadius: {
    limit: "maxKeyRevocations",
    count(c) {
      const before = payloadOf("apikey", c.before);
      if (!before) return 0;
      const previous = before.previous ? 1 : 0;
      const current = before.delivered === false ? 0 : 1;
      return c.action === "delete" || c.action === "replace" ? current + previous : c.action === "update" ? previous : 0;
    },
  },

  diff(ctx, out) {
    rotateKeyErrors(ctx, out);
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
            before: toJson({ ...ref, ...keyFields(key) } satisfies ApiKeyPayload),
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
        continue;
      }
      const before: ApiKeyPayload = { ...ref, ...keyFields(key) };
      const rotate = (reason: string, at = source): void => {
        out.changes.push(
          draft("apikey", {
            address: addr,
            action: "replace",
            before: toJson(before),
            after: toJson({ ...ref, keyId: null, last4: null } satisfies ApiKeyPayload),
            reason,
            source: at,
            phase: PHASE.share,
            rank: match.rank,
          }),
        );
      };
      // The key a rotation kept working until its successor was stored: revoked with this one.
      const stillWorks = key.previous && key.delivered === false ? `; the key …${key.previous.last4} it was to replace still works, and is revoked once the new one is stored` : "";
      const alsoOld = key.previous && key.delivered !== false ? `; the key …${key.previous.last4} an earlier rotation left working is revoked too` : "";
      const rotation = dw.apiKeyRotation;
      const age = rotation ? keyAge(key.createdAt, rotation.maxAgeDays, ctx.options.now) : null;
      const rotationSource = dw.fieldSources["apiKeyRotation.maxAgeDays"] ?? dw.fieldSources["apiKeyRotation"] ?? source;
      if (key.delivered === false) {
        // Made for an apply that stopped before it stored the key (the account says it was
        // never confirmed delivered): nobody holds it, so a new one is made and delivered.
        rotate(`the key …${key.last4} was made by an apply that stopped before it stored the key, so nobody has it; rotate it and deliver the new one${stillWorks}`);
      } else if (ctx.options.rotateKeys.has(dw.path)) {
        rotate(`--rotate-key ${dw.path}: a new key is made and stored, then the key …${key.last4} is revoked${alsoOld}`);
      } else if (rotation && age && age.nowMs >= age.dueMs) {
        rotate(
          `the key …${key.last4} is ${age.days} days old, and apiKeyRotation.maxAgeDays is ${rotation.maxAgeDays}: a new key is made and stored, then …${key.last4} is revoked${alsoOld}`,
          rotationSource,
        );
      } else if (key.previous) {
        // A rotation stored its new key, and stopped before it revoked the old one.
        out.changes.push(
          draft("apikey", {
            address: addr,
            action: "update",
            before: toJson(before),
            after: toJson({ ...ref, keyId: key.keyId, last4: key.last4 } satisfies ApiKeyPayload),
            reason: `the key …${key.previous.last4} was rotated to …${key.last4}, which is stored; the old key still works until it is revoked now`,
            source: rotationSource,
            phase: PHASE.release,
            rank: match.rank,
          }),
        );
      }
      if (rotation && age && age.nowMs < age.dueMs && age.dueMs - age.nowMs <= ROTATION_NOTICE_DAYS * DAY_MS && !ctx.options.rotateKeys.has(dw.path)) {
        const inDays = Math.ceil((age.dueMs - age.nowMs) / DAY_MS);
        out.warnings.push({
          severity: "warning",
          code: "api-key-rotation-due",
          message: `the API key …${key.last4} of ${dw.path} turns ${rotation.maxAgeDays} days old on ${new Date(age.dueMs).toISOString().slice(0, 10)} (in ${inDays} day${inDays === 1 ? "" : "s"}); a plan from then on rotates it`,
          hint: "rotate it sooner with `hgw apply --rotate-key " + dw.path + " --api-key-file FILE`",
          source: rotationSource,
          address: addr,
        });
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
    if (change.action === "update") {
      const previous = change.before ? payloadOf("apikey", change.before)?.previous : undefined;
      // Revoking the key a rotation kept working; with no `before`, what a provider journals
      // when the caller confirms it stored a new key.
      if (previous) revokePreviousApiKey(state, w.id, previous.keyId);
      else confirmApiKey(state, w.id, p.keyId ?? "");
      return {};
    }
    // Kept working only when the new key is stored and confirmed before the old is revoked.
    const awaitDelivery = ctx.awaitKeyDelivery === true;
    const issued =
      change.action === "create" ? createApiKey(state, w.id, ctx, { awaitDelivery })
      : change.action === "replace" ? rotateApiKey(state, w.id, ctx, { awaitDelivery, keepPrevious: awaitDelivery })
      : unsupported(change);
    if (issued.secret === null) return {};
    const prev = issued.key.previous;
    return {
      apiKey: {
        workspacePath: p.workspacePath,
        value: issued.secret,
        workspaceId: w.id,
        keyId: issued.key.keyId,
        ...(prev ? { retire: { keyId: prev.keyId, last4: prev.last4 } } : {}),
      },
    };
  },

  async http(api, ctx) {
    const change = api.change;
    const p = either("apikey", change);
    if (change.action === "delete") {
      const id = await api.workspaceIdIfAny(p);
      if (id !== null) await revokeOverHttp(api, id, "");
      return {};
    }
    const id = await api.workspaceId(p);
    if (change.action === "update") {
      // Revoking the key a rotation kept working (the planner's only `update` of a key).
      await revokeOverHttp(api, id, "/previous");
      return {};
    }
    const rotate = change.action === "replace";
    const body: WireApiKeyCreate = {
      rotate,
      ...(ctx.awaitKeyDelivery ? { await_delivery: true } : {}),
      ...(ctx.awaitKeyDelivery && rotate ? { keep_previous: true } : {}),
    };
    try {
      const res = await api.request<WireApiKeySecretResponse>("POST", `/v3/workspaces/${enc(id)}/api-key`, {
        body,
        idempotencyKey: api.idempotencyKey(change.action),
      });
      const d = res.body.data;
      return {
        apiKey: {
          workspacePath: p.workspacePath,
          value: d.key,
          workspaceId: d.workspace_id,
          keyId: d.key_id,
          ...(d.previous ? { retire: { keyId: d.previous.key_id, last4: d.previous.last4 } } : {}),
        },
      };
    } catch (e) {
      // The workspace has a key already (an interrupted run made it): leave it working, as
      // the sandbox does; `replace` (rotate) is how a new secret is asked for.
      if (change.action === "create" && api.statusOf(e) === 409) return {};
      throw e;
    }
  },
};

/** DELETE of the workspace's key, or of the one its rotation kept (`/previous`), only while the key reads as it was planned. */
async function revokeOverHttp(api: ChangeApi, workspaceId: string, which: "" | "/previous"): Promise<void> {
  const path = `/v3/workspaces/${enc(workspaceId)}/api-key`;
  await api.guarded(
    () => api.read<WireApiKey>(path, (k) => apiKeyView(apiKeyFromWire(k))),
    (ifMatch) => api.unlessGone(api.request("DELETE", `${path}${which}`, { ifMatch })),
  );
}
