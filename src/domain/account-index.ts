// Lookup tables over an AccountState, so that an operation costs O(affected workspace) and
// not a scan of 100k members. The index is cached per state object and rebuilt when the
// arrays it was built from were replaced or resized behind its back; operations keep it in
// step through the helpers below, which are the only code that adds or removes records.

import { MAIN_PATH, pathIn } from "../model/address.js";
import type { AccountState, MemberState, Quota, WorkspaceState } from "../model/state.js";
import { DomainError } from "./errors.js";

export interface AccountIndex {
  readonly state: AccountState;
  wsArr: WorkspaceState[];
  wsLen: number;
  memArr: MemberState[];
  memLen: number;
  ws: Map<string, WorkspaceState>;
  children: Map<string, Set<WorkspaceState>>;
  /** `${parentId}\0${name}` */
  childByName: Map<string, WorkspaceState>;
  /** workspaceId -> email -> member */
  members: Map<string, Map<string, MemberState>>;
  /**
   * What each billing root has allocated to its children, kept between checks: only on a
   * private copy (withMembersOf) that changes through the operations alone, which keep it in
   * step (a check stores its sums, adding or removing a workspace clears them).
   */
  pools?: Map<WorkspaceState, Quota>;
}

const cache = new WeakMap<AccountState, AccountIndex>();

export function indexOf(state: AccountState): AccountIndex {
  const hit = cache.get(state);
  if (
    hit &&
    hit.wsArr === state.workspaces &&
    hit.wsLen === state.workspaces.length &&
    hit.memArr === state.members &&
    hit.memLen === state.members.length
  ) {
    return hit;
  }
  const idx = build(state);
  cache.set(state, idx);
  return idx;
}

function build(state: AccountState): AccountIndex {
  const idx: AccountIndex = {
    state,
    wsArr: state.workspaces,
    wsLen: state.workspaces.length,
    memArr: state.members,
    memLen: state.members.length,
    ws: new Map(),
    children: new Map(),
    childByName: new Map(),
    members: new Map(),
  };
  for (const w of state.workspaces) indexWorkspace(idx, w);
  // 100k members and more, listed workspace by workspace: an index loop (no iterator object
  // per member before V8 optimizes it), and the workspace's map looked up when it changes.
  const members = state.members;
  let id: string | undefined;
  let map: Map<string, MemberState> | undefined;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.workspaceId !== id || map === undefined) {
      id = m.workspaceId;
      map = membersOf(idx, id);
    }
    map.set(m.email, m);
  }
  return idx;
}

/**
 * `copy` (a copy of `state`'s other records, made by the caller) given the members of the
 * workspaces `keep` only, laid out and indexed in one pass over `state`'s index rather than a
 * scan of all its members and then of the copy's. The members whose emails are in `copied` are fresh
 * objects, placed last: an operation may change them, and a removal searches from the end.
 * The others are `state`'s own, so operations on the copy must only count or remove them.
 */
export function withMembersOf(
  state: AccountState,
  copy: AccountState,
  keep: Iterable<string>,
  copied: ReadonlySet<string>,
): AccountState {
  const src = indexOf(state);
  const members: MemberState[] = [];
  const last: MemberState[] = [];
  const byWorkspace = new Map<string, Map<string, MemberState>>();
  for (const id of keep) {
    const from = src.members.get(id);
    if (!from || from.size === 0 || byWorkspace.has(id)) continue;
    const mine = new Map<string, MemberState>();
    // Keyed by the stored email, as build() keys them.
    for (const m of from.values()) {
      if (copied.has(m.email)) {
        const c = { ...m };
        last.push(c);
        mine.set(m.email, c);
      } else {
        members.push(m);
        mine.set(m.email, m);
      }
    }
    byWorkspace.set(id, mine);
  }
  for (const m of last) members.push(m);
  copy.members = members;
  const idx = build({ ...copy, members: [] });
  const out: AccountIndex = { ...idx, state: copy, memArr: members, memLen: members.length, members: byWorkspace, pools: new Map() };
  cache.set(copy, out);
  return copy;
}

function indexWorkspace(idx: AccountIndex, w: WorkspaceState): void {
  idx.ws.set(w.id, w);
  if (w.parentId !== null) {
    let set = idx.children.get(w.parentId);
    if (!set) idx.children.set(w.parentId, (set = new Set()));
    set.add(w);
    idx.childByName.set(`${w.parentId}\u0000${w.name}`, w);
  }
}

export function membersOf(idx: AccountIndex, workspaceId: string): Map<string, MemberState> {
  let m = idx.members.get(workspaceId);
  if (!m) idx.members.set(workspaceId, (m = new Map()));
  return m;
}

export function childrenOf(idx: AccountIndex, workspaceId: string): Iterable<WorkspaceState> {
  return idx.children.get(workspaceId) ?? [];
}

