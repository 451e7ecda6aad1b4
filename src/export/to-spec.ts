// The account as a spec: what `hgw export` writes. Every value is written so that the loader
// reads it back to what the account holds (an absent key means the default or "not managed",
// see src/spec/normalize.ts), so `hgw plan` on the output shows no changes. What the spec has
// no words for is written as a comment where it would have gone, never dropped silently.

import { displayPath, joinPath } from "../model/address.js";
import { UserError } from "../model/diagnostics.js";
import { mayHold } from "../domain/access.js";
import {
  QUOTA_KEYS,
  type AccountState,
  type ContentState,
  type MemberState,
  type Quota,
  type WorkspaceState,
} from "../model/state.js";
import type {
  AssetShare,
  ContentShare,
  MainWorkspace,
  Member,
  Settings,
  SubWorkspace,
  WorkspacesSpec,
} from "../spec/types.gen.js";
import { addComment, writeYamlTo, type CommentTree, type YamlPath } from "./write-yaml.js";

/** The schema's `$id`: the reference written when the caller names no local copy. */
export const SCHEMA_ID = "https://heygen-workspaces.dev/schema/workspaces.schema.json";

export interface ExportOptions {
  /** Path or URL of the JSON Schema for the editor comment; default SCHEMA_ID. */
  schemaRef?: string;
  /** ISO time of the export: shown in the header and used to tell expired invitations. */
  now?: string;
  /** Where the account was read from, for the header (a provider name). */
  from?: string;
}

interface Built {
  spec: WorkspacesSpec;
  /**
   * Comments to place: before a list item when the path ends in an index, before a map key
   * when it ends in a key name.
   */
  comments: { path: YamlPath; text: string }[];
  /** What the account holds that has no place anywhere in the spec, for the header. */
  notes: string[];
  /** What `hgw plan` will still do on the exported file, by design (see the comments). */
  planActs: string[];
}

type WorkspaceSettings = WorkspaceState["settings"];

const SETTING_KEYS = [
  "joinPolicy",
  "joinDomains",
  "whoCanInvite",
  "publicInviteLink",
  "defaultSharing",
  "unlistedJoinRequests",
] as const satisfies readonly (keyof WorkspaceSettings)[];

// The schema's workspaceName: `/`, brackets and parentheses delimit addresses.
const NAME_OK = /^[^/[\]()]+$/;
const NAME_MAX = 100;

export function exportSpecObject(state: AccountState): WorkspacesSpec {
  return build(state, new Date().toISOString()).spec;
}

export function exportSpec(state: AccountState, opts: ExportOptions = {}): string {
  const chunks: string[] = [];
  exportSpecTo(state, opts, (c) => void chunks.push(c));
  return chunks.join("");
}

/** What exportSpecTo wrote, for checking it. */
export interface Written {
  spec: WorkspacesSpec;
  /** Whether the text reads back as exactly `spec` (see writeYamlTo). */
  plain: boolean;
  /** Hands on the same text again, made from what was written: the account may be gone by then. */
  again: (emit: (chunk: string) => void) => void;
}

/** exportSpec's text handed to `emit` in blocks as it is written. */
export function exportSpecTo(state: AccountState, opts: ExportOptions, emit: (chunk: string) => void): Written {
  const now = opts.now ?? new Date().toISOString();
  const built = build(state, now);
  const comments: CommentTree = {};
  for (const c of built.comments) addComment(comments, c.path, asComment(c.text).split("\n"));
  const head = asComment(header(state, built, { ...opts, now })).split("\n");
  const value = built.spec as unknown as Record<string, unknown>;
  const { plain } = writeYamlTo(value, { header: head, comments }, emit);
  return { spec: built.spec, plain, again: (e) => void writeYamlTo(value, { header: head, comments }, e) };
}

function header(state: AccountState, built: Built, opts: ExportOptions & { now: string }): string {
  const from = opts.from ? ` from the ${opts.from} provider` : "";
  const plan =
    built.planActs.length === 0
      ? "`hgw plan` on this file shows no changes until the account or the file changes."
      : `\`hgw plan\` on this file shows no changes but these, which the comments below explain: ${built.planActs.join("; ")}.`;
  return [
    `yaml-language-server: $schema=${opts.schemaRef ?? SCHEMA_ID}`,
    "",
    `The account "${state.account.name}" (${state.account.id}) as a spec, written by \`hgw export\`${from} at ${opts.now}. Sub-workspace ids are pinned, so a rename here is an update. ${plan}`,
    "Not part of a spec, so not written: seats, slots and credits used; library items and content themselves (only how they are shared); library items shared with no one (a spec names an item only with where it goes); pending join requests; API keys (secrets). Every setting the spec can say is written, defaults too, so that a change made in the dashboard later shows as drift.",
    ...built.notes.map((n) => `NOTE: ${n}`),
  ].join("\n");
}

