// What a WorkspaceTree does when the dynamic-provider host calls it: the same load -> plan ->
// apply pipeline as `hgw plan` / `hgw apply`, with the planner deciding every change.

import { address, pathIn, targetMatches } from "../model/address.js";
import type { DesiredAccount } from "../model/desired.js";
import { UserError } from "../model/diagnostics.js";
import { redactUrl } from "../model/world-errors.js";
import type { AccountState } from "../model/state.js";
import type { Provider } from "../model/provider.js";
import type { Plan } from "../plan/types.js";
import { SYMBOL } from "../plan/render/common.js";
import type { WorkspacesSpec } from "../spec/types.gen.js";
import {
  describe,
  fail,
  hasUnknowns,
  accountRelation,
  plain,
  providerFromEnv,
  secretValue,
  UNKNOWN,
  settingsOf,
  settingsOut,
  unwrapSecret,
  withAccount,
  type ProviderSettings,
} from "./common.js";
import { engine, type Engine } from "./engine.js";

export interface TreeInputs {
  spec?: WorkspacesSpec;
  specPath?: string;
  provider?: unknown;
  allowDelete?: boolean;
  /** Sub-workspaces one update may delete (default 5); the spec's policies set the other limits. */
  maxDeletions?: number;
  /**
   * Set by check, never by the program: what the planner would change in the account now,
   * as `+ address` / `~ address` / `- address` in plan order ([] when nothing; the unknown
   * value while the spec or provider is not known yet). It is an input so that `pulumi
   * preview` shows it: the dynamic-provider host (3.248) drops a detailed diff, but the
   * engine prints the difference between the stored and the checked inputs.
   */
  plannedChanges?: string[] | string;
  /** Set by check: the id of the account the tree was planned against (its identity over HTTP). */
  __account?: string;
  /**
   * Set by check: the addresses the spec declares. The engine stores checked inputs and
   * hands them back as `olds` to the next check, which needs to know what the tree
   * managed (allowDelete deletes only that) and sees only inputs, not outputs. The `__`
   * prefix keeps it out of Pulumi's diff display.
   */
  __managed?: string[];
}

export interface ManagedWorkspace {
  id: string;
  name: string;
  billing: string;
  allocation: Record<string, number> | null;
  apiAccess: boolean;
  /** email -> "role (status)" */
  members: Record<string, string>;
}

export interface TreeOutputs {
  spec: WorkspacesSpec | null;
  specPath: string | null;
  provider: Record<string, unknown>;
  allowDelete: boolean;
  maxDeletions?: number;
  accountId: string;
  /** Addresses the tree declares: its sub-workspaces and asset shares. */
  managed: string[];
  /** Managed workspaces as the account holds them ("" is the main workspace). */
  workspaces: Record<string, ManagedWorkspace>;
  /** The changes the last create/update made, as `+ address`, `~ address`, `- address`. */
  lastChanges: string[];
  /** What differs between the account and the spec, found by the last refresh. */
  drift: string[];
  /** New API keys by workspace path; secret. */
  apiKeys: unknown;
}

const HOLDER = `pulumi WorkspaceTree (pid ${process.pid})`;

/** For what the tree's own destroy removes: `pulumi destroy` is the consent. */
const UNLIMITED = { maxDeletions: Infinity, maxMemberRemovals: Infinity, maxShareRevocations: Infinity };

export function changeLines(plan: Plan): string[] {
  return plan.changes.filter((c) => c.action !== "noop").map((c) => `${SYMBOL[c.action]} ${c.address}`);
}

function cwd(): string {
  return process.cwd();
}

type CheckFailure = { property: string; reason: string };

function loadDesired(e: Engine, inputs: TreeInputs): ReturnType<Engine["loadSpec"]> | ReturnType<Engine["loadSpecObject"]> {
  return inputs.specPath
    ? e.loadSpec([inputs.specPath], { cwd: cwd() })
    : e.loadSpecObject(inputs.spec ?? {}, { name: "WorkspaceTree.spec", cwd: cwd() });
}

