// Semantic rules: what the domain forbids that is knowable without reading the account.
// Each rule is a small function that pushes diagnostics; all of them run, so every error
// is reported at once.

import { address, displayPath } from "../model/address.js";
import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import type { DesiredAccount, DesiredWorkspace } from "../model/desired.js";
import { QUOTA_KEYS } from "../model/state.js";
import type { Member, SubWorkspace } from "../spec/types.gen.js";
import { mayHold } from "../domain/access.js";
import { isCalendarDate } from "../model/expiry.js";
import { memberIndex } from "../model/member-index.js";
import { didYouMean } from "./did-you-mean.js";
import type { RawLinks } from "./normalize.js";
import type { Locator } from "./positions.js";

export interface RuleContext {
  desired: DesiredAccount;
  links: RawLinks;
  loc: Locator;
  fallback: SourceLocation;
  byPath: Map<string, DesiredWorkspace>;
  report(d: Omit<Diagnostic, "severity"> & { severity?: Diagnostic["severity"] }): void;
  at(obj: unknown, key?: string, which?: "value" | "key"): SourceLocation;
}

export type Rule = (ctx: RuleContext) => void;

const where = (s: SourceLocation): string => `${s.file}:${s.line}`;
const label = (path: string): string => (path === "" ? "the main workspace" : path);

/**
 * Member lists (a big spec's hold 100k entries): no email twice, and every `expires` a real
 * calendar day. A workspace's list is checked through its member index, which the planner
 * reads again; its normalized members start with its own entries, in order.
 */
const memberEntries: Rule = (ctx) => {
  const defaults = ctx.links.defaults?.members;
  if (defaults) {
    const seen = new Map<string, Member>();
    for (const m of defaults) {
      badMemberExpiry(ctx, m, null);
      const email = m.email.toLowerCase();
      const first = seen.get(email);
      if (first) duplicateMember(ctx, email, null, first, m);
      else seen.set(email, m);
    }
  }
  for (const [ws, raw] of ctx.links.workspaces) {
    const list = raw?.members;
    if (!list || !ws.members) continue;
    const index = memberIndex(ws.members);
    if (index.dated > 0) for (const m of list) badMemberExpiry(ctx, m, ws.path);
    for (const { at, first } of index.repeats) {
      // Past the workspace's own entries come those of defaults.members, checked above.
      if (at < list.length) duplicateMember(ctx, ws.members[at]!.email, ws.path, list[first]!, list[at]!);
    }
  }
};

function badMemberExpiry(ctx: RuleContext, m: Member, path: string | null): void {
  if (m.expires === undefined) return;
  badExpiry(ctx, m, () => (path === null ? `defaults.members ${m.email} expires` : `${label(path)} member ${m.email} expires`));
}

function duplicateMember(ctx: RuleContext, email: string, path: string | null, first: Member, again: Member): void {
  ctx.report({
    code: "duplicate-member",
    message: `${email} is listed twice in ${path === null ? "defaults.members" : label(path)}`,
    hint: `Emails are compared case-insensitively; keep one entry (the first is at ${where(ctx.at(first))}).`,
    source: ctx.at(again),
    ...(path !== null ? { address: address.member(path, email) } : {}),
  });
}

const siblingNames: Rule = (ctx) => {
  for (const { parentPath, list } of ctx.links.siblings) {
    const names = new Map<string, SubWorkspace>();
    const former = new Map<string, SubWorkspace>();
    for (const sw of list) {
      const first = names.get(sw.name);
      const under = parentPath === "" ? "the main workspace" : parentPath;
      if (first) {
        ctx.report({
          code: "duplicate-workspace-name",
          message: `two sub-workspaces under ${under} are named "${sw.name}"`,
          hint: `Sibling names must be unique (the first is at ${where(ctx.at(first))}); rename one, or merge them.`,
          source: ctx.at(sw, "name"),
        });
      } else names.set(sw.name, sw);
      for (const f of sw.formerNames ?? []) {
        if (f === sw.name) {
          ctx.report({
            code: "former-name-is-current",
            message: `"${sw.name}" lists its own name in formerNames`,
            hint: "formerNames holds the names it had before a rename; remove this one.",
            source: ctx.at(sw, "formerNames"),
          });
          continue;
        }
        const other = former.get(f);
        if (other && other !== sw) {
          ctx.report({
            code: "duplicate-workspace-name",
            message: `"${f}" is a former name of both "${other.name}" and "${sw.name}"`,
            hint: "A former name identifies one sub-workspace; keep it on the one that was renamed.",
            source: ctx.at(sw, "formerNames"),
          });
        }
        former.set(f, sw);
      }
    }
    for (const sw of list) {
      for (const f of sw.formerNames ?? []) {
        const clash = names.get(f);
        if (clash && clash !== sw) {
          ctx.report({
            code: "former-name-in-use",
            message: `"${sw.name}" was formerly "${f}", but a sibling is named "${f}"`,
            hint: "A rename cannot take a name that a sibling still uses; the two would be matched to the same sub-workspace.",
            source: ctx.at(sw, "formerNames"),
          });
        }
      }
    }
  }
};