export function mainWorkspace(idx: AccountIndex): WorkspaceState {
  const main = idx.state.workspaces.find((w) => w.parentId === null);
  if (!main) throw new DomainError("not_found", "the account has no main workspace");
  return main;
}

export function getWorkspace(idx: AccountIndex, id: string, param = "workspace_id"): WorkspaceState {
  const w = idx.ws.get(id);
  if (!w) throw new DomainError("not_found", `workspace ${id} does not exist`, param);
  return w;
}

/** Path of names from the main workspace ("" for the main one). */
export function pathOf(idx: AccountIndex, w: WorkspaceState): string {
  return pathIn(idx.ws, w);
}

/** How messages name a workspace: its path, or "workspace" for the main one. */
export function label(idx: AccountIndex, w: WorkspaceState): string {
  const p = pathOf(idx, w);
  return p === MAIN_PATH ? `workspace "${w.name}"` : `"${p}"`;
}

export function findByPath(idx: AccountIndex, path: string): WorkspaceState | undefined {
  let cur: WorkspaceState | undefined = mainWorkspace(idx);
  if (path === MAIN_PATH) return cur;
  for (const name of path.split("/")) {
    cur = idx.childByName.get(`${cur.id}\u0000${name}`);
    if (!cur) return undefined;
  }
  return cur;
}

export function addWorkspaceRecord(idx: AccountIndex, w: WorkspaceState): void {
  idx.state.workspaces.push(w);
  idx.wsLen = idx.state.workspaces.length;
  indexWorkspace(idx, w);
  idx.pools?.clear();
}

export function removeWorkspaceRecord(idx: AccountIndex, w: WorkspaceState): void {
  const i = idx.state.workspaces.indexOf(w);
  if (i >= 0) idx.state.workspaces.splice(i, 1);
  idx.wsLen = idx.state.workspaces.length;
  idx.ws.delete(w.id);
  if (w.parentId !== null) {
    idx.children.get(w.parentId)?.delete(w);
    idx.childByName.delete(`${w.parentId}\u0000${w.name}`);
  }
  idx.children.delete(w.id);
  idx.pools?.clear();
}

export function renameWorkspaceRecord(idx: AccountIndex, w: WorkspaceState, name: string): void {
  if (w.parentId !== null) {
    idx.childByName.delete(`${w.parentId}\u0000${w.name}`);
    idx.childByName.set(`${w.parentId}\u0000${name}`, w);
  }
  w.name = name;
}

export function addMemberRecord(idx: AccountIndex, m: MemberState): void {
  idx.state.members.push(m);
  idx.memLen = idx.state.members.length;
  membersOf(idx, m.workspaceId).set(m.email, m);
}

export function removeMemberRecord(idx: AccountIndex, m: MemberState): void {
  const arr = idx.state.members;
  // Removals are rare next to reads; lastIndexOf + splice over a pointer array is cheap
  // enough (tens of microseconds at 100k) and keeps the array's order stable.
  const i = arr.lastIndexOf(m);
  if (i >= 0) arr.splice(i, 1);
  idx.memLen = arr.length;
  idx.members.get(m.workspaceId)?.delete(m.email);
}

export function removeAllMembersOf(idx: AccountIndex, workspaceId: string): void {
  const set = idx.members.get(workspaceId);
  if (!set || set.size === 0) return;
  idx.state.members = idx.state.members.filter((m) => m.workspaceId !== workspaceId);
  idx.memArr = idx.state.members;
  idx.memLen = idx.state.members.length;
  idx.members.delete(workspaceId);
}

/** The workspace at a path of names ("" = main), or undefined. */
export function workspaceByPath(state: AccountState, path: string): WorkspaceState | undefined {
  return findByPath(indexOf(state), path);
}

/** The path of names of a workspace ("" = main); throws not_found for an unknown id. */
export function workspacePath(state: AccountState, workspaceId: string): string {
  const idx = indexOf(state);
  return pathOf(idx, getWorkspace(idx, workspaceId));
}

/**
 * The workspace a payload names (`{ workspacePath, workspaceId }`): by its id, else by an id
 * made earlier in the same apply (`made`, by path), else by its path; undefined when none
 * exists. The HTTP provider resolves the same way against the API (providers/http/execute.ts).
 */
export function resolveWorkspace(
  state: AccountState,
  ref: { workspacePath: string; workspaceId: string | null },
  made: ReadonlyMap<string, string>,
): WorkspaceState | undefined {
  const idx = indexOf(state);
  if (ref.workspaceId) {
    const w = idx.ws.get(ref.workspaceId);
    if (w) return w;
  }
  const known = made.get(ref.workspacePath);
  if (known) {
    const w = idx.ws.get(known);
    if (w) return w;
  }
  return findByPath(idx, ref.workspacePath);
}
