// Every account invariant, checked over a whole state (not the spec's rules, which are
// src/spec/rules.ts). The operations enforce the same rules incrementally; this full scan is
// for `hgw sandbox show` and tests.

import type { AccountState } from "../model/state.js";
import { indexOf, label, membersOf } from "./account-index.js";
import { mayHold } from "./access.js";
import { allocationOvershoot, isBillingRoot, rootOvershoot } from "./accounting.js";
import { QUOTA_KEYS } from "../model/state.js";
import type { DomainErrorCode } from "./errors.js";

export interface Violation {
  code: DomainErrorCode;
  message: string;
  workspaceId?: string;
}

export function checkAccount(state: AccountState): Violation[] {
  const idx = indexOf(state);
  const out: Violation[] = [];
  for (const w of state.workspaces) {
    const parent = w.parentId !== null ? idx.ws.get(w.parentId) : undefined;
    if (w.parentId !== null && !parent) {
      out.push({ code: "not_found", workspaceId: w.id, message: `workspace "${w.name}" names a parent ${w.parentId} that does not exist` });
      continue;
    }
    if (parent && !isBillingRoot(parent)) {
      out.push({
        code: "validation_error",
        workspaceId: w.id,
        message: `${label(idx, w)} is nested under ${label(idx, parent)}, which is billed by its parent; nesting is only allowed under own billing`,
      });
    }
    for (const key of QUOTA_KEYS) {
      const o = isBillingRoot(w) ? rootOvershoot(idx, w, key) : allocationOvershoot(idx, w, key);
      if (o) out.push({ code: o.code, message: o.message, workspaceId: w.id });
    }
  }
  for (const m of state.members) {
    if (!idx.ws.has(m.workspaceId)) {
      out.push({ code: "not_found", workspaceId: m.workspaceId, message: `member ${m.email} belongs to workspace ${m.workspaceId}, which does not exist` });
    }
  }
  for (const r of state.joinRequests) {
    if (!idx.ws.has(r.workspaceId)) {
      out.push({ code: "not_found", workspaceId: r.workspaceId, message: `join request ${r.id} from ${r.email} is for workspace ${r.workspaceId}, which does not exist` });
    }
  }
  for (const c of state.content) {
    const ws = idx.ws.get(c.workspaceId);
    if (!ws) {
      out.push({ code: "not_found", workspaceId: c.workspaceId, message: `${c.type} ${c.id} is in workspace ${c.workspaceId}, which does not exist` });
      continue;
    }
    const members = membersOf(idx, ws.id);
    for (const u of c.users) {
      if (!mayHold(members.get(u.email.toLowerCase())?.role, u.access)) {
        out.push({
          code: "validation_error",
          workspaceId: ws.id,
          message: `${c.type} ${c.id} gives edit access to ${u.email}, a viewer in ${label(idx, ws)}; viewers are always view-only`,
        });
      }
    }
  }
  for (const k of state.apiKeys) {
    const ws = idx.ws.get(k.workspaceId);
    if (!ws) {
      out.push({ code: "not_found", workspaceId: k.workspaceId, message: `API key ${k.keyId} belongs to workspace ${k.workspaceId}, which does not exist` });
    } else if (!ws.apiAccess) {
      out.push({ code: "forbidden", workspaceId: ws.id, message: `${label(idx, ws)} has an API key but no API access` });
    }
  }
  const assets = new Map(state.assets.map((a) => [`${a.type}:${a.id}`, a]));
  for (const s of state.assetShares) {
    const asset = assets.get(`${s.assetType}:${s.assetId}`);
    const what = `share of ${s.assetType} ${s.assetId}`;
    if (!asset) out.push({ code: "not_found", workspaceId: s.toWorkspaceId, message: `${what}: the ${s.assetType} does not exist` });
    else if (asset.workspaceId !== s.fromWorkspaceId)
      out.push({ code: "validation_error", workspaceId: s.fromWorkspaceId, message: `${what}: it is not in workspace ${s.fromWorkspaceId}'s library` });
    if (!idx.ws.has(s.toWorkspaceId))
      out.push({ code: "not_found", workspaceId: s.toWorkspaceId, message: `${what}: target workspace ${s.toWorkspaceId} does not exist` });
    if (!idx.ws.has(s.fromWorkspaceId))
      out.push({ code: "not_found", workspaceId: s.fromWorkspaceId, message: `${what}: source workspace ${s.fromWorkspaceId} does not exist` });
  }
  return out;
}