const duplicateIds: Rule = (ctx) => {
  const seen = new Map<string, DesiredWorkspace>();
  for (const ws of ctx.desired.workspaces) {
    if (ws.id === null) continue;
    const first = seen.get(ws.id);
    if (first) {
      ctx.report({
        code: "duplicate-workspace-id",
        message: `id ${ws.id} is pinned by both ${first.path} and ${ws.path}`,
        hint: "An id names one sub-workspace in the account; remove it from the one it does not belong to.",
        source: ws.fieldSources.id ?? ws.source,
        address: address.subworkspace(ws.path),
      });
    } else seen.set(ws.id, ws);
  }
};

const billingShape: Rule = (ctx) => {
  for (const [ws, raw] of ctx.links.workspaces) {
    if (ws.path === "" || !raw) continue;
    const sw = raw as SubWorkspace;
    if (ws.billing === "parent" && sw.subWorkspaces && sw.subWorkspaces.length > 0) {
      ctx.report({
        code: "nesting-under-parent-billing",
        message: `${ws.path} has sub-workspaces but is billed by its parent`,
        hint: "Only an own-billed sub-workspace may have sub-workspaces: set `billing: own` (with a `subscription`) or move them up.",
        source: ctx.at(sw, "subWorkspaces", "key"),
        address: address.subworkspace(ws.path),
      });
    }
    if (ws.billing === "own" && sw.allocation) {
      ctx.report({
        code: "allocation-on-own-billing",
        message: `${ws.path} has its own billing, so it takes no allocation from its parent`,
        hint: "Remove `allocation`, or set `billing: parent`; an own-billed workspace's limits go in `subscription`.",
        source: ctx.at(sw, "allocation", "key"),
        address: address.allocation(ws.path),
      });
    }
    if (ws.billing === "parent" && sw.subscription) {
      ctx.report({
        code: "subscription-on-parent-billing",
        message: `${ws.path} is billed by its parent, so it has no subscription of its own`,
        hint: "Use `allocation` for what it may draw from its parent, or set `billing: own`.",
        source: ctx.at(sw, "subscription", "key"),
        address: address.subworkspace(ws.path),
      });
    }
  }
};

function unknownWorkspace(ctx: RuleContext, ref: string, path: string, source: SourceLocation, what: string): boolean {
  if (ctx.byPath.has(path)) return false;
  const guess = didYouMean(path, [...ctx.byPath.keys()].filter((p) => p !== ""));
  ctx.report({
    code: "unknown-workspace",
    message: `${what} names "${ref}", which is not a workspace in this spec`,
    hint: guess
      ? `Did you mean "${guess}"?`
      : "Name a sub-workspace by its path of names (`parent/child`), or `workspace` for the main one.",
    source,
  });
  return true;
}

