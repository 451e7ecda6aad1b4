// Addresses name every resource in plans, errors and --target: `kind[subject]` or
// `kind[workspace](email)`. A workspace is named by its path of names from the main
// workspace: "" is the main workspace itself, "client-a/emea" a nested sub-workspace.

import type { AssetType, ContentType } from "./plan.gen.js";

export type { ContentType, ResourceKind } from "./plan.gen.js";

export const MAIN_PATH = "";

/** The spec writes the main workspace as `workspace` where a path is expected. */
export function normalizeWorkspaceRef(ref: string): string {
  return ref === "workspace" ? MAIN_PATH : ref.replace(/^\/+|\/+$/g, "");
}

export function joinPath(parent: string, name: string): string {
  return parent === MAIN_PATH ? name : `${parent}/${name}`;
}

export function parentPathOf(path: string): string | null {
  if (path === MAIN_PATH) return null;
  const i = path.lastIndexOf("/");
  return i < 0 ? MAIN_PATH : path.slice(0, i);
}

export function displayPath(path: string): string {
  return path === MAIN_PATH ? "workspace" : path;
}

export const address = {
  workspace: (): string => "workspace",
  subworkspace: (path: string): string => `subworkspace[${path}]`,
  allocation: (path: string): string => `allocation[${path}]`,
  apikey: (path: string): string => `apikey[${path}]`,
  member: (path: string, email: string): string =>
    `member[${displayPath(path)}](${email.toLowerCase()})`,
  joinRequest: (path: string, email: string): string =>
    `join_request[${displayPath(path)}](${email.toLowerCase()})`,
  assetShare: (type: AssetType, id: string, toPath: string): string =>
    `asset_share[${type}:${id} -> ${toPath}]`,
  contentShare: (type: ContentType, id: string): string => `content_share[${type}:${id}]`,
};

/**
 * `--target ADDR` selects a resource and everything under it: `subworkspace[client-a]`
 * also selects `member[client-a](…)`, `allocation[client-a]` and nested workspaces.
 */
export function targetMatches(target: string, addr: string): boolean {
  if (target === addr) return true;
  const m = /^subworkspace\[(.+)\]$/.exec(target);
  if (!m) return false;
  const path = m[1]!;
  const inner = /^[a-z_]+\[([^\]]+)\]/.exec(addr)?.[1];
  if (inner === undefined) return false;
  const subject = inner.includes(" -> ") ? inner.split(" -> ")[1]! : inner;
  return subject === path || subject.startsWith(`${path}/`);
}

/** A workspace record as far as its path goes. */
export interface TreeNode {
  id: string;
  parentId: string | null;
  name: string;
}

/**
 * The path of names from the main workspace to `w` ("" for the main one), in a tree given by
 * id: the one way every part of hgw turns a workspace into its path (an account's index, the
 * HTTP provider's listing, the Pulumi resources). Bounded against a parent cycle in a
 * hand-edited account.
 */
export function pathIn<T extends TreeNode>(byId: ReadonlyMap<string, T>, w: T): string {
  const names: string[] = [];
  let cur: T | undefined = w;
  for (let depth = 0; cur && cur.parentId !== null && depth < 1000; depth++) {
    names.unshift(cur.name);
    cur = byId.get(cur.parentId);
  }
  return names.join("/");
}
