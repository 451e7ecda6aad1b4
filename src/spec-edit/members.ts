// The people edits, as pure functions: a spec's texts in, splices of those texts and what
// they mean out. `add` puts a person in workspaces with a role (or changes the role they
// have there); `remove` takes them out of everything the spec lists people in. Each edit
// touches only the lines of the entries it adds, changes or removes, and writes new entries
// the way their list already writes its own (block or flow, key order, quoting, indentation).

import type { Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { loadYaml } from "../util/load-on-use.js";
import { address, displayPath, normalizeWorkspaceRef } from "../model/address.js";
import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import { didYouMean, distance } from "../spec/did-you-mean.js";
import type { Role } from "../spec/types.gen.js";
import { ROLES, isRole } from "./roles.js";
import type { Blocked, Entry, PeopleList, SpecDoc, WorkspaceDecl } from "./spec-doc.js";
import { columnOf, eolOf, lineOf, lineStart, nextLineStart, type Splice } from "./splice.js";

/** The spec's own test of an email (ajv-formats' `email`, which the schema names). */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

export function isEmail(s: string): boolean {
  return EMAIL.test(s);
}

export interface AddRequest {
  email: string;
  role: Role;
  /** workspace paths as given (`client-a`, `emea-partner/emea-north`, `workspace`) */
  to: string[];
  /** where the request came from (a CSV row), for errors about it */
  origin?: SourceLocation;
  /** where each `to` came from, when it was read from a file */
  toOrigins?: SourceLocation[];
  /** only check that the workspaces exist (a row with other errors, still checked for these) */
  checkOnly?: boolean;
}

export type MemberRequest = { kind: "add"; adds: AddRequest[] } | { kind: "remove"; email: string };

export type ChangeAction = "add" | "update" | "remove";

export interface MemberChange {
  action: ChangeAction;
  /** `member[client-a](x@y)`, `defaults.members(x@y)` or `content_share[folder:fd_1] user x@y` */
  address: string;
  /** the workspace path shown (`workspace` for the main one); null for defaults and content */
  workspace: string | null;
  email: string;
  /** the role (or content access) after the change; before it, for a removal */
  role: string;
  /** the role before an update */
  before?: string;
  file: string;
  /** the splices in `file` that make this change */
  splices: Splice[];
  origin?: SourceLocation;
  /** for an entry added: where its list (or, without one, its workspace) is in the original
   * text, which an error about the new entry names when no CSV row asked for it */
  anchor?: number;
}

export interface Unchanged {
  workspace: string;
  email: string;
  role: string;
  why: string;
}

export interface MemberEdit {
  /** splices per file (display name), only for files that change */
  splices: Map<string, Splice[]>;
  changes: MemberChange[];
  unchanged: Unchanged[];
  /** what the user should know about the edit (a members list created, say) */
  notes: string[];
  /** errors: when there are any, nothing may be written */
  diagnostics: Diagnostic[];
}

export function editMembers(doc: SpecDoc, request: MemberRequest): MemberEdit {
  const edit: MemberEdit = { splices: new Map(), changes: [], unchanged: [], notes: [], diagnostics: [] };
  if (request.kind === "add") addMembers(doc, request.adds, edit);
  else removeMember(doc, request.email, edit);
  if (edit.diagnostics.length > 0) {
    edit.splices.clear();
    edit.changes = [];
  }
  return edit;
}

// ------------------------------------------------------------------ add

function addMembers(doc: SpecDoc, adds: AddRequest[], edit: MemberEdit): void {
  const error = (d: Omit<Diagnostic, "severity">): void => void edit.diagnostics.push({ severity: "error", ...d });
  const paths = doc.allPaths;
  /** per workspace: the entries to add and the updates, in request order */
  const plans = new Map<string, { ws: WorkspaceDecl; adds: { email: string; role: Role; origin?: SourceLocation }[]; seen: Map<string, { role: Role; origin?: SourceLocation }> }>();
  const unknownWorkspace = (ref: string, path: string, origin: SourceLocation | undefined): void => {
    const guess = didYouMean(path === "" ? "workspace" : path, paths.map(displayPath));
    error({
      code: "unknown-workspace",
      message: `"${ref}" is not a workspace in this spec`,
      hint: guess
        ? `Did you mean "${guess}"?`
        : `Name a sub-workspace by its path (\`parent/child\`), or \`workspace\` for the main one; this spec has ${listSome(paths.map(displayPath))}.`,
      ...(origin ? { source: origin } : {}),
    });
  };

  for (const req of adds) {
    const email = req.email.trim();
    if (req.checkOnly) {
      req.to.forEach((ref, i) => {
        const path = normalizeWorkspaceRef(ref.trim());
        if (!doc.allPaths.includes(path)) unknownWorkspace(ref, path, req.toOrigins?.[i] ?? req.origin);
      });
      continue;
    }
    if (!isEmail(email)) {
      error({
        code: "invalid-email",
        message: `"${req.email}" is not an email address`,
        hint: "Give the person's address, such as alice@client-a.example.",
        ...(req.origin ? { source: req.origin } : {}),
      });
      continue;
    }
    if (!isRole(req.role)) {
      error({
        code: "invalid-role",
        message: `"${String(req.role)}" is not a role`,
        hint: `A role is one of ${ROLES.join(", ")}.`,
        ...(req.origin ? { source: req.origin } : {}),
      });
      continue;
    }
    req.to.forEach((ref, i) => {
      const path = normalizeWorkspaceRef(ref.trim());
      const origin = req.toOrigins?.[i] ?? req.origin;
      const ws = doc.workspaces.get(path);
      if (!ws) {
        if (doc.allPaths.includes(path)) throw new Error(`spec-edit: the file that declares "${path}" was not read`);
        unknownWorkspace(ref, path, origin);
        return;
      }
      const blocked = ws.blocked ?? ws.members.blocked;
      if (blocked) {
        error({ code: "not-editable", message: blocked.message, source: locate(doc, ws.file, blocked.offset), ...(origin ? { hint: `asked for at ${fmtLoc(origin)}` } : {}) });
        return;
      }
      let plan = plans.get(path);
      if (!plan) plans.set(path, (plan = { ws, adds: [], seen: new Map() }));
      const key = email.toLowerCase();
      const earlier = plan.seen.get(key);
      if (earlier) {
        if (earlier.role !== req.role) {
          error({
            code: "conflicting-roles",
            message: `${key} is given two roles in ${displayPath(path)}: ${earlier.role}${earlier.origin ? ` (at ${fmtLoc(earlier.origin)})` : ""} and ${req.role}`,
            hint: "Give each person one role per workspace.",
            ...(origin ? { source: origin } : {}),
          });
        }
        return;
      }
      plan.seen.set(key, { role: req.role, ...(origin ? { origin } : {}) });
      const existing = ws.members.entries.find((e) => e.email.toLowerCase() === key);
      if (existing) {
        if (existing.role === req.role) {
          edit.unchanged.push({ workspace: displayPath(path), email: key, role: req.role, why: "already a member with that role" });
        } else {
          edit.changes.push({
            action: "update",
            address: address.member(path, key),
            workspace: displayPath(path),
            email: key,
            role: req.role,
            before: existing.role ?? "",
            file: ws.file,
            splices: [replaceScalar(existing.roleNode!, req.role)],
            ...(origin ? { origin } : {}),
          });
        }
        return;
      }
      const fromDefaults = path !== "" ? doc.defaultsMembers?.entries.find((e) => e.email.toLowerCase() === key) : undefined;
      if (fromDefaults && fromDefaults.role === req.role) {
        edit.unchanged.push({ workspace: displayPath(path), email: key, role: req.role, why: "a member through defaults.members" });
        return;
      }
      plan.adds.push({ email, role: req.role, ...(origin ? { origin } : {}) });
    });
  }
  if (edit.diagnostics.length > 0) return;

  for (const { ws, adds: list } of plans.values()) {
    if (list.length === 0) continue;
    const text = textOf(doc, ws.file);
    const style = entryStyle(doc, ws);
    const splices = insertEntries(text, ws, list, style);
    if (!ws.members.pair && !managedByDefaults(doc, ws)) edit.notes.push(createdListNote(doc, ws));
    list.forEach((a, i) => {
      edit.changes.push({
        action: "add",
        address: address.member(ws.path, a.email.toLowerCase()),
        workspace: displayPath(ws.path),
        email: a.email.toLowerCase(),
        role: a.role,
        file: ws.file,
        splices: splices[i] ?? [],
        anchor: ((ws.members.pair?.key ?? ws.map.items[0]?.key) as Node | undefined)?.range?.[0] ?? ws.map.range![0],
        ...(a.origin ? { origin: a.origin } : {}),
      });
    });
  }
  for (const c of edit.changes) addSplices(edit, c.file, c.splices);
}

function managedByDefaults(doc: SpecDoc, ws: WorkspaceDecl): boolean {
  return ws.path !== "" && doc.defaultsMembers?.pair != null;
}

function createdListNote(doc: SpecDoc, ws: WorkspaceDecl): string {
  const own = ws.map.get("memberOwnership");
  const inherited = ws.path !== "" ? doc.defaultsOwnership : undefined;
  const ownership = typeof own === "string" ? own : (inherited ?? "authoritative");
  const name = displayPath(ws.path);
  return ownership === "additive"
    ? `${name} had no members list; it has one now (memberOwnership: additive, so people in the account that it does not list stay).`
    : `${name} had no members list, so its members were not managed; now they are, and members of ${name} in the account that the list does not name will be removed (\`hgw plan\` shows who).`;
}

// ------------------------------------------------------------------ remove

function removeMember(doc: SpecDoc, rawEmail: string, edit: MemberEdit): void {
  const email = rawEmail.trim().toLowerCase();
  if (!isEmail(email)) {
    edit.diagnostics.push({ severity: "error", code: "invalid-email", message: `"${rawEmail}" is not an email address`, hint: "Give the person's address, such as alice@client-a.example." });
    return;
  }
  const lists: { list: PeopleList; address: (e: string) => string; workspace: string | null; blocked?: Blocked }[] = [];
  for (const ws of doc.workspaces.values()) {
    lists.push({ list: ws.members, address: (e) => address.member(ws.path, e), workspace: displayPath(ws.path), ...(ws.members.blocked ? { blocked: ws.members.blocked } : {}) });
  }
  if (doc.defaultsMembers) lists.push({ list: doc.defaultsMembers, address: (e) => `defaults.members(${e})`, workspace: null });
  for (const c of doc.contentUsers) lists.push({ list: c.list, address: (e) => `${address.contentShare(c.type, c.id)} user ${e}`, workspace: null });

  const everyone = new Set<string>();
  for (const { list, address: addr, workspace, blocked } of lists) {
    if (blocked) {
      // An alias of a list edited here follows that edit; one that does not hold the person does not matter.
      const alias = blocked.aliasOf;
      const covered = alias && (!alias.emails.includes(email) || lists.some((l) => l.list.seq !== null && l.list.seq === alias.seq));
      if (!covered) edit.diagnostics.push({ severity: "error", code: "not-editable", message: `${blocked.message}, so ${email} cannot be removed from it here`, source: locate(doc, list.file, blocked.offset) });
      continue;
    }
    const text = textOf(doc, list.file);
    const matching = list.entries.filter((e) => e.email.toLowerCase() === email);
    for (const e of list.entries) everyone.add(e.email.toLowerCase());
    if (matching.length === 0) continue;
    const remaining = list.entries.length - matching.length;
    matching.forEach((entry, i) => {
      const splices = removeEntry(text, list, entry, remaining === 0 && i === matching.length - 1);
      edit.changes.push({
        action: "remove",
        address: addr(email),
        workspace,
        email,
        role: entry.role ?? "",
        file: list.file,
        splices,
      });
    });
  }
  if (edit.diagnostics.length > 0) return;
  if (edit.changes.length === 0) {
    const guess = nearestEmail(email, doc.allEmails ?? everyone);
    edit.diagnostics.push({
      severity: "error",
      code: "member-not-found",
      message: `${email} is not listed anywhere in this spec`,
      hint: guess ? `Did you mean ${guess}?` : "Emails are compared case-insensitively; check the address.",
    });
    return;
  }
  for (const c of edit.changes) addSplices(edit, c.file, c.splices);
}

/**
 * The listed email nearest to a mistyped one. Addresses of one domain share most of their
 * letters, so the edits allowed are counted against the part before `@`: `nobody@acme…` is
 * not taken for `ops@acme…`, `laever@acme…` is for `leaver@acme…`.
 */
function nearestEmail(email: string, candidates: Iterable<string>): string | undefined {
  const local = email.split("@")[0] ?? email;
  const limit = Math.max(1, Math.floor(local.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(email, c);
    if (d < bestD && d <= limit) [best, bestD] = [c, d];
  }
  return best;
}

// ------------------------------------------------------------------ text

function addSplices(edit: MemberEdit, file: string, splices: Splice[]): void {
  const list = edit.splices.get(file) ?? [];
  for (const s of splices) if (!list.includes(s)) list.push(s);
  edit.splices.set(file, list);
}

function textOf(doc: SpecDoc, file: string): string {
  const f = doc.files.find((x) => x.file === file);
  if (!f) throw new Error(`no text for ${file}`);
  return f.text;
}

function locate(doc: SpecDoc, file: string, offset: number): SourceLocation {
  const text = textOf(doc, file);
  return { file, line: lineOf(text, offset), col: offset - lineStart(text, offset) + 1 };
}

function fmtLoc(s: SourceLocation): string {
  return `${s.file}:${s.line}:${s.col}`;
}

function listSome(items: string[]): string {
  const shown = items.slice(0, 6).join(", ");
  return items.length > 6 ? `${shown} and ${items.length - 6} more` : shown;
}

/** How a new entry is written: copied from an entry of the same list, else of another list. */
interface EntryStyle {
  flow: boolean;
  /** key order, e.g. ["email", "role"] */
  keys: string[];
  quote: Record<string, Scalar["type"]>;
}

const DEFAULT_STYLE: EntryStyle = { flow: true, keys: ["email", "role"], quote: {} };

function styleOf(entry: Entry): EntryStyle {
  const Y = loadYaml();
  const keys: string[] = [];
  const quote: Record<string, Scalar["type"]> = {};
  for (const p of entry.node.items) {
    if (!Y.isScalar(p.key)) continue;
    const k = String(p.key.value);
    if (k !== "email" && k !== "role") continue;
    keys.push(k);
    if (Y.isScalar(p.value)) quote[k] = p.value.type;
  }
  for (const k of ["email", "role"]) if (!keys.includes(k)) keys.push(k);
  return { flow: entry.node.flow === true, keys, quote };
}

function entryStyle(doc: SpecDoc, ws: WorkspaceDecl): EntryStyle {
  const own = ws.members.entries.at(-1);
  if (own) return styleOf(own);
  // An empty or new list: written like the members lists of the same file, else of any file.
  const all = [...doc.workspaces.values()].map((w) => w.members);
  if (doc.defaultsMembers) all.push(doc.defaultsMembers);
  const sameFile = all.find((l) => l.file === ws.file && l.entries.length > 0);
  const any = sameFile ?? all.find((l) => l.entries.length > 0);
  return any ? styleOf(any.entries[0]!) : DEFAULT_STYLE;
}

/** A scalar written in a given style; plain only where plain is safe. */
function scalarText(value: string, type: Scalar["type"] | undefined): string {
  if (type === "QUOTE_SINGLE") return `'${value.replace(/'/g, "''")}'`;
  if (type === "QUOTE_DOUBLE" || !/^[A-Za-z0-9_][A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+)?$/.test(value)) return JSON.stringify(value);
  return value;
}

function flowEntry(style: EntryStyle, values: Record<string, string>): string {
  return `{ ${style.keys.map((k) => `${k}: ${scalarText(values[k] ?? "", style.quote[k])}`).join(", ")} }`;
}

/** A block-list entry: `dash` is what precedes the first key (`    - `). */
function blockEntry(style: EntryStyle, values: Record<string, string>, dash: string, eol: string): string {
  if (style.flow) return `${dash}${flowEntry(style, values)}${eol}`;
  const pad = " ".repeat(dash.length);
  return style.keys.map((k, i) => `${i === 0 ? dash : pad}${k}: ${scalarText(values[k] ?? "", style.quote[k])}${eol}`).join("");
}

function replaceScalar(node: Scalar, value: string): Splice {
  const [start, end] = node.range!;
  return { start, end, text: scalarText(value, node.type) };
}

/** Where a node's content ends: before the comments and line break that may follow it. */
function contentEnd(node: Node | Pair | null | undefined): number {
  const Y = loadYaml();
  if (!node) return 0;
  if (Y.isPair(node)) return node.value ? contentEnd(node.value as Node) : contentEnd(node.key as Node);
  if ((Y.isMap(node) || Y.isSeq(node)) && !node.flow) {
    const last = node.items.at(-1) as Node | Pair | undefined;
    return last ? contentEnd(last) : (node.range?.[0] ?? 0);
  }
  return node.range?.[1] ?? 0;
}

function isSortedByEmail(entries: Entry[]): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i - 1]!.email.toLowerCase() > entries[i]!.email.toLowerCase()) return false;
  return entries.length >= 2;
}