// ---------------------------------------------------------------- account -> spec value

function build(state: AccountState, now: string): Built {
  const comments: Built["comments"] = [];
  const notes: string[] = [];
  let expired = 0;
  let denials = 0;
  let keyless = 0;
  const comment = (path: YamlPath, text: string): void => void comments.push({ path, text });

  const main = state.workspaces.find((w) => w.parentId === null);
  if (!main) {
    throw new UserError({
      severity: "error",
      code: "no-main-workspace",
      message: `account ${state.account.id} has no main workspace, so there is nothing to export`,
    });
  }
  const byId = new Map(state.workspaces.map((w) => [w.id, w]));
  const children = groupBy(state.workspaces, (w) => w.parentId ?? "");
  const members = groupBy(state.members, (m) => m.workspaceId);
  const requests = groupBy(state.joinRequests, (r) => r.workspaceId);
  const keys = groupBy(state.apiKeys, (k) => k.workspaceId);
  const assets = new Map(state.assets.map((a) => [`${a.type}:${a.id}`, a]));
  const paths = new Map<string, string>([[main.id, ""]]);

  const memberList = (w: WorkspaceState, at: YamlPath): Member[] =>
    (members.get(w.id) ?? []).map((m, i) => {
      const note = invitationNote(m, now);
      if (note) comment([...at, i], note.text);
      if (note?.expired) expired++;
      return { email: m.email.toLowerCase(), role: m.role };
    });

  // Things about one workspace that the spec has no key for.
  const workspaceNotes = (w: WorkspaceState, at: YamlPath, listed: Member[]): void => {
    if (!NAME_OK.test(w.name) || w.name.length > NAME_MAX) {
      comment(
        at,
        `The account names this workspace "${w.name}", which a spec cannot: names hold at most ${NAME_MAX} characters and no "/", brackets or parentheses. Rename it in the account (or here, which plans a rename) before using this file.`,
      );
    }
    const waiting = requests.get(w.id) ?? [];
    if (waiting.length > 0) {
      const emails = new Set(listed.map((m) => m.email));
      const unlisted = waiting.filter((r) => !emails.has(r.email.toLowerCase()));
      const denies = w.settings.unlistedJoinRequests === "deny" ? unlisted.length : 0;
      denials += denies;
      const deny =
        denies > 0
          ? ` As unlistedJoinRequests is deny, \`hgw plan\` will deny ${unlisted.length} of them; set it to ignore to leave them waiting.`
          : "";
      comment(
        at,
        `${waiting.length} join request${waiting.length === 1 ? " is" : "s are"} waiting (${waiting.map((r) => r.email).join(", ")}). Requests are not spec: add a person to members to approve theirs.${deny}`,
      );
    }
    if (!w.apiAccess && (keys.get(w.id) ?? []).length > 0) {
      comment(at, "The account holds an API key here although API access is off; the spec can only say apiAccess: true or false.");
    }
    if (w.apiAccess && w.parentId !== null && (keys.get(w.id) ?? []).length === 0) {
      keyless++;
      comment(at, "API access is on but the account holds no API key here; `hgw plan` will create one (apiAccess: true means a key).");
    }
  };

  // ---- the main workspace
  const mainAt: YamlPath = ["workspace"];
  const workspace: MainWorkspace = { name: main.name };
  workspace.settings = settingsToWrite(main.settings);
  workspace.members = memberList(main, [...mainAt, "members"]);
  const mainExtra: string[] = [];
  if (main.subscription) mainExtra.push(`the account's subscription (${quotaText(main.subscription)})`);
  if (main.image !== null) mainExtra.push(`its image (${main.image})`);
  if (main.apiAccess) mainExtra.push("API access on the main workspace");
  if (main.deletionProtection) mainExtra.push("deletion protection (the main workspace can never be deleted anyway)");
  if (mainExtra.length > 0) comment(mainAt, `The spec has no place for ${mainExtra.join("; ")}: left as the account has it.`);
  workspaceNotes(main, mainAt, workspace.members);
  if (state.account.name !== main.name) {
    notes.push(`the account is named "${state.account.name}" but its main workspace "${main.name}"; only the workspace's name is in the spec.`);
  }

  // ---- sub-workspaces, nested under their parents
  const sub = (w: WorkspaceState, parent: WorkspaceState, at: YamlPath): SubWorkspace => {
    const path = joinPath(paths.get(parent.id) ?? "", w.name);
    paths.set(w.id, path);
    const out: SubWorkspace = { name: w.name, id: w.id };
    // `image: null` says "none": left out, a picture added in the dashboard would not be drift.
    out.image = w.image;
    out.billing = w.billing;
    out.apiAccess = w.apiAccess;
    out.deletionProtection = w.deletionProtection;
    if (w.billing === "parent" && w.allocation) out.allocation = quota(w.allocation);
    if (w.billing === "own" && w.subscription) out.subscription = quota(w.subscription);
    out.settings = settingsToWrite(w.settings);
    out.members = memberList(w, [...at, "members"]);
    workspaceNotes(w, at, out.members);
    const kids = children.get(w.id) ?? [];
    if (kids.length > 0) out.subWorkspaces = kids.map((k, i) => sub(k, w, [...at, "subWorkspaces", i]));
    return out;
  };
  const subWorkspaces = (children.get(main.id) ?? []).map((w, i) => sub(w, main, ["subWorkspaces", i]));
  for (const w of state.workspaces) {
    if (!paths.has(w.id)) {
      notes.push(`workspace "${w.name}" (${w.id}) hangs under ${w.parentId ?? "nothing"}, which is not in the account's tree, so it is not written.`);
    }
  }

  // ---- asset shares: one entry per item, listing every workspace it goes to
  const assetShares: AssetShare[] = [];
  const shareIndex = new Map<string, AssetShare>();
  // Sorted, so that two equal accounts export byte for byte alike whatever order they list shares in.
  const sortKey = (s: AccountState["assetShares"][number]): string =>
    `${s.assetType}:${s.assetId}\u0000${paths.get(s.toWorkspaceId) ?? s.toWorkspaceId}`;
  const sortedShares = [...state.assetShares].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  for (const s of sortedShares) {
    const from = paths.get(s.fromWorkspaceId);
    const to = paths.get(s.toWorkspaceId);
    if (from === undefined || to === undefined) {
      notes.push(`${s.assetType}:${s.assetId} is shared between workspaces ${s.fromWorkspaceId} and ${s.toWorkspaceId}, not both in the tree; not written.`);
      continue;
    }
    const key = `${s.assetType}:${s.assetId}:${s.fromWorkspaceId}`;
    const existing = shareIndex.get(key);
    // Export writes lists only; `to: all` is for people to write.
    if (existing && Array.isArray(existing.to)) {
      existing.to.push(displayPath(to));
      continue;
    }
    const entry: AssetShare = { type: s.assetType, id: s.assetId, ...(from !== "" ? { from } : {}), to: [displayPath(to)] };
    const asset = assets.get(`${s.assetType}:${s.assetId}`);
    if (asset) comment(["assetShares", assetShares.length], `${asset.type} "${asset.name}"`);
    shareIndex.set(key, entry);
    assetShares.push(entry);
  }

  // ---- content sharing, for every item: left as new content is shared or not, a later change shows
  const contentShares: ContentShare[] = [];
  for (const c of state.content) {
    const w = byId.get(c.workspaceId);
    const path = paths.get(c.workspaceId);
    if (!w || path === undefined) {
      notes.push(`${c.type} ${c.id} is in workspace ${c.workspaceId}, which is not in the tree; its sharing is not written.`);
      continue;
    }
    const at: YamlPath = ["contentShares", contentShares.length];
    const entry: ContentShare = { type: c.type, id: c.id };
    if (path !== "") entry.workspace = path;
    entry.generalAccess = c.generalAccess;
    const problem = usersProblem(c, members.get(w.id) ?? []);
    if (problem) {
      comment(
        at,
        `${c.type} "${c.name}". Its users are not written, so they are left as they are: ${problem} (${c.users.map((u) => `${u.email} ${u.access}`).join(", ")}).`,
      );
    } else {
      comment(at, `${c.type} "${c.name}"`);
      entry.users = c.users.map((u) => ({ email: u.email.toLowerCase(), access: u.access }));
    }
    entry.sharePage = { publicPublishing: c.sharePage.publicPublishing, captions: c.sharePage.captions };
    if (c.sharePage.passwordSet) {
      comment(
        [...at, "sharePage"],
        "A password is set on this share page. The account keeps only a digest of it, so it cannot be exported: `password` is left out, which leaves it as it is. To manage it, add `password: { env: NAME }` naming an environment variable that holds it.",
      );
    }
    contentShares.push(entry);
  }

  const spec: WorkspacesSpec = { version: 1, workspace };
  if (subWorkspaces.length > 0) spec.subWorkspaces = subWorkspaces;
  if (assetShares.length > 0) spec.assetShares = assetShares;
  if (contentShares.length > 0) spec.contentShares = contentShares;
  const planActs = [
    ...(expired > 0 ? [`re-send ${expired} expired invitation${expired === 1 ? "" : "s"}`] : []),
    ...(denials > 0 ? [`deny ${denials} join request${denials === 1 ? "" : "s"}`] : []),
    ...(keyless > 0 ? [`create ${keyless} API key${keyless === 1 ? "" : "s"} where API access is on without one`] : []),
  ];
  return { spec, comments, notes, planActs };
}