async function desiredOf(e: Engine, inputs: TreeInputs): Promise<DesiredAccount> {
  const r = await loadDesired(e, inputs);
  if (!r.desired) throw new UserError(r.diagnostics, describe(r.diagnostics));
  return r.desired;
}

/**
 * What the tree managed before this check, from the stored inputs: what the last check put
 * there, else (state written before that existed) what the stored spec object declares.
 * Nothing when the tree moves to another account: it manages nothing there yet.
 */
async function managedBefore(e: Engine, olds: TreeInputs, now: ProviderSettings): Promise<string[]> {
  if (olds.spec === undefined && olds.specPath === undefined) return [];
  if ((await accountRelation(settingsOf(olds.provider, cwd()), now, cwd(), olds.__account)) === "moved") return [];
  if (Array.isArray(olds.__managed)) return olds.__managed;
  if (olds.spec === undefined) return [];
  const r = await loadDesired(e, olds);
  return r.desired ? managedOf(r.desired) : [];
}

/** A message that reaches the CLI never carries the API key, whatever a lower layer put in it. */
function redact(message: string, s: ProviderSettings): string {
  return s.kind === "http" && s.apiKey ? message.split(s.apiKey).join("[secret]") : message;
}

function managedOf(d: DesiredAccount): string[] {
  return [
    ...d.workspaces.filter((w) => w.path !== "").map((w) => address.subworkspace(w.path)),
    ...d.assetShares.map((s) => address.assetShare(s.type, s.id, s.toPath)),
  ];
}

