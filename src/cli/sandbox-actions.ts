// What the `hgw sandbox` subcommands do (registered in commands/sandbox.ts, which imports
// this module only when one of them runs).

import { nowIso } from "../util/clock.js";
import { EXIT, type Io } from "./io.js";
import { UserError } from "../model/diagnostics.js";
import { displayPath, normalizeWorkspaceRef } from "../model/address.js";
import type { AccountState, WorkspaceState } from "../model/state.js";
import type { AssetType } from "../spec/types.gen.js";
import type { ContentType } from "../model/address.js";
import { QUOTA_KEYS } from "../model/state.js";
import { DomainError, checkAccount, defaultAccount, emptyAccount, isExpired, workspaceByPath, workspacePath } from "../domain/index.js";
import { acceptInvitation, addAsset, addContent, addJoinRequest, consumeCredits, expireInvitation, type Consumption } from "../domain/world.js";
import { SandboxStore } from "../providers/sandbox/store.js";

export interface DirOpts {
  sandboxDir?: string;
}

const HOLDER = (what: string): string => `hgw sandbox ${what} (pid ${process.pid})`;

function storeFor(opts: DirOpts): SandboxStore {
  return new SandboxStore(opts.sandboxDir !== undefined ? { dir: opts.sandboxDir } : {});
}

function asUserError(e: unknown): unknown {
  if (e instanceof DomainError) {
    return new UserError({ severity: "error", code: e.code.replace(/_/g, "-"), message: e.message });
  }
  return e;
}

/** Runs a domain mutation on the stored account; domain errors become user errors (exit 1). */
async function mutate<T>(opts: DirOpts, what: string, fn: (s: AccountState) => T): Promise<T> {
  const store = storeFor(opts);
  let out: T | undefined;
  try {
    await store.transaction(HOLDER(what), (s) => {
      out = fn(s);
    });
  } catch (e) {
    throw asUserError(e);
  }
  return out as T;
}

function resolveWs(s: AccountState, ref: string | undefined): WorkspaceState {
  const path = normalizeWorkspaceRef(ref ?? "workspace");
  const w = workspaceByPath(s, path);
  if (!w) {
    const known = s.workspaces.map((x) => displayPath(workspacePath(s, x.id))).join(", ");
    throw new UserError({
      severity: "error",
      code: "unknown-workspace",
      message: `no workspace "${ref}" in the sandbox account`,
      hint: `workspaces: ${known}`,
    });
  }
  return w;
}

const now = (): string => nowIso();
const newId = (prefix: string): string => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;

export function describeAccount(s: AccountState): string {
  const lines: string[] = [`Account "${s.account.name}" (${s.account.id})`];
  const kids = new Map<string | null, WorkspaceState[]>();
  for (const w of s.workspaces) kids.set(w.parentId, [...(kids.get(w.parentId) ?? []), w]);
  const members = new Map<string, number>();
  for (const m of s.members) members.set(m.workspaceId, (members.get(m.workspaceId) ?? 0) + 1);
  const t = now();
  const walk = (w: WorkspaceState, depth: number): void => {
    const pad = "  ".repeat(depth);
    const path = displayPath(workspacePath(s, w.id));
    const q = w.subscription ?? w.allocation;
    const quota = q
      ? QUOTA_KEYS.map((k) => `${k} ${k === "seats" ? (members.get(w.id) ?? 0) : w.usage[k]}/${q[k]}`).join(", ")
      : "";
    lines.push(`${pad}${path} [${w.id}] billing ${w.billing}${w.apiAccess ? ", API access" : ""}${w.deletionProtection ? ", deletion protection" : ""}`);
    lines.push(`${pad}  ${w.subscription ? "subscription" : "allocation"}: ${quota}`);
    for (const m of s.members.filter((x) => x.workspaceId === w.id)) {
      const st = m.status === "invited" ? (isExpired(m, t) ? "invited, expired" : "invited") : "active";
      lines.push(`${pad}  member ${m.email} ${m.role} (${st})`);
    }
    for (const r of s.joinRequests.filter((x) => x.workspaceId === w.id)) lines.push(`${pad}  join request ${r.email} [${r.id}]`);
    for (const a of s.assets.filter((x) => x.workspaceId === w.id)) lines.push(`${pad}  ${a.type} ${a.id} "${a.name}"`);
    for (const c of s.content.filter((x) => x.workspaceId === w.id)) lines.push(`${pad}  ${c.type} ${c.id} "${c.name}" (${c.generalAccess})`);
    for (const k of s.apiKeys.filter((x) => x.workspaceId === w.id)) lines.push(`${pad}  API key ${k.keyId} …${k.last4}`);
    for (const child of kids.get(w.id) ?? []) walk(child, depth + 1);
  };
  for (const root of kids.get(null) ?? []) walk(root, 0);
  if (s.assetShares.length) {
    lines.push("Asset shares:");
    for (const sh of s.assetShares)
      lines.push(`  ${sh.assetType}:${sh.assetId} -> ${displayPath(workspacePath(s, sh.toWorkspaceId))}`);
  }
  const v = checkAccount(s);
  if (v.length) lines.push("Rule violations:", ...v.map((x) => `  ${x.code}: ${x.message}`));
  return lines.join("\n");
}


export interface InitOpts extends DirOpts {
  empty?: boolean;
  name?: string;
  seats?: number;
  avatarSlots?: number;
  generative?: number;
  api?: number;
}