function invitationNote(m: MemberState, now: string): { text: string; expired: boolean } | null {
  if (m.status !== "invited") return null;
  const sent = m.invitedAt ? `sent ${day(m.invitedAt)}` : "sent earlier";
  if (m.expiresAt !== null && Date.parse(m.expiresAt) <= Date.parse(now)) {
    return {
      text: `invitation ${sent}, expired ${day(m.expiresAt)}; it still holds a seat. \`hgw plan\` will re-send it; remove this entry to revoke it instead.`,
      expired: true,
    };
  }
  return { text: `invitation ${sent}, not yet accepted${m.expiresAt ? ` (expires ${day(m.expiresAt)})` : ""}`, expired: false };
}

/**
 * Every setting, defaults included: an absent key is not managed, so a setting left out at
 * its default would let a later change in the dashboard pass as no drift.
 */
function settingsToWrite(s: WorkspaceSettings): Settings {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) out[k] = k === "joinDomains" ? [...s.joinDomains] : s[k];
  return out as Settings;
}

/** Why the content's user list would not validate as a spec, or null when it would. */
function usersProblem(c: ContentState, members: MemberState[]): string | null {
  if (c.generalAccess === "only_me" && c.users.length > 0) return "the account lists users although general access is only_me, which a spec cannot say";
  const roles = new Map(members.map((m) => [m.email.toLowerCase(), m.role]));
  const outsiders = c.users.filter((u) => !roles.has(u.email.toLowerCase()));
  if (outsiders.length > 0) return `${outsiders.map((u) => u.email).join(", ")} ${outsiders.length === 1 ? "is" : "are"} not a member of its workspace, and a spec shares content only with members`;
  const viewers = c.users.filter((u) => !mayHold(roles.get(u.email.toLowerCase()), u.access));
  if (viewers.length > 0) return `${viewers.map((u) => u.email).join(", ")} can edit although a viewer, which a spec cannot say`;
  return null;
}

function quota(q: Quota): Quota {
  return { seats: q.seats, avatarSlots: q.avatarSlots, generativeCredits: q.generativeCredits, apiCredits: q.apiCredits };
}

function quotaText(q: Quota): string {
  return QUOTA_KEYS.map((k) => `${k} ${q[k]}`).join(", ");
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

// ---------------------------------------------------------------- comments on the document

const COMMENT_WIDTH = 96;

/** Comment text as yaml wants it (a space after each `#`), long lines wrapped at word ends. */
function asComment(text: string): string {
  return text
    .split("\n")
    .flatMap((l) => wrap(l, COMMENT_WIDTH))
    .map((l) => (l === "" ? "" : ` ${l}`))
    .join("\n");
}

function wrap(line: string, width: number): string[] {
  const out: string[] = [];
  let cur = "";
  // A `code span` is one word, so that what to type is never split across lines.
  for (const word of line.match(/[^\s`]*`[^`]*`\S*|\S+/g) ?? [""]) {
    if (cur !== "" && cur.length + 1 + word.length > width) {
      out.push(cur);
      cur = word;
    } else cur = cur === "" ? word : `${cur} ${word}`;
  }
  out.push(cur);
  return out;
}
