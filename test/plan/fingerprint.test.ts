// The state fingerprint that plans carry for provenance: blind to listing order, moved by
// any field, equal to its definition (so plans saved before the fast rewrite still apply),
// and computed the same way by the planner and the apply engine. Apply no longer refuses on it.

import { describe, expect, it } from "vitest";
import { applyPlan } from "../../src/apply/index.js";
import { defaultAccount } from "../../src/domain/index.js";
import { UserError } from "../../src/model/diagnostics.js";
import { canonicalJson, fingerprintState, sha256 } from "../../src/model/fingerprint.js";
import type { AccountState } from "../../src/model/state.js";
import { tryPlan } from "../../src/plan/plan.js";
import type { Provider } from "../../src/model/provider.js";
import { loadSpec } from "../../src/spec/index.js";
import { repoRoot } from "../helpers/cli.js";

const NOW = "2026-03-01T12:00:00.000Z";

/** The definition: canonicalJson of the state with each collection sorted by identity. */
function reference(state: AccountState): string {
  const by = <T>(xs: T[], key: (x: T) => string): T[] => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return `sha256:${sha256(
    canonicalJson({
      ...state,
      workspaces: by(state.workspaces, (w) => w.id),
      members: by(state.members, (m) => `${m.workspaceId}\u0000${m.email}`),
      joinRequests: by(state.joinRequests, (r) => r.id),
      assets: by(state.assets, (a) => `${a.type}:${a.id}`),
      assetShares: by(state.assetShares, (s) => `${s.assetType}:${s.assetId}>${s.toWorkspaceId}`),
      content: by(state.content, (c) => `${c.type}:${c.id}`),
      apiKeys: by(state.apiKeys, (k) => k.workspaceId),
    }),
  )}`;
}

/**
 * The default account plus one of everything: workspace ids where one is a prefix of another
 * (`ws_1`, `ws_10`), non-ASCII text, an API key with and one without its optional hash,
 * content shared with users, join requests, asset shares.
 */
function richAccount(): AccountState {
  const s = defaultAccount(NOW);
  const main = s.workspaces[0]!;
  const sub = (id: string, name: string) => ({ ...structuredClone(s.workspaces[1]!), id, name, apiAccess: true });
  s.workspaces.push(sub("ws_1", "client-1"), sub("ws_10", "client-10"), sub("ws_2", "Zürich"));
  const member = (workspaceId: string, email: string, role: "creator" | "viewer" = "creator") => ({
    workspaceId, email, role, status: "active" as const, invitedAt: null, expiresAt: null,
  });
  s.members.push(member("ws_1", "b@x.example"), member("ws_1", "a@x.example"), member("ws_10", "a@x.example"), member("ws_10", "0@x.example"));
  s.members.push(member("ws_2", "jörg@zürich.example", "viewer"), member("ws_1", "z@x.example", "viewer"));
  s.joinRequests.push(
    { id: "jr_2", workspaceId: "ws_1", email: "c@x.example", requestedAt: NOW },
    { id: "jr_1", workspaceId: "ws_10", email: "d@x.example", requestedAt: NOW },
  );
  s.assetShares.push(
    { assetType: "avatar", assetId: "av_anna", fromWorkspaceId: main.id, toWorkspaceId: "ws_10" },
    { assetType: "avatar", assetId: "av_anna", fromWorkspaceId: main.id, toWorkspaceId: "ws_1" },
  );
  s.content[0]!.users.push({ email: "a@x.example", access: "edit" }, { email: "z@x.example", access: "view" });
  s.content[1]!.sharePage = { passwordSet: true, passwordDigest: "salt:digest", publicPublishing: true, captions: true };
  s.apiKeys.push(
    { workspaceId: "ws_1", keyId: "key_1", last4: "abcd", createdAt: NOW, secretHash: "h1" },
    { workspaceId: "ws_10", keyId: "key_10", last4: "wxyz", createdAt: NOW },
  );
  return s;
}

/** The same account listed in another order: every collection reversed, every record's keys too. */
function reordered(state: AccountState): AccountState {
  const flip = <T>(x: T): T => {
    if (Array.isArray(x)) return x.map(flip) as T;
    if (x === null || typeof x !== "object") return x;
    return Object.fromEntries(Object.entries(x).reverse().map(([k, v]) => [k, flip(v)])) as T;
  };
  const s = flip(state);
  for (const k of ["workspaces", "members", "joinRequests", "assets", "assetShares", "content", "apiKeys"] as const) s[k].reverse();
  // Keep inner lists as they were: only whole collections are order-blind.
  s.content.forEach((c, i) => (c.users = structuredClone(state.content[state.content.length - 1 - i]!.users)));
  return s;
}

/** Every path to a leaf value, with a setter that changes that value. */
function leaves(value: unknown, path: string[] = []): { path: string; change: (root: AccountState) => void }[] {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  const set = (root: AccountState): void => {
    let cur = root as unknown as Record<string, unknown>;
    for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
    const last = path.at(-1)!;
    const v = cur[last];
    cur[last] = typeof v === "string" ? `${v}x` : typeof v === "number" ? v + 1 : typeof v === "boolean" ? !v : "set";
  };
  return [{ path: path.join("."), change: set }];
}

