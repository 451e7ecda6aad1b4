// fast-check generators for the spec editing tests: spec-shaped values (keys from the
// schema, strings that need quoting, an unknown key now and then), and a writer that lays a
// value out as YAML the way people do, differently each time: indentation of 1 to 4
// spaces, lists indented under their key or not, block or flow collections, keys in any
// order, extra spaces, comments on their own lines at any column and after values, blank
// lines, quoted and plain strings.

import fc from "fast-check";

/** A random choice in [0, n). */
export type Pick = (n: number) => number;

const EMAILS = ["ann@a.example", "Bob@A.example", "cy+tag@b.example", "dee@b.example", "eve@c.example"];
const ROLES = ["super_admin", "developer", "creator", "viewer"];
const STRINGS = ["client-a", "Client B - pilot", "a: b", "#hash", "yes", "null", "1.5", "x'y", 'q"z', "é unicode", "trailing ", "emea/north"];

const str = fc.oneof(fc.constantFrom(...STRINGS), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/));
const member = fc.record({ email: fc.constantFrom(...EMAILS), role: fc.constantFrom(...ROLES) });
const quota = fc.record(
  { seats: fc.nat(20), avatarSlots: fc.nat(5), generativeCredits: fc.nat(10000), apiCredits: fc.nat(10000) },
  { requiredKeys: [] },
);
const settings = fc.record(
  {
    joinPolicy: fc.constantFrom("invite_only", "request", "email_domain"),
    joinDomains: fc.array(fc.constantFrom("a.example", "b.example"), { maxLength: 2 }),
    whoCanInvite: fc.constantFrom("super_admins", "all_members"),
    publicInviteLink: fc.boolean(),
    defaultSharing: fc.constantFrom("only_me", "workspace"),
  },
  { requiredKeys: [] },
);
const unknown = fc.option(fc.record({ "x-note": str }), { nil: undefined });

const { sub } = fc.letrec<{ sub: Record<string, unknown> }>((tie) => ({
  sub: fc
    .tuple(
      fc.record(
        {
          name: str,
          id: fc.stringMatching(/^ws_[a-z0-9]{3}$/),
          formerNames: fc.array(str, { maxLength: 2 }),
          billing: fc.constantFrom("parent", "own"),
          apiAccess: fc.boolean(),
          allocation: quota,
          settings,
          members: fc.array(member, { maxLength: 3 }),
          memberOwnership: fc.constantFrom("authoritative", "additive"),
          ignoreMembers: fc.array(fc.constant("*@support.example"), { maxLength: 1 }),
          deletionProtection: fc.boolean(),
          subWorkspaces: fc.array(tie("sub"), { maxLength: 2 }),
        },
        { requiredKeys: ["name"] },
      ),
      unknown,
    )
    .map(([s, u]) => ({ ...s, ...u })),
}));