function plainError(e: unknown): Error {
  if (e instanceof UserError) return new Error(describe(e.diagnostics) || e.message);
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * The plan for the tree. With allowDelete, sub-workspaces the spec dropped are deleted, but
 * only those this tree managed before: a workspace some other stack or person made is never
 * the tree's to remove.
 */
/** The account, and which of its share-page passwords match the spec's secrets (see `hgw plan`). */
interface Seen {
  state: AccountState;
  passwordChecks: ReadonlyMap<string, boolean>;
}

async function see(e: Engine, desired: DesiredAccount, p: Provider): Promise<Seen> {
  const state = await p.read();
  return { state, passwordChecks: await e.checkSharePasswords(desired, state, p) };
}

function treePlan(e: Engine, desired: DesiredAccount, seen: Seen, inputs: TreeInputs, before: string[]): Plan {
  const { state, passwordChecks } = seen;
  const allowDelete = inputs.allowDelete ?? false;
  // The spec's policies set the member and share limits; deletions are the tree's input.
  const limits = { passwordChecks, ...(inputs.maxDeletions === undefined ? {} : { maxDeletions: inputs.maxDeletions }) };
  if (!allowDelete) return e.plan(desired, state, { allowDelete, ...limits });
  // Unlimited at first: foreign deletions are dropped below and must not count.
  const first = e.plan(desired, state, { allowDelete, passwordChecks, ...UNLIMITED });
  const mine = new Set(before);
  const foreign = first.changes
    .filter((c) => c.kind === "subworkspace" && c.action === "delete" && !mine.has(c.address))
    .map((c) => c.address);
  if (foreign.length === 0) return e.plan(desired, state, { allowDelete, ...limits });
  const under = (a: string): boolean => foreign.some((f) => targetMatches(f, a));
  const targets = first.changes.filter((c) => !under(c.address)).map((c) => c.address);
  // No targets would mean "no targeting" to the planner: with nothing of its own to do, the
  // tree's plan is empty (else every preview would show, and every up retry, foreign deletions).
  const plan =
    targets.length === 0
      ? { ...first, changes: [], summary: { create: 0, update: 0, delete: 0, replace: 0, approve: 0, deny: 0 } }
      : e.plan(desired, state, { allowDelete, targets, ...limits });
  // A target keeps what it depends on; a change of the tree's that needs a foreign workspace
  // gone is refused rather than carried out.
  const needs = plan.changes.filter((c) => under(c.address)).map((c) => c.address);
  if (needs.length > 0) {
    fail("foreign-delete", `the tree's changes depend on deleting what it does not manage: ${needs.join(", ")}`);
  }
  return plan;
}

function workspacesOf(state: AccountState, desired: DesiredAccount): Record<string, ManagedWorkspace> {
  const byId = new Map(state.workspaces.map((w) => [w.id, w]));
  const wanted = new Set(desired.workspaces.map((w) => w.path));
  const out: Record<string, ManagedWorkspace> = {};
  const members = new Map<string, Record<string, string>>();
  for (const m of state.members) {
    const list = members.get(m.workspaceId) ?? {};
    list[m.email] = `${m.role} (${m.status})`;
    members.set(m.workspaceId, list);
  }
  for (const w of state.workspaces) {
    const p = pathIn(byId, w);
    if (!wanted.has(p)) continue;
    out[p] = {
      id: w.id,
      name: w.name,
      billing: w.billing,
      allocation: w.allocation ? { ...w.allocation } : null,
      apiAccess: w.apiAccess,
      members: members.get(w.id) ?? {},
    };
  }
  return out;
}

function keysStillHeld(keys: Record<string, string>, state: AccountState, ws: Record<string, ManagedWorkspace>): Record<string, string> {
  const withKey = new Set(state.apiKeys.map((k) => k.workspaceId));
  return Object.fromEntries(Object.entries(keys).filter(([p]) => ws[p] && withKey.has(ws[p].id)));
}

async function applyTree(inputs: TreeInputs, previous: TreeOutputs | null): Promise<TreeOutputs> {
  const e = await engine();
  const settings = settingsOf(inputs.provider, cwd());
  const desired = await desiredOf(e, inputs);
  const allowDelete = inputs.allowDelete ?? false;
  return withAccount(settings, cwd(), async (provider) => {
    const plan = treePlan(e, desired, await see(e, desired, provider), inputs, previous?.managed ?? []);
    const report = await e.applyPlan(plan, provider, { holder: HOLDER });
    if (report.failed.length > 0) {
      const lines = [
        ...report.failed.map((f) => `${f.address}: ${f.error}`),
        ...report.skipped.map((x) => `${x.address}: skipped (depends on ${x.because})`),
      ];
      throw new Error(`applying the workspace tree failed:\n${lines.join("\n")}`);
    }
    const after = await provider.read();
    const workspaces = workspacesOf(after, desired);
    // Keys are shown once: carry earlier ones over, following their workspace through renames.
    const pathById = new Map(Object.entries(workspaces).map(([p, w]) => [w.id, p]));
    const oldKeys: Record<string, string> = {};
    for (const [p, k] of Object.entries((unwrapSecret(previous?.apiKeys) ?? {}) as Record<string, string>)) {
      const id = previous?.workspaces?.[p]?.id;
      const now = id === undefined ? undefined : pathById.get(id);
      if (now !== undefined) oldKeys[now] = k;
    }
    const newKeys = Object.fromEntries(report.apiKeys.map((k) => [k.workspacePath, k.value]));
    return plain({
      spec: inputs.spec ?? null,
      specPath: inputs.specPath ?? null,
      provider: settingsOut(settings),
      allowDelete,
      ...(inputs.maxDeletions !== undefined ? { maxDeletions: inputs.maxDeletions } : {}),
      accountId: after.account.id,
      managed: managedOf(desired),
      workspaces,
      lastChanges: changeLines(plan),
      drift: [],
      apiKeys: secretValue(keysStillHeld({ ...oldKeys, ...newKeys }, after, workspaces)),
    });
  });
}

export const tree = {
  /**
   * Validates the spec and adds `plannedChanges`. Read-only: it reads the account and plans,
   * as `hgw plan` does (a sandbox never used before gets its default account, as on any
   * first read). Cost: one account read and one plan per check, so a preview reads and plans
   * twice per tree (here and in diff); diff does not trust this list, see there.
   */
  async check(olds: TreeInputs, news: TreeInputs): Promise<{ inputs: TreeInputs; failures: CheckFailure[] }> {
    const failures: CheckFailure[] = [];
    // Whatever came in under these names (a stale stored list, a program's value) is replaced.
    const { plannedChanges: _p, __managed: _m, __account: _a, ...inputs } = news;
    if ((news.spec === undefined) === (news.specPath === undefined)) {
      failures.push({ property: "spec", reason: "give exactly one of `spec` (an object) and `specPath` (a YAML file)" });
      return { inputs, failures };
    }
    if (hasUnknowns([news.spec, news.specPath, news.provider, news.allowDelete, news.maxDeletions])) {
      return { inputs: { ...inputs, plannedChanges: UNKNOWN }, failures };
    }
    const e = await engine();
    const loaded = await loadDesired(e, news);
    if (!loaded.desired) {
      failures.push({ property: news.specPath ? "specPath" : "spec", reason: describe(loaded.diagnostics) });
      return { inputs, failures };
    }
    const desired = loaded.desired;
    const settings = settingsOf(news.provider, cwd());
    let seen: Seen;
    let before: string[];
    try {
      seen = await withAccount(settings, cwd(), (p) => see(e, desired, p));
      before = await managedBefore(e, olds, settings);
    } catch (err) {
      const where = settings.kind === "http" ? `the API at ${settings.apiUrl ? redactUrl(settings.apiUrl) : "HEYGEN_API_URL"}` : `the sandbox in ${settings.sandboxDir}`;
      failures.push({ property: "provider", reason: redact(`could not read the account (${where}) to plan the tree: ${plainError(err).message}`, settings) });
      return { inputs, failures };
    }
    try {
      const plannedChanges = changeLines(treePlan(e, desired, seen, news, before));
      return { inputs: { ...inputs, plannedChanges, __managed: managedOf(desired), __account: seen.state.account.id }, failures };
    } catch (err) {
      failures.push({ property: news.specPath ? "specPath" : "spec", reason: redact(plainError(err).message, settings) });
      return { inputs, failures };
    }
  },

  async diff(_id: string, olds: TreeOutputs, news: TreeInputs) {
    if (hasUnknowns(news)) return { changes: true };
    const was: ProviderSettings = settingsOf(olds.provider, cwd());
    const now = settingsOf(news.provider, cwd());
    try {
      // The account is who the API says it is: the same one under another spelling of its
      // URL is an update (the outputs take the new settings), never a replacement, which
      // would delete the tree's sub-workspaces.
      const relation = await accountRelation(was, now, cwd(), olds.accountId);
      if (relation === "moved") return { changes: true, replaces: ["provider"], deleteBeforeReplace: false };
      const e = await engine();
      const desired = await desiredOf(e, news);
      const lines = await withAccount(now, cwd(), async (p) =>
        changeLines(treePlan(e, desired, await see(e, desired, p), news, olds.managed ?? [])),
      );
      // Decided from the planner and the stored outputs alone: `news.plannedChanges` is what
      // check saw (possibly a list stored before the last apply) and must never make a diff.
      const managed = managedOf(desired);
      const sameManaged = managed.length === (olds.managed ?? []).length && managed.every((a) => olds.managed.includes(a));
      // Only whether anything changes: the dynamic-provider host (3.248) passes on changes,
      // replaces and deleteBeforeReplace and drops anything else, a detailed diff included.
      return {
        changes: lines.length > 0 || !sameManaged || (news.allowDelete ?? false) !== (olds.allowDelete ?? false) || relation === "respelled",
      };
    } catch (e) {
      throw plainError(e);
    }
  },

  async create(inputs: TreeInputs): Promise<{ id: string; outs: TreeOutputs }> {
    try {
      const outs = await applyTree(inputs, null);
      return { id: `tree:${outs.accountId}`, outs };
    } catch (e) {
      throw plainError(e);
    }
  },

  async update(_id: string, olds: TreeOutputs, news: TreeInputs): Promise<{ outs: TreeOutputs }> {
    try {
      return { outs: await applyTree(news, olds) };
    } catch (e) {
      throw plainError(e);
    }
  },

  /**
   * Refresh: the account as it is now, and what differs from the spec (drift). Also import
   * by id (`tree:<account id>`, nothing stored yet): the tree then manages the account as it
   * is, written out as a spec with ids pinned. Either way the inputs come back too, which is
   * what an import needs and what lets a refreshed tree diff against the account.
   */
  async read(id: string, olds: Partial<TreeOutputs>): Promise<{ id: string; props: TreeOutputs | Record<string, never>; inputs?: TreeInputs }> {
    try {
      const e = await engine();
      const imported = !olds.spec && !olds.specPath;
      const settings = settingsOf(olds.provider ?? providerFromEnv(), cwd());
      return await withAccount(settings, cwd(), async (p) => {
        const state = await p.read();
        if (imported && id !== `tree:${state.account.id}`) return { id: "", props: {} };
        const inputs: TreeInputs = imported
          ? { spec: e.exportSpecObject(state), provider: settingsOut(settings), allowDelete: false }
          : {
              ...(olds.spec ? { spec: olds.spec } : {}),
              ...(olds.specPath ? { specPath: olds.specPath } : {}),
              provider: olds.provider,
              allowDelete: olds.allowDelete ?? false,
              ...(olds.maxDeletions !== undefined ? { maxDeletions: olds.maxDeletions } : {}),
            };
        const desired = await desiredOf(e, inputs);
        const workspaces = workspacesOf(state, desired);
        // Drift is reported however large it is: the blast-radius limits guard apply.
        const passwordChecks = await e.checkSharePasswords(desired, state, p);
        const drift = changeLines(e.plan(desired, state, { allowDelete: false, maxRemovalShare: 1, passwordChecks, ...UNLIMITED }));
        const keys = (unwrapSecret(olds.apiKeys) ?? {}) as Record<string, string>;
        const managed = imported ? managedOf(desired) : (olds.managed ?? managedOf(desired));
        const props = plain({
          spec: inputs.spec ?? null,
          specPath: inputs.specPath ?? null,
          lastChanges: [],
          ...olds,
          provider: settingsOut(settings),
          allowDelete: inputs.allowDelete ?? false,
          accountId: state.account.id,
          managed,
          workspaces,
          drift,
          apiKeys: secretValue(keysStillHeld(keys, state, workspaces)),
        }) as TreeOutputs;
        return { id, props, inputs: plain({ ...inputs, __managed: managed, __account: state.account.id }) };
      });
    } catch (e) {
      throw plainError(e);
    }
  },

  /** Removes what the tree manages (its sub-workspaces and asset shares), never more. */
  async delete(_id: string, olds: TreeOutputs): Promise<void> {
    try {
      const managed = olds.managed ?? [];
      if (managed.length === 0) return;
      const e = await engine();
      const bare = e.loadSpecObject({ version: 1 }, { name: "WorkspaceTree.delete", cwd: cwd() });
      if (!bare.desired) fail("internal", describe(bare.diagnostics));
      const settings = settingsOf(olds.provider, cwd());
      await withAccount(settings, cwd(), async (provider) => {
        const state = await provider.read();
        const plan = e.plan(bare.desired!, state, { allowDelete: true, targets: managed, ...UNLIMITED });
        const report = await e.applyPlan(plan, provider, { holder: HOLDER });
        if (report.failed.length > 0) {
          throw new Error(`deleting the workspace tree failed:\n${report.failed.map((f) => `${f.address}: ${f.error}`).join("\n")}`);
        }
      });
    } catch (e) {
      throw plainError(e);
    }
  },
};