describe("fingerprintState", () => {
  it("has the form sha256:<64 hex> and equals its definition, for the default and a rich account", () => {
    for (const s of [defaultAccount(NOW), richAccount()]) {
      expect(fingerprintState(s)).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(fingerprintState(s)).toBe(reference(s));
    }
  });

  it("orders members as the definition does even when one workspace id is another's prefix plus NUL", () => {
    // The definition sorts on `${workspaceId}\0${email}`: "w" + "\0b" sorts after "w\0" + "\0a".
    const s = defaultAccount(NOW);
    const m = { role: "creator" as const, status: "active" as const, invitedAt: null, expiresAt: null };
    s.members = [
      { ...m, workspaceId: "w", email: "b@x.example" },
      { ...m, workspaceId: "w\u0000", email: "\u0000a@x.example" },
      { ...m, workspaceId: "w1", email: "c@x.example" },
    ];
    const swapped = { ...s, members: [s.members[1]!, s.members[0]!, s.members[2]!] };
    expect(fingerprintState(s)).toBe(reference(s));
    expect(fingerprintState(swapped)).toBe(reference(s));
  });

  it("does not depend on the order collections and keys are listed in", () => {
    const s = richAccount();
    const r = reordered(s);
    expect(r.members[0]).not.toEqual(s.members[0]);
    expect(Object.keys(r.workspaces[0]!)[0]).not.toBe(Object.keys(s.workspaces[0]!)[0]);
    expect(fingerprintState(r)).toBe(fingerprintState(s));
    expect(fingerprintState(r)).toBe(reference(r));
  });

  it("changes when any single field changes", () => {
    const s = richAccount();
    const base = fingerprintState(s);
    const all = leaves(s);
    expect(all.length).toBeGreaterThan(150);
    const unchanged: string[] = [];
    for (const leaf of all) {
      const t = structuredClone(s);
      leaf.change(t);
      const fp = fingerprintState(t);
      if (fp === base) unchanged.push(leaf.path);
      // Still the definition after the change, whatever the field was.
      expect(fp, leaf.path).toBe(reference(t));
    }
    expect(unchanged).toEqual([]);
  });

  it("changes when a record is added or removed, or an optional field appears", () => {
    const s = richAccount();
    const base = fingerprintState(s);
    const removed = structuredClone(s);
    removed.members.pop();
    const added = structuredClone(s);
    added.joinRequests.push({ id: "jr_3", workspaceId: "ws_2", email: "e@x.example", requestedAt: NOW });
    const hashed = structuredClone(s);
    hashed.apiKeys[1]!.secretHash = "h10";
    const inner = structuredClone(s);
    inner.content[0]!.users.reverse();
    for (const t of [removed, added, hashed, inner]) expect(fingerprintState(t)).not.toBe(base);
  });

  it("is provenance only: apply plans again, so a reordered or busy account still takes the plan and a changed target refuses it", async () => {
    const state = defaultAccount(NOW);
    const { desired } = await loadSpec(["workspaces.yaml"], { cwd: repoRoot });
    expect(desired).not.toBeNull();
    const { plan } = tryPlan(desired!, state, { now: NOW });
    expect(plan!.stateFingerprint).toBe(fingerprintState(state));

    const executed: string[] = [];
    const provider = (account: AccountState): Provider => ({
      name: "test",
      capabilities: { concurrent: false },
      read: async () => structuredClone(account),
      execute: async (c) => {
        executed.push(c.address);
        return {};
      },
    });
    const recheck = { desired: desired!, now: NOW };
    const report = await applyPlan(plan!, provider(reordered(state)), { resolveSecret: () => "secret", recheck });
    expect(report.failed).toEqual([]);
    expect(executed).toHaveLength(plan!.changes.length);

    // ops@ demoted in the dashboard: the plan does not touch ops@, so it still applies, and
    // apply says that something else differs.
    executed.length = 0;
    const busy = structuredClone(state);
    busy.members.find((m) => m.email === "ops@acme.example")!.role = "developer";
    expect(fingerprintState(busy)).not.toBe(plan!.stateFingerprint);
    const elsewhere = await applyPlan(plan!, provider(busy), { resolveSecret: () => "secret", recheck });
    expect(executed).toHaveLength(plan!.changes.length);
    expect(elsewhere.elsewhere).toBe(1);

    // legacy@, whom the plan removes as a creator, became a developer: refused, naming them.
    executed.length = 0;
    const changed = structuredClone(state);
    changed.members.find((m) => m.email === "legacy@acme.example")!.role = "developer";
    const e = await applyPlan(plan!, provider(changed), { resolveSecret: () => "secret", recheck }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    const ds = (e as UserError).diagnostics;
    expect(ds[0]!.code).toBe("stale-plan");
    expect(ds.slice(1).map((d) => d.address)).toEqual(["member[workspace](legacy@acme.example)"]);
    expect(ds[1]!.message).toContain('role: planned "creator" → (none), now "developer" → (none)');
    expect(executed).toEqual([]);
  });
});
