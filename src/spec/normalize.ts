// Shape-valid spec values -> DesiredAccount: defaults applied, includes merged, emails
// lower-cased, workspace references resolved to paths, sources attached.

import { joinPath, normalizeWorkspaceRef } from "../model/address.js";
import type { SourceLocation } from "../model/diagnostics.js";
import type {
  DesiredAccount,
  DesiredAssetShare,
  DesiredContentShare,
  DesiredMember,
  DesiredWorkspace,
} from "../model/desired.js";
import { QUOTA_KEYS, type Quota } from "../model/state.js";
import { DEFAULT_USAGE_THRESHOLDS } from "../model/usage.js";
import type {
  AssetShare,
  ContentShare,
  Defaults,
  Member,
  Settings,
  SubWorkspace,
  WorkspacesFragment,
  WorkspacesSpec,
} from "../spec/types.gen.js";
import { posOf, type Locator } from "./positions.js";
import { MemberOrigin, SpecMember } from "./spec-member.js";

/** The raw entries behind each normalized item, for rules that need the exact spot. */
export interface RawLinks {
  workspaces: Map<DesiredWorkspace, SubWorkspace | WorkspacesSpec["workspace"] | undefined>;
  /** sibling lists, with the parent path */
  siblings: { parentPath: string; list: SubWorkspace[] }[];
  assetShares: AssetShare[];
  contentShares: ContentShare[];
  defaults: Defaults | undefined;
}

export function normalize(
  root: WorkspacesSpec,
  fragments: WorkspacesFragment[],
  files: string[],
  digest: string,
  loc: Locator,
  rootFile: string,
): { desired: DesiredAccount; links: RawLinks } {
  const fallback: SourceLocation = { file: rootFile, line: 1, col: 1 };
  const at = (obj: unknown, key?: string): SourceLocation =>
    (key === undefined ? loc.node(obj) : loc.key(obj, key)) ?? fallback;
  const defaults = root.defaults;
  const links: RawLinks = { workspaces: new Map(), siblings: [], assetShares: [], contentShares: [], defaults };

  // A big spec's hot loop (100k members): no new string for an email already in lower case,
  // and the entry's position kept rather than turned into a line and column.
  const origins = [new MemberOrigin(loc, fallback, false), new MemberOrigin(loc, fallback, true)] as const;
  const member = (m: Member, fromDefaults: boolean): DesiredMember =>
    new SpecMember(lowerCase(m.email), m.role, m.expires ?? null, origins[fromDefaults ? 1 : 0], posOf(m));
  const members = (list: Member[]): DesiredMember[] => list.map((m) => member(m, false));

  const main = root.workspace;
  const mainWs: DesiredWorkspace = {
    path: "",
    name: main?.name ?? "",
    parentPath: null,
    id: null,
    formerNames: [],
    image: null,
    billing: "own",
    apiAccess: false,
    apiKeyRotation: null,
    allocation: null,
    subscription: null,
    settings: { ...(main?.settings ?? {}) },
    members: main?.members ? members(main.members) : null,
    memberOwnership: main?.memberOwnership ?? "authoritative",
    ignoreMembers: [...(main?.ignoreMembers ?? [])],
    deletionProtection: false,
    source: main ? at(root, "workspace") : fallback,
    fieldSources: main ? fieldSources(main, undefined, at) : {},
  };
  const workspaces: DesiredWorkspace[] = [mainWs];
  links.workspaces.set(mainWs, main);

  const visit = (list: SubWorkspace[], parentPath: string): void => {
    links.siblings.push({ parentPath, list });
    for (const sw of list) {
      const path = joinPath(parentPath, sw.name);
      const billing = sw.billing ?? defaults?.billing ?? "parent";
      const allocation =
        billing === "parent" && (sw.allocation || defaults?.allocation)
          ? pickQuota({ ...(defaults?.allocation ?? {}), ...(sw.allocation ?? {}) })
          : billing === "own" && sw.allocation
            ? pickQuota(sw.allocation)
            : null;
      const own = sw.members ? members(sw.members) : null;
      let merged: DesiredMember[] | null = own;
      if (defaults?.members) {
        const listed = new Set((own ?? []).map((m) => m.email));
        const fromDefaults = defaults.members
          .filter((m) => !listed.has(lowerCase(m.email)))
          .map((m) => member(m, true));
        merged = [...(own ?? []), ...fromDefaults];
      }
      const ws: DesiredWorkspace = {
        path,
        name: sw.name,
        parentPath,
        id: sw.id ?? null,
        formerNames: [...(sw.formerNames ?? [])],
        image: sw.image,
        billing,
        apiAccess: sw.apiAccess ?? defaults?.apiAccess ?? false,
        apiKeyRotation: sw.apiKeyRotation ?? defaults?.apiKeyRotation ?? null,
        allocation,
        subscription: sw.subscription ? pickQuota(sw.subscription) : null,
        settings: { ...(defaults?.settings ?? {}), ...(sw.settings ?? {}) } as Settings,
        members: merged,
        memberOwnership: sw.memberOwnership ?? defaults?.memberOwnership ?? "authoritative",
        ignoreMembers: [...(sw.ignoreMembers ?? defaults?.ignoreMembers ?? [])],
        deletionProtection: sw.deletionProtection ?? defaults?.deletionProtection ?? false,
        source: at(sw),
        fieldSources: fieldSources(sw, billing === "parent" ? defaults : { ...defaults, allocation: undefined }, at),
      };
      workspaces.push(ws);
      links.workspaces.set(ws, sw);
      if (sw.subWorkspaces) visit(sw.subWorkspaces, path);
    }
  };
  const allSubs: SubWorkspace[] = [...(root.subWorkspaces ?? [])];
  for (const f of fragments) allSubs.push(...(f.subWorkspaces ?? []));
  // Sub-workspaces from every file are siblings under the main workspace.
  visit(allSubs, "");
  // Keep parents before children overall (visit is depth-first, which already is).

  const assetShares: DesiredAssetShare[] = [];
  const contentShares: DesiredContentShare[] = [];
  for (const file of [root, ...fragments]) {
    for (const s of file.assetShares ?? []) {
      links.assetShares.push(s);
      const fromPath = normalizeWorkspaceRef(s.from ?? "workspace");
      const expires = s.expires ?? null;
      // One location object per entry: the planner looks its name up once per entry.
      const nameSource = s.id === undefined && s.name !== undefined ? at(s, "name") : null;
      const item = { type: s.type, id: s.id ?? null, name: nameSource ? (s.name ?? null) : null, nameSource, fromPath };
      if (s.to === "all") {
        // Every sub-workspace the spec declares, at any depth, so that one added later gets it
        // in the same plan that creates it; never the workspace that holds the item.
        const except = new Set((s.except ?? []).map(normalizeWorkspaceRef));
        const source = at(s, "to");
        for (const w of workspaces) {
          if (w.path === "" || w.path === fromPath || except.has(w.path)) continue;
          assetShares.push({ ...item, toPath: w.path, source, expires });
        }
      } else {
        s.to.forEach((to, i) => {
          assetShares.push({ ...item, toPath: normalizeWorkspaceRef(to), source: at(s.to, String(i)), expires });
        });
      }
    }
    for (const c of file.contentShares ?? []) {
      links.contentShares.push(c);
      const page = c.sharePage;
      contentShares.push({
        type: c.type,
        id: c.id,
        workspacePath: normalizeWorkspaceRef(c.workspace ?? "workspace"),
        generalAccess: c.generalAccess ?? null,
        users: c.users ? c.users.map((u) => ({ email: u.email.toLowerCase(), access: u.access, expires: u.expires ?? null, source: at(u) })) : null,
        sharePage: page
          ? {
              ...("password" in page ? { password: page.password ?? null } : {}),
              ...(page.publicPublishing !== undefined ? { publicPublishing: page.publicPublishing } : {}),
              ...(page.captions !== undefined ? { captions: page.captions } : {}),
            }
          : null,
        source: at(c),
      });
    }
  }

  const p = root.policies;
  const desired: DesiredAccount = {
    files,
    digest,
    workspaces,
    assetShares,
    contentShares,
    policies: {
      minSuperAdmins: p?.minSuperAdmins ?? 0,
      allowedEmailDomains: p?.allowedEmailDomains ? p.allowedEmailDomains.map((d) => d.toLowerCase()) : null,
      maxMemberRemovalShare: p?.maxMemberRemovalShare ?? 0.5,
      maxMemberRemovals: p?.maxMemberRemovals ?? null,
      maxShareRevocations: p?.maxShareRevocations ?? null,
      maxKeyRevocations: p?.maxKeyRevocations ?? null,
      usageWarningShare: p?.usageWarningShare ?? DEFAULT_USAGE_THRESHOLDS.warningShare,
      usageAlertShare: p?.usageAlertShare ?? DEFAULT_USAGE_THRESHOLDS.alertShare,
      expiryNoticeDays: p?.expiryNoticeDays ?? 14,
      sources: Object.fromEntries(
        (["maxMemberRemovalShare", "maxMemberRemovals", "maxShareRevocations", "maxKeyRevocations", "usageWarningShare", "usageAlertShare"] as const)
          .filter((k) => p?.[k] !== undefined)
          .map((k) => [k, at(p, k)]),
      ),
      rootSource: fallback,
    },
  };
  return { desired, links };
}