/**
 * Splices that add entries to a workspace's members list, one group per entry (in order):
 * at the end of the list, or in email order when the list is in email order; a list is
 * created where the workspace has none.
 */
function insertEntries(text: string, ws: WorkspaceDecl, adds: { email: string; role: Role }[], style: EntryStyle): Splice[][] {
  const eol = eolOf(text);
  const list = ws.members;
  const values = (a: { email: string; role: Role }): Record<string, string> => ({ email: a.email, role: a.role });
  const seq = list.seq;
  if (seq && seq.items.length > 0) {
    const entries = list.entries;
    const sorted = isSortedByEmail(entries);
    const before = (a: { email: string }): Entry | undefined => (sorted ? entries.find((e) => e.email.toLowerCase() > a.email.toLowerCase()) : undefined);
    if (seq.flow) {
      return adds.map((a) => {
        const next = before(a);
        const item = flowEntry(style, values(a));
        if (next) return [{ start: next.node.range![0], end: next.node.range![0], text: `${item}, ` }];
        const last = seq.items.at(-1) as Node;
        return [{ start: last.range![1], end: last.range![1], text: `, ${item}` }];
      });
    }
    const sample = seq.items.at(-1) as Node;
    const d = dashOf(text, sample);
    const keyCol = lineStart(text, sample.range![0]) === d.line ? columnOf(text, sample.range![0]) : d.col + 2;
    const dash = `${" ".repeat(d.col)}-${" ".repeat(Math.max(1, keyCol - d.col - 1))}`;
    return adds.map((a) => {
      const next = before(a);
      // Before the next entry's dash and the comments right above it at its column (they are
      // about it); at the end, after the last entry and the comments indented into it.
      const at = next ? commentsAbove(text, dashOf(text, next.node).line, d.col) : commentsBelow(text, nextLineStart(text, contentEnd(sample)), d.col);
      const lead = at === text.length && !text.endsWith("\n") ? eol : "";
      return [{ start: at, end: at, text: lead + blockEntry(style, values(a), dash, eol) }];
    });
  }
  // An empty list (`members: []`) or none: written as a block list under its key, unless the
  // workspace itself is a flow mapping, where only a flow list fits.
  const owner = list.owner;
  if (owner.flow) {
    // One splice writes them all; each change shows it.
    const items = adds.map((a) => flowEntry(style, values(a))).join(", ");
    const after = pairBefore(owner, "members");
    const first = (owner.items[0]!.key as Node).range![0];
    const splice: Splice = seq
      ? { start: seq.range![0], end: seq.range![1], text: `[${items}]` }
      : after
        ? { start: contentEnd(after), end: contentEnd(after), text: `, members: [${items}]` }
        : { start: first, end: first, text: `members: [${items}], ` };
    return adds.map(() => [splice]);
  }
  const keyCol = columnOf(text, (owner.items[0]!.key as Node).range![0]);
  const dash = `${" ".repeat(keyCol + 2)}- `;
  const entriesText = adds.map((a) => blockEntry(style, values(a), dash, eol));
  if (seq && list.pair) {
    // `members: []`: the brackets go (a comment after them stays), the entries follow the key's line.
    const colon = text.indexOf(":", (list.pair.key as Node).range![1]);
    const removeBrackets: Splice = { start: colon + 1, end: seq.range![1], text: "" };
    const at = nextLineStart(text, seq.range![1]);
    const lead = at === text.length && !text.endsWith("\n") ? eol : "";
    return entriesText.map((t, i) => (i === 0 ? [removeBrackets, { start: at, end: at, text: lead + t }] : [{ start: at, end: at, text: t }]));
  }
  // After the key the schema puts before `members` (and the comments indented into its block).
  const after = pairBefore(owner, "members");
  const anchor = after ?? owner.items.at(-1)!;
  const at = commentsBelow(text, nextLineStart(text, contentEnd(anchor)), keyCol);
  const lead = at === text.length && !text.endsWith("\n") ? eol : "";
  const header = `${lead}${" ".repeat(keyCol)}members:${eol}`;
  return entriesText.map((t, i) => [{ start: at, end: at, text: i === 0 ? header + t : t }]);
}

