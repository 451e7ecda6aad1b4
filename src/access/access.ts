// `hgw access EMAIL`: everything one person can view or edit, as the spec gives it and as the
// account holds it, side by side. Pure: the spec, the account and a time in, a report out.
//
// "From the spec" is what the account would hold once the spec is applied: where the spec
// manages something (a listed workspace's members, a listed item's shares, a field of a listed
// content share) it says; where it leaves a thing alone, the account's value stands.

import { displayPath } from "../model/address.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { DesiredAccount } from "../model/desired.js";
import { isPast, today } from "../model/expiry.js";
import type { Role } from "../model/plan.gen.js";
import type { AccountState } from "../model/state.js";
import { indexOf, membersOf, pathOf } from "../domain/account-index.js";
import { emailPattern } from "../kinds/shared.js";
import { matchWorkspaces } from "../plan/match.js";
import { didYouMean } from "../spec/did-you-mean.js";

export type AccessSection = "workspace" | "asset" | "content";
/** A role in a workspace; `use` or `view` of a shared library item; `view` or `edit` of content. */
export type AccessLevel = Role | "use" | "view" | "edit";
export type AccessStatus = "same" | "spec-only" | "account-only" | "differs";

export interface AccessEntry {
  section: AccessSection;
  /** A workspace path (`workspace` for the main one), `avatar:av_anna -> client-b`, `folder:fd_9` */
  target: string;
  /** What it is, for people: a workspace's name, an item's name */
  name: string;
  /** How the access comes: "member", "shared to client-b", "user", "workspace access" */
  via: string;
  spec: AccessLevel | null;
  account: AccessLevel | null;
  status: AccessStatus;
}

export interface AccessReport {
  email: string;
  /** YYYY-MM-DD: the day `expires` was read against */
  asOf: string;
  entries: AccessEntry[];
  differences: { specOnly: number; accountOnly: number; differs: number };
}

type Side = "spec" | "account";

