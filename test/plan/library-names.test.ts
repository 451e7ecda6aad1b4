// Resolving the names an asset share gives (`name:` instead of `id:`) inside the planner, from
// a library read beforehand: exact matches, the `from` library first, errors located once per
// spec entry, and a property: with names unique in the library, every listed name plans to its
// id and every unlisted one is an error at its line.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultAccount } from "../../src/domain/index.js";
import { addAsset } from "../../src/domain/world.js";
import type { Library } from "../../src/model/library.js";
import type { AccountState } from "../../src/model/state.js";
import { tryPlan } from "../../src/plan/plan.js";
import { loadSpecObject } from "../../src/spec/index.js";

const NOW = "2026-06-01T00:00:00.000Z";

function planWith(shares: object[], state: AccountState, library: Library | undefined) {
  const { desired, diagnostics } = loadSpecObject({ version: 1, workspace: { name: "Acme Agency" }, subWorkspaces: [{ name: "client-a" }], assetShares: shares });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return tryPlan(desired!, state, { now: NOW, ...(library ? { library } : {}) });
}

const libraryOf = (state: AccountState): Library => ({
  avatar: state.assets.filter((a) => a.type === "avatar").map((a) => ({ id: a.id, name: a.name })),
  voice: state.assets.filter((a) => a.type === "voice").map((a) => ({ id: a.id, name: a.name })),
});

describe("library names in the planner", () => {
  it("plans a named share with the id, and the name beside it", () => {
    const state = defaultAccount(NOW);
    const r = planWith([{ type: "avatar", name: "Marcus", to: ["client-a"] }], state, libraryOf(state));
    expect(r.plan!.changes.map((c) => [c.address, (c.after as { assetName?: string }).assetName])).toEqual([
      ["asset_share[avatar:av_marcus -> client-a]", "Marcus"],
    ]);
  });

  it("without a library, a named share is an error at its name, not a crash", () => {
    const state = defaultAccount(NOW);
    const r = planWith([{ type: "avatar", name: "Marcus", to: ["client-a"] }], state, undefined);
    expect(r.plan).toBeNull();
    expect(r.diagnostics).toMatchObject([{ code: "asset-names-unresolved", source: { file: "<spec>", line: 8, col: 11 } }]);
  });

  it("reports a bad name once per spec entry, however many `to` it lists", () => {
    const state = defaultAccount(NOW);
    const { desired } = loadSpecObject({
      version: 1,
      workspace: { name: "Acme Agency" },
      subWorkspaces: [{ name: "client-a" }, { name: "client-b" }],
      assetShares: [{ type: "voice", name: "narrator", to: ["client-a", "client-b"] }],
    });
    const r = tryPlan(desired!, state, { now: NOW, library: libraryOf(state) });
    expect(r.diagnostics.map((d) => `${d.code}: ${d.hint}`)).toEqual(['unknown-asset-name: did you mean "Narrator"? Names are compared exactly, capitals included']);
  });

  it("prefers the item in the share's `from` library, and lists the ids when that is not enough", () => {
    const state = defaultAccount(NOW);
    addAsset(state, { workspaceId: "ws_client_a", type: "avatar", id: "av_anna_a", name: "Anna" });
    const fromMain = planWith([{ type: "avatar", name: "Anna", to: ["client-a"] }], state, libraryOf(state));
    expect(fromMain.plan!.changes.map((c) => c.address)).toEqual(["asset_share[avatar:av_anna -> client-a]"]);
    addAsset(state, { workspaceId: "ws_main", type: "avatar", id: "av_anna_2", name: "Anna" });
    const twice = planWith([{ type: "avatar", name: "Anna", to: ["client-a"] }], state, libraryOf(state));
    expect(twice.diagnostics).toMatchObject([{ code: "ambiguous-asset-name", message: '2 avatars in the library are named "Anna": av_anna, av_anna_2' }]);
  });

  it("property: unique names resolve to their ids, and names the library lacks are errors at their lines", () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z -]{0,11}$/);
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 6 }), fc.array(name, { minLength: 1, maxLength: 4 }), (inLibrary, asked) => {
        const state = defaultAccount(NOW);
        state.assets = inLibrary.map((n, i) => ({ id: `av_${i}`, type: "avatar" as const, name: n, workspaceId: "ws_main" }));
        const wanted = [...new Set(asked)];
        const r = planWith(wanted.map((n) => ({ type: "avatar", name: n, to: ["client-a"] })), state, libraryOf(state));
        const missing = wanted.filter((n) => !inLibrary.includes(n));
        if (missing.length > 0) {
          expect(r.plan).toBeNull();
          const errors = r.diagnostics.filter((d) => d.severity === "error");
          expect(errors.map((d) => d.code)).toEqual(missing.map(() => "unknown-asset-name"));
          expect(errors.map((d) => d.message)).toEqual(missing.map((n) => `no avatar in the library is named "${n}"`));
          expect(errors.every((d) => d.source?.file === "<spec>" && d.source.col > 0)).toBe(true);
          return;
        }
        const ids = r.plan!.changes.map((c) => (c.after as { assetId: string }).assetId).sort();
        expect(ids).toEqual(wanted.map((n) => `av_${inLibrary.indexOf(n)}`).sort());
      }),
      { numRuns: 60 },
    );
  });
});