/** The line with a block-list entry's dash (the entry may start below it, after a comment), and the dash's column. */
function dashOf(text: string, node: Node): { line: number; col: number } {
  let at = lineStart(text, node.range![0]);
  const head = text.slice(at, node.range![0]);
  if (/^\s*-\s/.test(head)) return { line: at, col: head.indexOf("-") };
  while (at > 0) {
    at = lineStart(text, at - 1);
    const line = text.slice(at, nextLineStart(text, at));
    const m = /^(\s*)-(\s|$)/.exec(line);
    if (m) return { line: at, col: m[1]!.length };
    if (line.trim() !== "" && !line.trimStart().startsWith("#")) break;
  }
  throw new Error("spec-edit: no dash found for a block-list entry");
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** The start of the run of comment lines at column `col` right above the line at `at` (or `at`). */
function commentsAbove(text: string, at: number, col: number): number {
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    const line = text.slice(prev, at);
    if (!line.trimStart().startsWith("#") || indentOf(line) !== col) break;
    at = prev;
  }
  return at;
}

/** The end of the run of comment lines indented past column `col` that starts at `at`. */
function commentsBelow(text: string, at: number, col: number): number {
  while (at < text.length) {
    const next = nextLineStart(text, at);
    const line = text.slice(at, next);
    if (!line.trimStart().startsWith("#") || indentOf(line) <= col) break;
    at = next;
  }
  return at;
}

