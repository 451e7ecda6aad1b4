// Where things are written in a spec's files, for editing them: each workspace (by path,
// with the file and mapping that declare it), each members list, `defaults.members`, and
// the users of content shares, as `yaml` nodes whose ranges are offsets in the file's text.

import type { Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { loadYaml } from "../util/load-on-use.js";
import { joinPath, type ContentType } from "../model/address.js";

export interface SpecFileText {
  /** the name the loader shows (relative to the working directory) */
  file: string;
  text: string;
}

/** One `{ email, role }` (or `{ email, access }`) entry of a list. */
export interface Entry {
  node: YAMLMap;
  email: string;
  emailNode: Scalar;
  role?: string;
  roleNode?: Scalar;
}

/** A list of people in a mapping (`members:` or `users:`), or where one would go. */
export interface PeopleList {
  file: string;
  /** the mapping that holds (or would hold) the list */
  owner: YAMLMap;
  /** the key's pair; null when the mapping has no such key */
  pair: Pair | null;
  seq: YAMLSeq | null;
  entries: Entry[];
  /** why this list cannot be edited here (it is an alias, say), with where */
  blocked?: Blocked;
}

export interface Blocked {
  offset: number;
  message: string;
  /** for an alias: the list it names, and the emails in it */
  aliasOf?: { seq: YAMLSeq | null; emails: string[] };
}

export interface WorkspaceDecl {
  /** "" for the main workspace */
  path: string;
  file: string;
  map: YAMLMap;
  members: PeopleList;
  /** why this workspace's members cannot be edited here (a merge key), with where */
  blocked?: Blocked;
}

export interface ContentUsers {
  type: ContentType;
  id: string;
  list: PeopleList;
}

export interface SpecDoc {
  files: SpecFileText[];
  /** every workspace path of the spec, also those in files not read for editing */
  allPaths: string[];
  /** every email the spec lists, for suggestions */
  allEmails?: string[];
  workspaces: Map<string, WorkspaceDecl>;
  defaultsMembers: PeopleList | null;
  /** `defaults.memberOwnership`, which sub-workspaces inherit */
  defaultsOwnership?: string;
  contentUsers: ContentUsers[];
}

/**
 * Reads the files of a spec (the root first) that the loader has already checked. `only`:
 * the files an edit can touch; the others are not parsed (a `yaml` Document of a big file
 * takes seconds), and `allPaths` names their workspaces.
 */
export function readSpecDoc(files: SpecFileText[], opts: { only?: ReadonlySet<string>; allPaths?: string[]; allEmails?: string[] } = {}): SpecDoc {
  const Y = loadYaml();
  const doc: SpecDoc = { files, allPaths: [], workspaces: new Map(), defaultsMembers: null, contentUsers: [] };
  files.forEach((f, i) => {
    if (opts.only && !opts.only.has(f.file)) return;
    const parsed = Y.parseDocument(f.text, { merge: true, uniqueKeys: true });
    const root = parsed.contents;
    if (!Y.isMap(root)) return;
    const at = (node: Node | null | undefined): number => (node?.range ? node.range[0] : 0);
    const people = (owner: YAMLMap, key: string, what: string): PeopleList => {
      const pair = (owner.items.find((p) => Y.isScalar(p.key) && p.key.value === key) as Pair | undefined) ?? null;
      const list: PeopleList = { file: f.file, owner, pair, seq: null, entries: [] };
      if (!pair) return list;
      if (Y.isAlias(pair.value)) {
        const target = pair.value.resolve(parsed);
        const emails = Y.isSeq(target) ? target.items.map((m) => (Y.isMap(m) ? String(m.get("email") ?? "").toLowerCase() : "")) : [];
        list.blocked = {
          offset: at(pair.value),
          message: `${what} is an alias (*${pair.value.source}); edit the list it names by hand`,
          aliasOf: { seq: Y.isSeq(target) ? target : null, emails },
        };
        return list;
      }
      if (!Y.isSeq(pair.value)) return list;
      list.seq = pair.value;
      for (const item of pair.value.items) {
        if (!Y.isMap(item)) {
          list.blocked = { offset: at(item as Node), message: `an entry of ${what} is not written out (an alias?); edit the list by hand` };
          continue;
        }
        const scalar = (k: string): Scalar | undefined => {
          const p = item.items.find((x) => Y.isScalar(x.key) && x.key.value === k);
          return p && Y.isScalar(p.value) ? p.value : undefined;
        };
        const emailNode = scalar("email");
        if (!emailNode || typeof emailNode.value !== "string") continue;
        const roleNode = scalar("role") ?? scalar("access");
        list.entries.push({
          node: item,
          email: emailNode.value,
          emailNode,
          ...(roleNode && typeof roleNode.value === "string" ? { role: roleNode.value, roleNode } : {}),
        });
      }
      return list;
    };
    const hasMerge = (m: YAMLMap): boolean => m.items.some((p) => Y.isScalar(p.key) && p.key.value === "<<");
    const declare = (path: string, map: YAMLMap): void => {
      const label = path === "" ? "the main workspace's members" : `the members of ${path}`;
      doc.workspaces.set(path, {
        path,
        file: f.file,
        map,
        members: people(map, "members", label),
        ...(hasMerge(map) ? { blocked: { offset: at(map), message: `${path === "" ? "the main workspace" : path} takes keys from a merge key (<<:); edit its members by hand` } } : {}),
      });
    };
    const subs = (list: unknown, parent: string): void => {
      if (!Y.isSeq(list)) return;
      for (const item of list.items) {
        if (!Y.isMap(item)) continue;
        const name = item.get("name");
        if (typeof name !== "string") continue;
        const path = joinPath(parent, name);
        declare(path, item);
        subs(item.get("subWorkspaces", true), path);
      }
    };
    if (i === 0) {
      const main = root.get("workspace", true);
      if (Y.isMap(main)) declare("", main);
      const defaults = root.get("defaults", true);
      if (Y.isMap(defaults)) {
        doc.defaultsMembers = people(defaults, "members", "defaults.members");
        const own = defaults.get("memberOwnership");
        if (typeof own === "string") doc.defaultsOwnership = own;
      }
    }
    subs(root.get("subWorkspaces", true), "");
    const shares = root.get("contentShares", true);
    if (Y.isSeq(shares)) {
      for (const share of shares.items) {
        if (!Y.isMap(share)) continue;
        const type = share.get("type") as ContentType;
        const id = String(share.get("id"));
        doc.contentUsers.push({ type, id, list: people(share, "users", `the users of ${type}:${id}`) });
      }
    }
  });
  doc.allPaths = opts.allPaths ?? [...doc.workspaces.keys()];
  if (opts.allEmails) doc.allEmails = opts.allEmails;
  return doc;
}