const assetShares: Rule = (ctx) => {
  const seen = new Map<string, SourceLocation>();
  for (const raw of ctx.links.assetShares) {
    // Named by exactly one of id and name: both would leave which one counts to guesswork.
    if (raw.id !== undefined && raw.name !== undefined) {
      ctx.report({
        code: "asset-id-and-name",
        message: `asset share ${raw.type}:${raw.id} gives both \`id\` and \`name\` ("${raw.name}")`,
        hint: "Keep one: `id` names the item exactly; `name` is looked up in the library when planning.",
        source: ctx.at(raw, "name"),
      });
      continue;
    }
    if (raw.id === undefined && raw.name === undefined) {
      ctx.report({
        code: "missing-key",
        message: `asset share ${raw.type} names no item: give \`id\` or \`name\``,
        hint: "Add `id: <the item's id>` (as `hgw export` writes it) or `name: <its name in the library>`.",
        source: ctx.at(raw),
      });
      continue;
    }
    const item = raw.id !== undefined ? `${raw.type}:${raw.id}` : `${raw.type} "${raw.name}"`;
    const from = raw.from ?? "workspace";
    const fromPath = from === "workspace" ? "" : from.replace(/^\/+|\/+$/g, "");
    const fromBad = unknownWorkspace(ctx, from, fromPath, ctx.at(raw, "from"), `asset share ${item} \`from\``);
    if (raw.except && raw.to !== "all") {
      ctx.report({
        code: "except-without-all",
        message: `asset share ${item} has \`except\` but shares to a list`,
        hint: "`except` narrows `to: all`; with a list, leave the workspace out of `to` instead.",
        source: ctx.at(raw, "except", "key"),
      });
    }
    if (raw.to === "all") {
      (raw.except ?? []).forEach((name, i) => {
        const path = name === "workspace" ? "" : name.replace(/^\/+|\/+$/g, "");
        unknownWorkspace(ctx, name, path, ctx.at(raw.except, String(i)), `asset share ${item} \`except\``);
      });
      return;
    }
    raw.to.forEach((to, i) => {
      const toPath = to === "workspace" ? "" : to.replace(/^\/+|\/+$/g, "");
      const src = ctx.at(raw.to, String(i));
      if (unknownWorkspace(ctx, to, toPath, src, `asset share ${item}`)) return;
      if (!fromBad && toPath === fromPath) {
        ctx.report({
          code: "share-to-self",
          message: `asset share ${item} shares to ${label(toPath)}, the workspace that holds it`,
          hint: "An item is always available in its own workspace; remove this target.",
          source: src,
        });
        return;
      }
      const key = `${item}:${fromPath}->${toPath}`;
      const first = seen.get(key);
      if (first) {
        ctx.report({
          code: "duplicate-share",
          message: `${item} is shared to ${displayPath(toPath)} twice`,
          hint: `Keep one (the first is at ${where(first)}).`,
          source: src,
          ...(raw.id !== undefined ? { address: address.assetShare(raw.type, raw.id, toPath) } : {}),
        });
      } else seen.set(key, src);
    });
  }
};

const contentShares: Rule = (ctx) => {
  const seen = new Map<string, SourceLocation>();
  ctx.links.contentShares.forEach((raw, i) => {
    const share = ctx.desired.contentShares[i];
    if (!share) return;
    const key = `${raw.type}:${raw.id}`;
    const first = seen.get(key);
    if (first) {
      ctx.report({
        code: "duplicate-share",
        message: `content ${key} has two sharing entries`,
        hint: `Merge them into one (the first is at ${where(first)}).`,
        source: share.source,
        address: address.contentShare(raw.type, raw.id),
      });
    } else seen.set(key, share.source);
    const wsRef = raw.workspace ?? "workspace";
    if (unknownWorkspace(ctx, wsRef, share.workspacePath, ctx.at(raw, "workspace"), `content share ${key}`)) return;
    if (raw.generalAccess === "only_me" && raw.users && raw.users.length > 0) {
      ctx.report({
        code: "users-with-only-me",
        message: `content ${key} has general access only_me but lists users`,
        hint: "Set `generalAccess: selected` to share with the listed users, or remove `users`.",
        source: ctx.at(raw, "generalAccess"),
      });
    }
    const ws = ctx.byPath.get(share.workspacePath);
    const users = new Map<string, unknown>();
    (raw.users ?? []).forEach((u, j) => {
      const email = u.email.toLowerCase();
      const src = ctx.at(raw.users, String(j));
      if (users.has(email)) {
        ctx.report({
          code: "duplicate-content-user",
          message: `${email} is listed twice on content ${key}`,
          hint: "Keep one entry with the access they should have.",
          source: src,
        });
      }
      users.set(email, u);
      if (!ws || ws.members === null) return;
      const member = ws.members.find((m) => m.email === email);
      if (!member) {
        ctx.report({
          code: "content-user-not-member",
          message: `${email} is given access to ${key} but is not a member of ${label(ws.path)}`,
          hint: `Content is shared with members of the workspace that holds it; add ${email} to ${displayPath(ws.path)}'s members or remove this user.`,
          source: src,
        });
      } else if (!mayHold(member.role, u.access)) {
        ctx.report({
          code: "viewer-edit",
          message: `${email} is a viewer in ${label(ws.path)} and cannot be given edit access to ${key}`,
          hint: "Viewers are always view-only: use `access: view`, or give the member another role.",
          source: ctx.at(u, "access"),
        });
      }
    });
  });
};