export async function init(o: InitOpts, io: Io): Promise<number> {
  const t = now();
  const quota = {
    ...(o.seats !== undefined ? { seats: o.seats } : {}),
    ...(o.avatarSlots !== undefined ? { avatarSlots: o.avatarSlots } : {}),
    ...(o.generative !== undefined ? { generativeCredits: o.generative } : {}),
    ...(o.api !== undefined ? { apiCredits: o.api } : {}),
  };
  let s: AccountState;
  if (o.empty) {
    s = emptyAccount(t, { ...quota, ...(o.name !== undefined ? { name: o.name } : {}) });
  } else {
    s = defaultAccount(t);
    const main = s.workspaces[0]!;
    main.subscription = { ...main.subscription!, ...quota };
    if (o.name !== undefined) s.account.name = main.name = o.name;
  }
  const v = checkAccount(s);
  if (v.length) {
    throw new UserError(v.map((x) => ({ severity: "error" as const, code: x.code.replace(/_/g, "-"), message: x.message, hint: "raise the limit, or use --empty" })));
  }
  const store = storeFor(o);
  await store.replace(HOLDER("init"), s);
  io.out(`Initialized the sandbox account "${s.account.name}" in ${store.dir}`);
  return EXIT.ok;
}

export async function show(o: DirOpts & { format: string }, io: Io): Promise<number> {
  if (o.format !== "text" && o.format !== "json") {
    throw new UserError({ severity: "error", code: "bad-option", message: `--format must be text or json (got "${o.format}")` });
  }
  const s = await storeFor(o).read();
  io.out(o.format === "json" ? JSON.stringify(s, null, 2) : describeAccount(s));
  return EXIT.ok;
}

export async function accept(email: string, o: DirOpts & { workspace?: string }, io: Io): Promise<number> {
  const path = await mutate(o, "accept", (s) => {
    let ws: WorkspaceState;
    if (o.workspace !== undefined) ws = resolveWs(s, o.workspace);
    else {
      const e = email.toLowerCase();
      const found = s.members.filter((m) => m.email === e && m.status === "invited");
      if (found.length !== 1) {
        throw new UserError({
          severity: "error",
          code: found.length === 0 ? "no-invitation" : "ambiguous-invitation",
          message: found.length === 0 ? `${e} has no pending invitation` : `${e} is invited to ${found.length} workspaces`,
          ...(found.length > 1 ? { hint: "name one with --workspace PATH" } : {}),
        });
      }
      ws = resolveWs(s, displayPath(workspacePath(s, found[0]!.workspaceId)));
    }
    acceptInvitation(s, ws.id, email, { now: now() });
    return displayPath(workspacePath(s, ws.id));
  });
  io.out(`${email.toLowerCase()} accepted the invitation to ${path}`);
  return EXIT.ok;
}

export async function request(workspace: string, email: string, o: DirOpts, io: Io): Promise<number> {
  const id = await mutate(o, "request", (s) => addJoinRequest(s, resolveWs(s, workspace).id, email, { now: now(), newId }).id);
  io.out(`${email.toLowerCase()} asked to join ${workspace} (request ${id})`);
  return EXIT.ok;
}

export async function use(workspace: string, o: DirOpts & { generative?: number; api?: number; avatarSlots?: number }, io: Io): Promise<number> {
  const amounts: Consumption = {
    ...(o.generative !== undefined ? { generativeCredits: o.generative } : {}),
    ...(o.api !== undefined ? { apiCredits: o.api } : {}),
    ...(o.avatarSlots !== undefined ? { avatarSlots: o.avatarSlots } : {}),
  };
  if (Object.keys(amounts).length === 0) {
    throw new UserError({ severity: "error", code: "bad-option", message: "say what is used: --generative N, --api N or --avatar-slots N" });
  }
  const w = await mutate(o, "use", (s) => ({ ...consumeCredits(s, resolveWs(s, workspace).id, amounts).usage }));
  io.out(`${workspace} has now used ${w.generativeCredits} generative credits, ${w.apiCredits} API credits, ${w.avatarSlots} avatar slots`);
  return EXIT.ok;
}

export async function addAssetItem(type: string, id: string, name: string, o: DirOpts & { workspace: string }, io: Io): Promise<number> {
  await mutate(o, "add-asset", (s) => addAsset(s, { workspaceId: resolveWs(s, o.workspace).id, type: type as AssetType, id, name }));
  io.out(`${type} ${id} "${name}" is in the library of ${o.workspace}`);
  return EXIT.ok;
}

export async function addContentItem(type: string, id: string, name: string, o: DirOpts & { workspace: string }, io: Io): Promise<number> {
  await mutate(o, "add-content", (s) => addContent(s, { workspaceId: resolveWs(s, o.workspace).id, type: type as ContentType, id, name }));
  io.out(`${type} ${id} "${name}" is in ${o.workspace}`);
  return EXIT.ok;
}

export async function expire(email: string, o: DirOpts & { workspace?: string }, io: Io): Promise<number> {
  const at = await mutate(o, "expire", (s) => {
    const e = email.toLowerCase();
    const ws =
      o.workspace !== undefined
        ? resolveWs(s, o.workspace)
        : resolveWs(s, displayPath(workspacePath(s, s.members.find((m) => m.email === e && m.status === "invited")?.workspaceId ?? s.workspaces[0]!.id)));
    return expireInvitation(s, ws.id, email, { now: now() }).expiresAt;
  });
  io.out(`the invitation of ${email.toLowerCase()} expired at ${at}`);
  return EXIT.ok;
}

export async function reset(o: DirOpts, io: Io): Promise<number> {
  const store = storeFor(o);
  await store.reset(HOLDER("reset"));
  io.out(`Reset the sandbox account in ${store.dir}`);
  return EXIT.ok;
}