/** Spec-shaped values: every key the schema has somewhere, nested sub-workspaces, odd strings. */
export const specValueArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    version: fc.constant(1),
    include: fc.array(fc.constant("clients/*.yaml"), { maxLength: 1 }),
    workspace: fc.record({ name: str, settings, members: fc.array(member, { maxLength: 3 }), memberOwnership: fc.constant("additive") }, { requiredKeys: [] }),
    defaults: fc.record({ billing: fc.constant("parent"), allocation: quota, members: fc.array(member, { maxLength: 2 }), deletionProtection: fc.boolean() }, { requiredKeys: [] }),
    policies: fc.record({ minSuperAdmins: fc.nat(2), allowedEmailDomains: fc.array(fc.constant("a.example"), { maxLength: 1 }) }, { requiredKeys: [] }),
    subWorkspaces: fc.array(sub, { maxLength: 3 }),
    assetShares: fc.array(fc.record({ type: fc.constantFrom("avatar", "voice"), id: fc.constantFrom("av_1", "vc_1"), from: str, to: fc.array(str, { minLength: 1, maxLength: 3 }) }, { requiredKeys: ["type", "id", "to"] }), { maxLength: 2 }),
    contentShares: fc.array(
      fc.record(
        {
          type: fc.constantFrom("folder", "video"),
          id: fc.constantFrom("fd_1", "vd_1"),
          generalAccess: fc.constantFrom("selected", "workspace"),
          users: fc.array(fc.record({ email: fc.constantFrom(...EMAILS), access: fc.constantFrom("view", "edit") }), { maxLength: 2 }),
          sharePage: fc.record({ password: fc.oneof(fc.constant(null), fc.record({ env: fc.constant("PW") })), captions: fc.boolean() }, { requiredKeys: [] }),
        },
        { requiredKeys: ["type", "id"] },
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

export const POOL = ["ann@a.example", "bob@a.example", "cy@b.example", "dee@b.example", "eve@c.example"];
export const ROLE = fc.constantFrom("super_admin", "developer", "creator", "viewer");

/** Valid specs: unique emails per list, content users drawn from their workspace's members. */
export const validSpecArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    main: fc.uniqueArray(fc.record({ email: fc.constantFrom(...POOL), role: ROLE }), { selector: (m) => m.email, maxLength: 4 }),
    defaults: fc.option(fc.uniqueArray(fc.record({ email: fc.constantFrom(...POOL), role: ROLE }), { selector: (m) => m.email, maxLength: 2 }), { nil: undefined }),
    subs: fc.array(
      fc.record({
        members: fc.option(fc.uniqueArray(fc.record({ email: fc.constantFrom(...POOL), role: ROLE }), { selector: (m) => m.email, maxLength: 3 }), { nil: undefined }),
        note: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
    share: fc.boolean(),
  })
  .map(({ main, defaults, subs, share }) => {
    const spec: Record<string, unknown> = { version: 1, workspace: { name: "Acme", members: main } };
    if (defaults) spec.defaults = { members: defaults };
    spec.subWorkspaces = subs.map((s, i) => ({ name: `client-${i}`, ...(s.note ? { image: "logo.png" } : {}), ...(s.members ? { members: s.members } : {}) }));
    const users = main.filter((m) => m.role !== "viewer").map((m) => ({ email: m.email, access: "edit" }));
    if (share && users.length > 0) spec.contentShares = [{ type: "folder", id: "fd_1", generalAccess: "selected", users }];
    return spec;
  });

const PLAIN = /^[A-Za-z][A-Za-z0-9_.@/+-]*( [A-Za-z0-9_.@/+-]+)*$/;
const RESERVED = /^(true|false|null|True|False|Null|TRUE|FALSE|NULL|~)$/;

/** Lays `value` out as YAML; `pick` makes every layout choice. */
export function randomLayout(value: Record<string, unknown>, pick: Pick): string {
  const out: string[] = [];
  let n = 0;
  const comment = (): string => `# note ${++n}${pick(4) === 0 ? ": with # and 'quotes'" : ""}`;
  const spaces = (k: number): string => " ".repeat(Math.max(0, k));
  /** comments and blank lines before an entry at column `col` */
  const asides = (col: number): void => {
    switch (pick(6)) {
      case 1:
        out.push("");
        break;
      case 2:
        out.push(spaces(col + pick(5) - 2) + comment());
        break;
      case 3:
        out.push("", "", spaces(col) + comment(), spaces(col) + comment());
        break;
      default:
        break;
    }
  };
  const trail = (): string => (pick(4) === 0 ? spaces(1 + pick(3)) + comment() : "");
  const scalar = (v: unknown): string => {
    if (v === null) return ["null", "~"][pick(2)]!;
    if (typeof v !== "string") return String(v);
    const canPlain = PLAIN.test(v) && !RESERVED.test(v) && !/^[-+]?\.?[0-9]/.test(v);
    switch (canPlain ? pick(3) : 1 + pick(2)) {
      case 0:
        return v;
      case 1:
        return JSON.stringify(v);
      default:
        return `'${v.replace(/'/g, "''")}'`;
    }
  };
  const isColl = (v: unknown): v is Record<string, unknown> | unknown[] => v !== null && typeof v === "object";
  const empty = (v: Record<string, unknown> | unknown[]): boolean => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
  const shuffled = (keys: string[]): string[] => {
    const k = [...keys];
    if (pick(3) === 0) return k;
    for (let i = k.length - 1; i > 0; i--) {
      const j = pick(i + 1);
      [k[i], k[j]] = [k[j]!, k[i]!];
    }
    return k;
  };
  const flow = (v: unknown): string => {
    if (!isColl(v)) return scalar(v);
    const sep = [", ", ",", " , "][pick(3)]!;
    if (Array.isArray(v)) {
      const pad = pick(2) === 0 ? "" : " ";
      return v.length === 0 ? "[]" : `[${pad}${v.map(flow).join(sep)}${pad}]`;
    }
    const keys = shuffled(Object.keys(v));
    const pad = pick(3) === 0 ? "" : " ";
    return keys.length === 0 ? "{}" : `{${pad}${keys.map((k) => `${k}:${spaces(1 + pick(2))}${flow(v[k])}`).join(sep)}${pad}}`;
  };
  /** Whether to write a collection in block style. */
  const block = (v: unknown): v is Record<string, unknown> | unknown[] => isColl(v) && !empty(v) && pick(4) !== 0;

  const map = (v: Record<string, unknown>, col: number, first: string | null): void => {
    shuffled(Object.keys(v)).forEach((key, i) => {
      const head = i === 0 && first !== null ? first : (asides(col), spaces(col));
      const child = v[key];
      if (block(child)) {
        out.push(`${head}${key}:${trail()}`);
        if (Array.isArray(child)) seq(child, col + (pick(2) === 0 ? 0 : 1 + pick(3)), null);
        else map(child, col + 1 + pick(4), null);
      } else {
        const text = flow(child);
        out.push(`${head}${key}:${text === "null" && pick(2) === 0 ? "" : spaces(1 + pick(2)) + text}${trail()}`);
      }
    });
  };
  const seq = (v: unknown[], col: number, first: string | null): void => {
    v.forEach((item, i) => {
      const head = i === 0 && first !== null ? first : (asides(col), spaces(col));
      if (block(item) && !Array.isArray(item)) {
        const gap = 1 + pick(2);
        if (pick(6) === 0) {
          // `- # comment` with the mapping on the next lines
          out.push(`${head}-${spaces(1)}${comment()}`);
          map(item, col + gap + 1, null);
        } else map(item, col + 1 + gap, `${head}-${spaces(gap)}`);
      } else if (block(item) && Array.isArray(item)) {
        seq(item, col + 2, `${head}- `);
      } else out.push(`${head}-${spaces(1 + pick(2))}${flow(item)}${trail()}`);
    });
  };
  if (pick(3) === 0) out.push(comment(), "#", comment());
  if (pick(5) === 0) out.push("---");
  if (Object.keys(value).length === 0) out.push("{}");
  else map(value, 0, null);
  if (pick(3) === 0) out.push("", spaces(pick(3)) + comment());
  return `${out.join("\n")}${pick(5) === 0 ? "" : "\n"}`;
}