/** Where the comments and blank lines that start at `from` end: at the next line with content. */
function commentsEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    const next = nextLineStart(text, at);
    const line = text.slice(at, next).trim();
    if (line !== "" && !line.startsWith("#")) break;
    at = next;
  }
  return at;
}

/** Splices that move the comment lines in [from, to) indented past `past` (default: `col`) to column `col`. */
function reindentComments(text: string, from: number, to: number, col: number, past = col): Splice[] {
  const out: Splice[] = [];
  for (let at = from; at < to; at = nextLineStart(text, at)) {
    const line = text.slice(at, nextLineStart(text, at));
    const indent = line.length - line.trimStart().length;
    if (line.trimStart().startsWith("#") && indent > past && indent !== col) out.push({ start: at, end: at + indent, text: " ".repeat(col) });
  }
  return out;
}

/** The last pair of a mapping whose key the schema puts before `key` (where `key` goes). */
function pairBefore(map: YAMLMap, key: string): Pair | undefined {
  const Y = loadYaml();
  const order = ORDER[key] ?? [];
  let found: Pair | undefined;
  for (const p of map.items) {
    const k = Y.isScalar(p.key) ? String(p.key.value) : "";
    if (order.includes(k)) found = p as Pair;
  }
  return found;
}

/** Keys that come before `members` in a workspace (main or sub) in the schema's order. */
const ORDER: Record<string, string[]> = {
  members: ["name", "id", "formerNames", "image", "billing", "apiAccess", "allocation", "subscription", "settings"],
};