const policies: Rule = (ctx) => {
  const p = ctx.desired.policies;
  // No minimum (the default): nothing to count in 100k members.
  for (const [ws, raw] of p.minSuperAdmins > 0 ? ctx.links.workspaces : []) {
    if (ws.members === null) continue;
    let admins = 0;
    for (const m of ws.members) if (m.role === "super_admin") admins++;
    if (admins < p.minSuperAdmins) {
      ctx.report({
        code: "min-super-admins",
        message: `${label(ws.path)} has ${admins} super admin${admins === 1 ? "" : "s"}; policies.minSuperAdmins requires ${p.minSuperAdmins}`,
        hint: "Give more members `role: super_admin` (here or in defaults.members), or lower the policy.",
        source: raw?.members ? ctx.at(raw, "members", "key") : ws.source,
        address: ws.path === "" ? address.workspace() : address.subworkspace(ws.path),
      });
    }
  }
  const domains = p.allowedEmailDomains;
  if (!domains) return;
  const allowed = (email: string): boolean => {
    const d = email.slice(email.lastIndexOf("@") + 1);
    return domains.some((a) => d === a || d.endsWith(`.${a}`));
  };
  const check = (m: Member, label: string): void => {
    if (allowed(m.email.toLowerCase())) return;
    ctx.report({
      code: "email-domain-not-allowed",
      message: `${m.email.toLowerCase()} (${label}) is outside policies.allowedEmailDomains`,
      hint: `Allowed: ${domains.join(", ")}. Add the domain to the policy or remove the member.`,
      source: ctx.at(m, "email"),
    });
  };
  for (const m of ctx.links.defaults?.members ?? []) check(m, "defaults.members");
  for (const [ws, raw] of ctx.links.workspaces) for (const m of raw?.members ?? []) check(m, displayPath(ws.path));
};

/** A warning that comes after the alert would never be seen. */
const usageThresholds: Rule = (ctx) => {
  const p = ctx.desired.policies;
  if (p.usageWarningShare <= p.usageAlertShare) return;
  ctx.report({
    code: "usage-thresholds",
    message: `policies.usageWarningShare (${p.usageWarningShare}) is above policies.usageAlertShare (${p.usageAlertShare}); a warning must come at or before the alert`,
    hint: "Lower usageWarningShare or raise usageAlertShare (defaults 0.8 and 1).",
    source: p.sources.usageWarningShare ?? p.sources.usageAlertShare ?? p.rootSource,
  });
};

const joinDomains: Rule = (ctx) => {
  for (const [ws, raw] of ctx.links.workspaces) {
    if (ws.settings.joinPolicy === "email_domain" && !(ws.settings.joinDomains && ws.settings.joinDomains.length > 0)) {
      const settings = raw?.settings ?? ctx.links.defaults?.settings;
      ctx.report({
        code: "join-domains-missing",
        message: `${label(ws.path)} lets people join by email domain but names no domains`,
        hint: "Add `joinDomains: [your-domain.example]` next to `joinPolicy: email_domain`.",
        source: settings ? ctx.at(settings, "joinPolicy") : ws.source,
      });
    }
  }
};

const ignoredButListed: Rule = (ctx) => {
  for (const ws of ctx.desired.workspaces) {
    if (!ws.members || ws.ignoreMembers.length === 0) continue;
    const patterns = ws.ignoreMembers.map(
      (p) => new RegExp(`^${p.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`),
    );
    for (const m of ws.members) {
      if (m.fromDefaults) continue;
      if (patterns.some((re) => re.test(m.email))) {
        ctx.report({
          code: "member-ignored",
          message: `${m.email} is listed in ${label(ws.path)} but also matched by ignoreMembers`,
          hint: "The tool never manages an ignored member; remove the entry or narrow the pattern.",
          source: m.source,
          address: address.member(ws.path, m.email),
        });
      }
    }
  }
};

