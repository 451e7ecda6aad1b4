// fast-check generators for the planner's property test: starting accounts built with the
// domain's operations (so they hold only what a real account can), and spec objects of the
// generated type WorkspacesSpec drawn from what the account holds (names, assets, content),
// so that matching, renames, shares and budgets all come into play.

import fc from "fast-check";
import { acceptInvitation, addAsset, addContent, addJoinRequest, consumeCredits, expireInvitation } from "../../src/domain/world.js";
import { changeMemberRole, checkAccount, createApiKey, createWorkspace, defaultAccount, emptyAccount, inviteMember, isDomainError, removeMember, shareAsset, updateContentSharing, updateWorkspace, workspacePath, type OpContext } from "../../src/domain/index.js";
import type { ContentType } from "../../src/model/address.js";
import type { AccountState, Quota } from "../../src/model/state.js";
import type {
  AssetShare,
  AssetType,
  ContentShare,
  Member,
  Role,
  Settings,
  SubWorkspace,
  WorkspacesSpec,
} from "../../src/spec/types.gen.js";

export const NOW = "2026-11-25T10:00:00.000Z";
export const PASSWORD_ENV = "HGW_PROPERTY_PASSWORD";

const NAMES = ["alpha", "beta", "gamma", "north", "south"] as const;
const EMAILS = ["ann@a.example", "bob@a.example", "cy@b.example", "dee@b.example", "eve@c.example", "fay@c.example"] as const;
const ROLES: Role[] = ["super_admin", "developer", "creator", "viewer"];
const ASSETS: { type: AssetType; id: string }[] = [
  { type: "avatar", id: "av_1" },
  { type: "avatar", id: "av_2" },
  { type: "voice", id: "vc_1" },
  { type: "brand_kit", id: "bk_1" },
  { type: "template", id: "tp_1" },
];
const CONTENT: { type: ContentType; id: string }[] = [
  { type: "folder", id: "fd_1" },
  { type: "video", id: "vd_1" },
  { type: "project", id: "pj_1" },
];

// ------------------------------------------------------------------ accounts

type AccountEvent =
  | { t: "ws"; parent: number; name: string; own: boolean; quota: Quota; apiAccess: boolean; protect: boolean }
  | { t: "invite"; ws: number; email: string; role: Role }
  | { t: "accept" | "expire" | "request"; ws: number; email: string }
  | { t: "role"; ws: number; email: string; role: Role }
  | { t: "consume"; ws: number; generativeCredits: number; apiCredits: number; avatarSlots: number }
  | { t: "asset"; ws: number; item: number }
  | { t: "content"; ws: number; item: number }
  | { t: "share"; item: number; to: number }
  | { t: "apikey"; ws: number }
  | { t: "remove"; ws: number; email: string }
  | { t: "bulk"; ws: number; count: number }
  | { t: "settings"; ws: number; settings: Settings }
  | { t: "contentUsers"; item: number; users: { email: string; access: "view" | "edit" }[]; password: boolean };

const quotaArb = (seats: number, credits: number): fc.Arbitrary<Quota> =>
  fc.record({
    seats: fc.integer({ min: 0, max: seats }),
    avatarSlots: fc.integer({ min: 0, max: 3 }),
    generativeCredits: fc.integer({ min: 0, max: credits }),
    apiCredits: fc.integer({ min: 0, max: credits / 2 }),
  });

const ws = fc.nat({ max: 7 });
/** true about one time in five */
const rarely = fc.nat({ max: 4 }).map((n) => n === 0);
const email = fc.constantFrom(...EMAILS);
const role = fc.constantFrom(...ROLES);