export function accessOf(emailArg: string, desired: DesiredAccount, state: AccountState, now: string): { report: AccessReport } | { error: Diagnostic } {
  const email = emailArg.trim().toLowerCase();
  const known = knownEmails(desired, state);
  if (!known.has(email)) {
    const near = didYouMean(email, known);
    return {
      error: {
        severity: "error",
        code: "unknown-email",
        message: `${emailArg} is not a member, an invitation or a content user in the spec or in the account`,
        hint: near ? `did you mean ${near}?` : "emails are compared case-insensitively; `hgw export` lists everyone in the account",
      },
    };
  }
  const m = matchWorkspaces(desired, state);
  const idx = indexOf(state);
  // An account workspace by the path the spec gives it (after a rename), else its own.
  const pathById = new Map<string, string>();
  for (const w of state.workspaces) pathById.set(w.id, m.byStateId.get(w.id)?.desired.path ?? pathOf(idx, w));
  const nameByPath = new Map<string, string>();
  for (const w of state.workspaces) nameByPath.set(pathById.get(w.id)!, w.name);
  for (const w of desired.workspaces) nameByPath.set(w.path, w.name || nameByPath.get(w.path) || w.path);

  // ---- roles
  const roles: Record<Side, Map<string, Role>> = { spec: new Map(), account: new Map() };
  for (const w of state.workspaces) {
    const r = membersOf(idx, w.id).get(email)?.role;
    if (r) roles.account.set(pathById.get(w.id)!, r);
  }
  const desiredPaths = new Set(desired.workspaces.map((w) => w.path));
  for (const [path, role] of roles.account) if (!desiredPaths.has(path)) roles.spec.set(path, role);
  for (const w of desired.workspaces) {
    const inAccount = roles.account.get(w.path);
    const ignored = w.ignoreMembers.map(emailPattern).some((re) => re.test(email));
    const listed = w.members?.find((x) => x.email === email);
    if (w.members === null || ignored || (!listed && w.memberOwnership === "additive")) {
      if (inAccount) roles.spec.set(w.path, inAccount);
    } else if (listed && !isPast(listed.expires, now)) roles.spec.set(w.path, listed.role);
  }

  const entries: AccessEntry[] = [];
  const add = (section: AccessSection, target: string, name: string, via: string, spec: AccessLevel | null, account: AccessLevel | null): void => {
    if (spec === null && account === null) return;
    const status: AccessStatus = spec === account ? "same" : spec === null ? "account-only" : account === null ? "spec-only" : "differs";
    entries.push({ section, target, name, via, spec, account, status });
  };
  const label = (p: string): string => (p === "" ? "workspace" : displayPath(p));
  for (const p of [...new Set([...roles.spec.keys(), ...roles.account.keys()])].sort()) {
    add("workspace", label(p), nameByPath.get(p) ?? label(p), "member", roles.spec.get(p) ?? null, roles.account.get(p) ?? null);
  }

  // ---- library items shared into their workspaces
  const assetName = new Map(state.assets.map((a) => [`${a.type}:${a.id}`, a.name]));
  const shared: Record<Side, Set<string>> = { spec: new Set(), account: new Set() };
  for (const s of state.assetShares) shared.account.add(`${s.assetType}:${s.assetId}|${pathById.get(s.toWorkspaceId) ?? s.toWorkspaceId}`);
  const listedItems = new Set(desired.assetShares.map((s) => `${s.type}:${s.id}`));
  for (const k of shared.account) if (!listedItems.has(k.split("|")[0]!)) shared.spec.add(k);
  for (const s of desired.assetShares) if (!isPast(s.expires, now)) shared.spec.add(`${s.type}:${s.id}|${s.toPath}`);
  const useOf = (role: Role | undefined): AccessLevel | null => (role === undefined ? null : role === "viewer" ? "view" : "use");
  for (const k of [...new Set([...shared.spec, ...shared.account])].sort()) {
    const [item, path] = k.split("|") as [string, string];
    const level = (side: Side) => (shared[side].has(k) ? useOf(roles[side].get(path)) : null);
    add("asset", `${item} -> ${label(path)}`, assetName.get(item) ?? item, `shared to ${label(path)}`, level("spec"), level("account"));
  }

  // ---- content
  const specShare = new Map(desired.contentShares.map((c) => [`${c.type}:${c.id}`, c]));
  for (const c of [...state.content].sort((a, b) => (`${a.type}:${a.id}` < `${b.type}:${b.id}` ? -1 : 1))) {
    const key = `${c.type}:${c.id}`;
    const path = pathById.get(c.workspaceId) ?? c.workspaceId;
    const d = specShare.get(key);
    const general = { spec: d?.generalAccess ?? c.generalAccess, account: c.generalAccess };
    const userAccess = {
      spec: d?.users ? (d.users.find((u) => u.email === email && !isPast(u.expires, now))?.access ?? null) : (c.users.find((u) => u.email.toLowerCase() === email)?.access ?? null),
      account: c.users.find((u) => u.email.toLowerCase() === email)?.access ?? null,
    };
    const level = (side: Side): { level: AccessLevel | null; via: string } => {
      const role = roles[side].get(path);
      const user = userAccess[side];
      // Viewers are view-only, whatever the share says.
      // Content is shared with members of its workspace: no membership, no access.
      if (user && role) return { level: role === "viewer" ? "view" : user, via: "user" };
      if (general[side] === "workspace" && role) return { level: "view", via: `everyone in ${label(path)}` };
      return { level: null, via: "" };
    };
    const s = level("spec");
    const a = level("account");
    add("content", key, c.name, s.via || a.via, s.level, a.level);
  }

  const count = (st: AccessStatus): number => entries.filter((e) => e.status === st).length;
  return {
    report: {
      email,
      asOf: today(now),
      entries,
      differences: { specOnly: count("spec-only"), accountOnly: count("account-only"), differs: count("differs") },
    },
  };
}

function knownEmails(desired: DesiredAccount, state: AccountState): Set<string> {
  const out = new Set<string>();
  for (const w of desired.workspaces) for (const m of w.members ?? []) out.add(m.email);
  for (const c of desired.contentShares) for (const u of c.users ?? []) out.add(u.email);
  for (const m of state.members) out.add(m.email.toLowerCase());
  for (const c of state.content) for (const u of c.users) out.add(u.email.toLowerCase());
  return out;
}

export const differenceCount = (r: AccessReport): number => r.differences.specOnly + r.differences.accountOnly + r.differences.differs;