const quotas: Rule = (ctx) => {
  // Grouped once: filtering all workspaces for each one was quadratic (seconds at 20k).
  const parentBilled = new Map<string, DesiredWorkspace[]>();
  for (const c of ctx.desired.workspaces) {
    if (c.parentPath === null || c.billing !== "parent") continue;
    const list = parentBilled.get(c.parentPath);
    if (list) list.push(c);
    else parentBilled.set(c.parentPath, [c]);
  }
  for (const ws of ctx.desired.workspaces) {
    const raw = ctx.links.workspaces.get(ws) as SubWorkspace | undefined;
    const children = parentBilled.get(ws.path) ?? [];
    if (ws.path !== "" && ws.billing === "own" && ws.subscription) {
      for (const k of QUOTA_KEYS) {
        const limit = ws.subscription[k];
        if (limit === undefined) continue;
        const own = k === "seats" ? (ws.members?.length ?? 0) : 0;
        const given = children.reduce((sum, c) => sum + (c.allocation?.[k] ?? 0), 0);
        if (own + given > limit) {
          ctx.report({
            code: "allocation-exceeds-subscription",
            message: `${ws.path}: ${k === "seats" ? `${own} member${own === 1 ? "" : "s"} plus ` : ""}allocations of ${k} to its sub-workspaces (${given}) exceed its subscription (${limit}) by ${own + given - limit}`,
            hint: "Lower the children's allocations or raise the subscription.",
            source: ws.fieldSources[`subscription.${k}`] ?? ctx.at(raw, "subscription"),
            address: address.subworkspace(ws.path),
          });
        }
      }
    }
    if (ws.billing === "parent" && ws.path !== "" && ws.members && ws.allocation?.seats !== undefined) {
      if (ws.members.length > ws.allocation.seats) {
        ctx.report({
          code: "seats-exceed-allocation",
          message: `${ws.path} lists ${ws.members.length} members but its allocation has ${ws.allocation.seats} seat${ws.allocation.seats === 1 ? "" : "s"}`,
          hint: "Every member (and pending invitation) holds a seat: raise allocation.seats or list fewer members.",
          source: ws.fieldSources["allocation.seats"] ?? ws.source,
          address: address.allocation(ws.path),
        });
      }
    }
  }
};

/** A rotation policy written on a sub-workspace that has no key to rotate says nothing: a typo, or access turned off. */
const rotationWithoutAccess: Rule = (ctx) => {
  for (const [ws, raw] of ctx.links.workspaces) {
    if (!raw || !("apiKeyRotation" in raw) || !raw.apiKeyRotation || ws.apiAccess) continue;
    ctx.report({
      severity: "warning",
      code: "rotation-without-api-access",
      message: `${label(ws.path)} sets apiKeyRotation but has no API access, so it has no key to rotate`,
      hint: "turn apiAccess on, or remove apiKeyRotation",
      source: ctx.at(raw, "apiKeyRotation", "key"),
      address: address.apikey(ws.path),
    });
  }
};

/** `expires` is a real calendar day (the schema checks the YYYY-MM-DD shape, not 2026-02-30). */
function badExpiry(ctx: RuleContext, owner: { expires?: string } | undefined, what: () => string): void {
  const d = owner?.expires;
  if (d === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDate(d)) return;
  ctx.report({
    code: "invalid-format",
    // What is named is built only for a bad date: most entries have none.
    message: `${what()}: "${d}" is not a date on the calendar`,
    hint: "Write a calendar date as YYYY-MM-DD, such as 2026-12-31.",
    source: ctx.at(owner, "expires"),
  });
}

/** Expiry dates of shares (members' are checked with their lists). */
const expiryDates: Rule = (ctx) => {
  for (const s of ctx.links.assetShares) badExpiry(ctx, s, () => `asset share ${s.type}:${s.id ?? s.name} expires`);
  for (const c of ctx.links.contentShares) for (const u of c.users ?? []) badExpiry(ctx, u, () => `content ${c.type}:${c.id} user ${u.email} expires`);
};

export const RULES: Rule[] = [
  memberEntries,
  expiryDates,
  siblingNames,
  duplicateIds,
  billingShape,
  assetShares,
  contentShares,
  policies,
  usageThresholds,
  joinDomains,
  ignoredButListed,
  quotas,
  rotationWithoutAccess,
];

export function runRules(ctx: Omit<RuleContext, "report" | "at" | "byPath">, out: Diagnostic[]): void {
  const full: RuleContext = {
    ...ctx,
    byPath: new Map(ctx.desired.workspaces.map((w) => [w.path, w])),
    report: (d) => out.push({ severity: "error", ...d }),
    at: (obj, key, which = "value") =>
      (key === undefined ? ctx.loc.node(obj) : ctx.loc.key(obj, key, which)) ?? ctx.fallback,
  };
  for (const rule of RULES) rule(full);
}