const settingsArb: fc.Arbitrary<Settings> = fc
  .record(
    {
      joinPolicy: fc.constantFrom("invite_only" as const, "request" as const, "email_domain" as const),
      whoCanInvite: fc.constantFrom("super_admins" as const, "all_members" as const),
      publicInviteLink: fc.boolean(),
      defaultSharing: fc.constantFrom("only_me" as const, "workspace" as const),
      unlistedJoinRequests: fc.constantFrom("deny" as const, "ignore" as const),
    },
    { requiredKeys: [] },
  )
  .map((st) => (st.joinPolicy === "email_domain" ? { ...st, joinDomains: ["a.example"] } : st));

const eventArb: fc.Arbitrary<AccountEvent> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant("ws" as const), parent: ws, name: fc.constantFrom(...NAMES), own: fc.boolean(), quota: quotaArb(6, 4000), apiAccess: fc.boolean(), protect: rarely }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant("invite" as const), ws, email, role }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constantFrom("accept" as const, "expire" as const, "request" as const), ws, email }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("role" as const), ws, email, role }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("consume" as const),
      ws,
      generativeCredits: fc.integer({ min: 0, max: 1500 }),
      apiCredits: fc.integer({ min: 0, max: 500 }),
      avatarSlots: fc.integer({ min: 0, max: 1 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("asset" as const), ws, item: fc.nat({ max: ASSETS.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("content" as const), ws, item: fc.nat({ max: CONTENT.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("share" as const), item: fc.nat({ max: ASSETS.length - 1 }), to: ws }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("apikey" as const), ws }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("remove" as const), ws, email }) },
  // enough members for the removal threshold (10 or more) to apply
  { weight: 1, arbitrary: fc.record({ t: fc.constant("bulk" as const), ws, count: fc.integer({ min: 6, max: 14 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("settings" as const), ws, settings: settingsArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant("contentUsers" as const),
      item: fc.nat({ max: CONTENT.length - 1 }),
      users: fc.uniqueArray(fc.record({ email, access: fc.constantFrom("view" as const, "edit" as const) }), { selector: (u) => u.email, maxLength: 3 }),
      password: fc.boolean(),
    }),
  },
);

export interface AccountRecipe {
  base: "default" | "empty";
  pools: Quota;
  events: AccountEvent[];
}

export const accountRecipeArb: fc.Arbitrary<AccountRecipe> = fc.record({
  base: fc.constantFrom("default" as const, "empty" as const),
  pools: fc.record({
    seats: fc.integer({ min: 2, max: 25 }),
    avatarSlots: fc.integer({ min: 0, max: 8 }),
    generativeCredits: fc.integer({ min: 0, max: 20000 }),
    apiCredits: fc.integer({ min: 0, max: 8000 }),
  }),
  events: fc.array(eventArb, { maxLength: 30 }),
});

/**
 * Plays the recipe's events on the base account; an event the domain refuses (a seat limit,
 * a missing workspace) is skipped, as the dashboard would refuse it. The result is checked.
 */
export function buildAccount(recipe: AccountRecipe): AccountState {
  const s = recipe.base === "default" ? defaultAccount(NOW) : emptyAccount(NOW, recipe.pools);
  let ids = 0;
  let keys = 0;
  const ctx: OpContext = {
    now: NOW,
    newId: (prefix) => `${prefix}_${String(++ids).padStart(3, "0")}`,
    newApiKey: () => {
      const value = `hgw_sk_acct${String(++keys).padStart(36, "0")}`;
      return { value, keyId: `key_acct_${keys}`, last4: value.slice(-4), hash: `sha256:acct-${keys}` };
    },
    digestPassword: (pw, previous) => previous ?? `salted-sha256:fixed:${pw.length}`,
  };
  const wsAt = (i: number) => s.workspaces[i % s.workspaces.length]!;
  const roots = () => s.workspaces.filter((w) => w.billing === "own");
  for (const e of recipe.events) {
    try {
      switch (e.t) {
        case "ws": {
          const parent = roots()[e.parent % roots().length]!;
          const own = e.own;
          createWorkspace(
            s,
            {
              name: e.name,
              parentId: parent.id,
              billing: own ? "own" : "parent",
              apiAccess: e.apiAccess,
              deletionProtection: e.protect,
              ...(own ? { subscription: { ...e.quota, seats: e.quota.seats + 2 } } : { allocation: e.quota }),
            },
            ctx,
          );
          break;
        }
        case "invite":
          inviteMember(s, wsAt(e.ws).id, e.email, e.role, ctx);
          break;
        case "accept":
          acceptInvitation(s, wsAt(e.ws).id, e.email, ctx);
          break;
        case "expire":
          expireInvitation(s, wsAt(e.ws).id, e.email, ctx);
          break;
        case "request":
          addJoinRequest(s, wsAt(e.ws).id, e.email, ctx);
          break;
        case "role":
          changeMemberRole(s, wsAt(e.ws).id, e.email, e.role);
          break;
        case "consume":
          consumeCredits(s, wsAt(e.ws).id, { generativeCredits: e.generativeCredits, apiCredits: e.apiCredits, avatarSlots: e.avatarSlots });
          break;
        case "asset": {
          const a = ASSETS[e.item]!;
          addAsset(s, { workspaceId: wsAt(e.ws).id, type: a.type, id: a.id, name: `${a.type} ${a.id}` });
          break;
        }
        case "content": {
          const c = CONTENT[e.item]!;
          addContent(s, { workspaceId: wsAt(e.ws).id, type: c.type, id: c.id, name: `${c.type} ${c.id}` });
          break;
        }
        case "share": {
          const a = s.assets[e.item % Math.max(1, s.assets.length)];
          if (a) shareAsset(s, { assetType: a.type, assetId: a.id, fromWorkspaceId: a.workspaceId, toWorkspaceId: wsAt(e.to).id });
          break;
        }
        case "bulk":
          for (let i = 1; i <= e.count; i++) inviteMember(s, wsAt(e.ws).id, `user${i}@bulk.example`, "creator", ctx);
          break;
        case "remove":
          removeMember(s, wsAt(e.ws).id, e.email);
          break;
        case "settings":
          updateWorkspace(s, wsAt(e.ws).id, { settings: e.settings });
          break;
        case "apikey": {
          const w = wsAt(e.ws);
          if (w.parentId !== null && !w.apiAccess) updateWorkspace(s, w.id, { apiAccess: true });
          createApiKey(s, w.id, ctx);
          break;
        }
        case "contentUsers": {
          const c = s.content[e.item % Math.max(1, s.content.length)];
          if (c) {
            updateContentSharing(
              s,
              { type: c.type, id: c.id },
              { generalAccess: "selected", users: e.users, ...(e.password ? { sharePage: { password: "old-password" } } : {}) },
              ctx,
            );
          }
          break;
        }
      }
    } catch (err) {
      if (!isDomainError(err)) throw err;
    }
  }
  const violations = checkAccount(s);
  if (violations.length > 0) throw new Error(`the generator built an invalid account: ${violations.map((v) => v.message).join("; ")}`);
  return s;
}

// ------------------------------------------------------------------ specs

/** What a spec generator may refer to in the account. */
export interface AccountFacts {
  /** paths of the account's sub-workspaces, parents first */
  paths: string[];
  ids: Map<string, string>;
  assets: { type: AssetType; id: string; path: string }[];
  content: { type: ContentType; id: string; path: string }[];
  mainSeats: number;
}

export function factsOf(s: AccountState): AccountFacts {
  const pathById = new Map(s.workspaces.map((w) => [w.id, workspacePath(s, w.id)]));
  const paths = s.workspaces.filter((w) => w.parentId !== null).map((w) => pathById.get(w.id)!);
  return {
    paths,
    ids: new Map(s.workspaces.filter((w) => w.parentId !== null).map((w) => [pathById.get(w.id)!, w.id])),
    assets: s.assets.map((a) => ({ type: a.type, id: a.id, path: pathById.get(a.workspaceId)! })),
    content: s.content.map((c) => ({ type: c.type, id: c.id, path: pathById.get(c.workspaceId)! })),
    mainSeats: s.workspaces.find((w) => w.parentId === null)!.subscription!.seats,
  };
}

/** Emails in either case: the spec compares them case-insensitively. */
const specEmail = fc.tuple(email, rarely).map(([e, upper]) => (upper ? e[0]!.toUpperCase() + e.slice(1) : e));
const membersArb: fc.Arbitrary<Member[]> = fc.uniqueArray(fc.record({ email: specEmail, role }), {
  selector: (m) => m.email.toLowerCase(),
  maxLength: 4,
});

interface SubDraft {
  name: string;
  own: boolean;
  members: Member[] | null;
  quota: Partial<Quota>;
  extraSeats: number;
  apiAccess: boolean | undefined;
  protect: boolean;
  pinId: boolean;
  /** pin the id of some other account workspace: a move, which planning refuses */
  pinOther: number | null;
  /** ignoreMembers: ["*@c.example"] */
  ignore: boolean;
  formerName: string | null;
  settings: Settings | null;
  additive: boolean;
  children: SubDraft[];
}

const partialQuota: fc.Arbitrary<Partial<Quota>> = fc.record(
  {
    seats: fc.integer({ min: 0, max: 4 }),
    avatarSlots: fc.integer({ min: 0, max: 3 }),
    generativeCredits: fc.integer({ min: 0, max: 4000 }),
    apiCredits: fc.integer({ min: 0, max: 2000 }),
  },
  { requiredKeys: [] },
);

const subDraftArb = (depth: number): fc.Arbitrary<SubDraft> =>
  fc.record({
    name: fc.constantFrom(...NAMES),
    own: fc.boolean(),
    members: fc.option(membersArb, { freq: 3 }),
    quota: partialQuota,
    extraSeats: fc.integer({ min: 0, max: 2 }),
    apiAccess: fc.option(fc.boolean(), { nil: undefined }),
    protect: rarely,
    pinId: rarely,
    pinOther: fc.option(fc.nat({ max: 7 }), { freq: 30 }),
    ignore: rarely,
    formerName: fc.option(fc.constantFrom(...NAMES), { freq: 4 }),
    settings: fc.option(settingsArb, { freq: 2 }),
    additive: rarely,
    children: depth > 0 ? fc.array(subDraftArb(depth - 1), { maxLength: 2 }) : fc.constant([]),
  });

export interface SpecDraft {
  mainName: string | null;
  mainMembers: Member[] | null;
  mainSettings: Settings | null;
  defaultMembers: Member[] | null;
  defaultSettings: Settings | null;
  subs: SubDraft[];
  /** per account asset: share it or not, and a mask choosing among the spec's paths */
  assetShares: { share: boolean; mask: number }[];
  contentShares: {
    share: boolean;
    generalAccess: "only_me" | "selected" | "workspace" | undefined;
    userMask: number;
    edit: number;
    password: "env" | "none" | undefined;
    publicPublishing: boolean | undefined;
    captions: boolean | undefined;
  }[];
}

export const specDraftArb: fc.Arbitrary<SpecDraft> = fc.record({
  mainName: fc.option(fc.constantFrom("Acme Agency", "Renamed Co"), { freq: 2 }),
  mainMembers: fc.option(membersArb, { freq: 2 }),
  mainSettings: fc.option(settingsArb, { freq: 2 }),
  defaultMembers: fc.option(fc.uniqueArray(fc.record({ email: specEmail, role }), { selector: (m) => m.email.toLowerCase(), maxLength: 1 }), { freq: 4 }),
  defaultSettings: fc.option(settingsArb, { freq: 3 }),
  subs: fc.array(subDraftArb(2), { maxLength: 4 }),
  assetShares: fc.array(fc.record({ share: fc.boolean(), mask: fc.nat({ max: 255 }) }), { minLength: ASSETS.length, maxLength: ASSETS.length }),
  contentShares: fc.array(
    fc.record({
      share: fc.boolean(),
      generalAccess: fc.constantFrom("only_me" as const, "selected" as const, "workspace" as const, undefined),
      userMask: fc.nat({ max: 63 }),
      edit: fc.nat({ max: 63 }),
      password: fc.constantFrom("env" as const, "none" as const, undefined),
      publicPublishing: fc.option(fc.boolean(), { nil: undefined }),
      captions: fc.option(fc.boolean(), { nil: undefined }),
    }),
    { minLength: CONTENT.length, maxLength: CONTENT.length },
  ),
});

/**
 * Turns a draft into a spec for this account, keeping it within the spec's own rules where
 * that is cheap (unique sibling names, allocations that cover listed members, subscriptions
 * that cover their children, shares of items that exist, content users who are members), so
 * that most runs reach the planner. Whether the account's pools fit is left to the planner.
 */
export function specFor(draft: SpecDraft, facts: AccountFacts): WorkspacesSpec {
  const specPaths: string[] = [];
  const pinned = new Set<string>();
  const membersByPath = new Map<string, Member[] | null>();
  const defaults = draft.defaultMembers && draft.defaultMembers.length > 0 ? draft.defaultMembers : null;
  // defaults.members join every sub-workspace's list, and make one when it has none
  const withDefaults = (members: Member[] | null): Member[] | null => {
    if (members === null) return defaults;
    const listed = new Set(members.map((m) => m.email.toLowerCase()));
    return [...members, ...(defaults ?? []).filter((d) => !listed.has(d.email.toLowerCase()))];
  };

  /** Each sibling's name and former name must be unique among the siblings' names and former names. */
  const build = (d: SubDraft, parentPath: string, siblings: Set<string>, names: ReadonlySet<string>): SubWorkspace | null => {
    if (siblings.has(d.name)) return null;
    siblings.add(d.name);
    const path = parentPath === "" ? d.name : `${parentPath}/${d.name}`;
    specPaths.push(path);
    const ignored = (m: Member) => d.ignore && m.email.toLowerCase().endsWith("@c.example");
    const listed = d.members ? d.members.filter((m) => !ignored(m)) : null;
    const effective = withDefaults(listed);
    membersByPath.set(path, effective);
    const out: SubWorkspace = { name: d.name };
    const pin = d.pinOther !== null && facts.paths.length > 0 ? facts.ids.get(facts.paths[d.pinOther % facts.paths.length]!) : d.pinId ? facts.ids.get(path) : undefined;
    if (pin && !pinned.has(pin)) {
      pinned.add(pin);
      out.id = pin;
    }
    if (d.formerName && !names.has(d.formerName) && !siblings.has(d.formerName)) {
      siblings.add(d.formerName);
      out.formerNames = [d.formerName];
    }
    if (d.apiAccess !== undefined) out.apiAccess = d.apiAccess;
    if (d.protect) out.deletionProtection = true;
    if (d.settings) out.settings = d.settings;
    if (listed) out.members = listed;
    if (d.ignore) out.ignoreMembers = ["*@c.example"];
    if (d.additive) out.memberOwnership = "additive";
    const memberCount = effective?.length ?? 0;
    if (d.own) {
      out.billing = "own";
      const kids = new Set<string>();
      const kidNames = new Set(d.children.map((c) => c.name));
      const children = d.children.map((c) => build(c, path, kids, kidNames)).filter((c): c is SubWorkspace => c !== null);
      if (children.length > 0) out.subWorkspaces = children;
      const given = (k: keyof Quota) => children.reduce((sum, c) => sum + ((c.billing ?? "parent") === "parent" ? (c.allocation?.[k] ?? 0) : 0), 0);
      out.subscription = {
        seats: memberCount + given("seats") + d.extraSeats,
        avatarSlots: (d.quota.avatarSlots ?? 1) + given("avatarSlots"),
        generativeCredits: (d.quota.generativeCredits ?? 1000) + given("generativeCredits"),
        apiCredits: (d.quota.apiCredits ?? 0) + given("apiCredits"),
      };
    } else {
      out.billing = "parent";
      const allocation = { ...d.quota };
      if (allocation.seats !== undefined || d.members) allocation.seats = Math.max(allocation.seats ?? 0, memberCount) + (d.extraSeats > 1 ? 1 : 0);
      if (Object.keys(allocation).length > 0) out.allocation = allocation;
    }
    return out;
  };

  const top = new Set<string>();
  const topNames = new Set(draft.subs.map((d) => d.name));
  const subs = draft.subs.map((d) => build(d, "", top, topNames)).filter((s): s is SubWorkspace => s !== null);
  membersByPath.set("", draft.mainMembers);

  const spec: WorkspacesSpec = { version: 1 };
  spec.workspace = {};
  if (draft.mainName) spec.workspace.name = draft.mainName;
  if (draft.mainSettings) spec.workspace.settings = draft.mainSettings;
  if (draft.mainMembers) spec.workspace.members = draft.mainMembers;
  if (defaults || draft.defaultSettings) spec.defaults = { ...(defaults ? { members: defaults } : {}), ...(draft.defaultSettings ? { settings: draft.defaultSettings } : {}) };
  if (subs.length > 0) spec.subWorkspaces = subs;

  const inSpec = new Set(["", ...specPaths]);
  const ref = (path: string) => (path === "" ? "workspace" : path);

  const assetShares: AssetShare[] = [];
  facts.assets.forEach((a, i) => {
    const choice = draft.assetShares[i % draft.assetShares.length]!;
    if (!choice.share || !inSpec.has(a.path)) return;
    const to = specPaths.filter((p, j) => p !== a.path && (choice.mask >> j) % 2 === 1);
    if (to.length === 0) return;
    assetShares.push({ type: a.type, id: a.id, ...(a.path === "" ? {} : { from: a.path }), to: to as [string, ...string[]] });
  });
  if (assetShares.length > 0) spec.assetShares = assetShares;

  const contentShares: ContentShare[] = [];
  facts.content.forEach((c, i) => {
    const choice = draft.contentShares[i % draft.contentShares.length]!;
    if (!choice.share || !inSpec.has(c.path)) return;
    const share: ContentShare = { type: c.type as ContentShare["type"], id: c.id };
    if (c.path !== "") share.workspace = ref(c.path);
    if (choice.generalAccess) share.generalAccess = choice.generalAccess;
    // Where the spec does not list members, any of the pool may be named (no rule checks it).
    const members = membersByPath.get(c.path) ?? EMAILS.map((e, j) => ({ email: e, role: ROLES[j % ROLES.length]! }));
    if (choice.generalAccess !== "only_me") {
      const listed = membersByPath.get(c.path) !== null && membersByPath.get(c.path) !== undefined;
      const users = members
        .filter((_, j) => (choice.userMask >> j) % 2 === 1)
        .map((m, j) => ({ email: m.email, access: (!listed || m.role !== "viewer") && (choice.edit >> j) % 2 === 1 ? ("edit" as const) : ("view" as const) }));
      share.users = users;
    }
    const page: NonNullable<ContentShare["sharePage"]> = {};
    if (choice.password === "env") page.password = { env: PASSWORD_ENV };
    if (choice.password === "none") page.password = null;
    if (choice.publicPublishing !== undefined) page.publicPublishing = choice.publicPublishing;
    if (choice.captions !== undefined) page.captions = choice.captions;
    if (Object.keys(page).length > 0) share.sharePage = page;
    contentShares.push(share);
  });
  if (contentShares.length > 0) spec.contentShares = contentShares;
  return spec;
}