/**
 * Splices that remove one entry from a list; `last`: no entry remains, so the list becomes
 * `[]` (an empty list still says "nobody", where no list would say "not managed").
 */
function removeEntry(text: string, list: PeopleList, entry: Entry, last: boolean): Splice[] {
  const seq = list.seq as YAMLSeq;
  const items = seq.items as Node[];
  const i = items.indexOf(entry.node);
  if (seq.flow) {
    if (items.length === 1 || last) return [{ start: seq.range![0], end: seq.range![1], text: "[]" }];
    const node = entry.node;
    if (i < items.length - 1) return [{ start: node.range![0], end: items[i + 1]!.range![0], text: "" }];
    return [{ start: items[i - 1]!.range![1], end: node.range![1], text: "" }];
  }
  // The entry's lines go; comments on lines of their own inside it stay (a comment is never
  // lost), and every comment that now sits elsewhere takes the indentation the canon gives
  // that place, as do blank lines, so that the file stays as `hgw fmt` writes it.
  const eol = eolOf(text);
  const dash = dashOf(text, entry.node);
  let start = dash.line;
  const end = nextLineStart(text, contentEnd(entry.node));
  const dashCol = dash.col;
  const keyNode = list.pair?.key as Node | undefined;
  const emptied = last && keyNode !== undefined;
  const col = emptied ? columnOf(text, keyNode.range![0]) : dashCol;
  const kept: string[] = [];
  for (let at = nextLineStart(text, start); at < end; at = nextLineStart(text, at)) {
    const line = text.slice(at, nextLineStart(text, at)).trim();
    if (line.startsWith("#")) kept.push(" ".repeat(col) + line);
  }
  const blank = (at: number): boolean => at < text.length && text.slice(at, nextLineStart(text, at)).trim() === "";
  const prevStart = start > 0 ? lineStart(text, start - 1) : -1;
  const afterKey = keyNode !== undefined && prevStart === lineStart(text, keyNode.range![0]);
  let to = end;
  if (kept.length === 0 && ((afterKey && !emptied) || (prevStart >= 0 && blank(prevStart)))) while (blank(to)) to = nextLineStart(text, to);
  // Nothing after it: no blank line may end the file.
  if (kept.length === 0 && to >= text.length) while (start > 0 && blank(lineStart(text, start - 1))) start = lineStart(text, start - 1);
  const splices: Splice[] = [{ start, end: to, text: kept.map((l) => l + eol).join("") }];
  if (emptied) {
    const colon = text.indexOf(":", keyNode.range![1]);
    splices.unshift({ start: colon + 1, end: colon + 1, text: " []" });
    splices.push(...reindentComments(text, nextLineStart(text, colon), start, col), ...reindentComments(text, to, commentsEnd(text, to), col));
  } else {
    const prev = items[i - 1] as Node | undefined;
    const target = i < items.length - 1 || !prev || (prev as YAMLMap).flow ? dashCol : columnOf(text, prev.range![0]);
    splices.push(...reindentComments(text, to, commentsEnd(text, to), target, dashCol));
  }
  return splices;
}