/** s.toLowerCase(), but s itself when it has no upper-case letter to change (most emails): no copy. */
function lowerCase(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return s.toLowerCase();
  }
  return s;
}

function pickQuota(q: Partial<Record<keyof Quota, number | undefined>>): Partial<Quota> {
  const out: Partial<Quota> = {};
  for (const k of QUOTA_KEYS) {
    const v = q[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const SIMPLE_FIELDS = ["name", "id", "formerNames", "image", "billing", "apiAccess", "apiKeyRotation", "members", "memberOwnership", "ignoreMembers", "deletionProtection", "subscription", "allocation", "settings"];

/** Where each field was written: the workspace's own entry, else `defaults`. */
function fieldSources(
  ws: object,
  defaults: Partial<Defaults> | undefined,
  at: (obj: unknown, key?: string) => SourceLocation,
): Partial<Record<string, SourceLocation>> {
  const out: Partial<Record<string, SourceLocation>> = {};
  const from = (obj: object | undefined, prefix: string, keys: string[]): void => {
    if (!obj) return;
    for (const k of keys) {
      if ((obj as Record<string, unknown>)[k] === undefined) continue;
      out[prefix + k] = at(obj, k);
    }
  };
  const nested = (obj: object | undefined, key: string): void => {
    const inner = obj ? (obj as Record<string, unknown>)[key] : undefined;
    if (inner && typeof inner === "object") from(inner, `${key}.`, Object.keys(inner));
  };
  // Defaults first so that the workspace's own entries overwrite them.
  from(defaults, "", SIMPLE_FIELDS.filter((k) => k !== "name" && k !== "id"));
  nested(defaults, "allocation");
  nested(defaults, "settings");
  nested(defaults, "apiKeyRotation");
  from(ws, "", SIMPLE_FIELDS);
  nested(ws, "apiKeyRotation");
  nested(ws, "allocation");
  nested(ws, "subscription");
  nested(ws, "settings");
  return out;
}
