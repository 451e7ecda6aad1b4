// `hgw export` checks what it wrote. Reading 70 MB back is most of its cost, so when the
// writer vouches that its text reads back as the value written (`plain`), the value is
// checked instead. These pin that the shortcut says what the read-back says: whatever odd
// text an account holds, a `plain` export reads back (with the fast reader) to the value,
// and the value's check finds exactly the problems loading the text finds.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createWorkspace, defaultAccount } from "../../src/domain/index.js";
import { exportSpec, exportSpecTo } from "../../src/export/to-spec.js";
import type { Diagnostic } from "../../src/model/diagnostics.js";
import type { AccountState } from "../../src/model/state.js";
import { fastParse } from "../../src/spec/fast-yaml.js";
import { checkSpecValue, loadSpecText } from "../../src/spec/index.js";
import { SPEC_LIMITS } from "../../src/spec/limits.js";
import { PosStore } from "../../src/spec/positions.js";
import { NOW, opCtx, richAccount } from "./accounts.js";

const NUM_RUNS = Number(process.env.FC_RUNS ?? 100);

function exported(state: AccountState): { text: string; spec: unknown; plain: boolean; again: () => string } {
  const chunks: string[] = [];
  const { spec, plain, again } = exportSpecTo(state, { now: NOW, from: "sandbox" }, (c) => void chunks.push(c));
  return {
    text: chunks.join(""),
    spec,
    plain,
    again: () => {
      const more: string[] = [];
      again((c) => void more.push(c));
      return more.join("");
    },
  };
}

const found = (d: Diagnostic[]): string[] => d.map((x) => `${x.severity} ${x.code}: ${x.message}`).sort();

const PRINTABLE = ["a", "Z", "0", "1", ".", "-", "_", "@", "/", "(", ")", "[", "]", " ", ":", "#", "'", '"', "\\", "!", "&", "*", "%", "?", "`", ",", "{", "|", ">", "é", "😀"];
const UNUSUAL = ["\t", "\r", "\n", "\u0001", "\u0085", "\u2028", "\ufeff", "\ud800", "\uffff"];
const keywords = fc.constantFrom("true", "null", "~", "-1", "0x1F", ".inf", "1e3", "- a", "a: b", "a #b", "'q'", "");

/** Printable text: YAML's indicators, quotes, backslashes, spaces at either end, words a YAML reader resolves. */
const printableText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...PRINTABLE), maxLength: 24 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x", "y z ", "é"), fc.integer({ min: 20, max: 120 })).map(([s, n]) => s.repeat(n)) },
  { weight: 1, arbitrary: keywords },
);
/** Anything: controls and line breaks of every kind too, and long runs. */
const anyText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...PRINTABLE, ...UNUSUAL), maxLength: 24 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x", "y z ", "é"), fc.integer({ min: 90, max: 700 })).map(([s, n]) => s.repeat(n)) },
  { weight: 1, arbitrary: keywords },
);
const texts = (t: fc.Arbitrary<string>) => fc.record({ account: t, sub: t, image: t, asset: t, content: t, request: t, domain: t });

/** The rich account with text from outside in the places an export writes it, as values and in comments. */
function withText(t: { account: string; sub: string; image: string; asset: string; content: string; request: string; domain: string }): AccountState {
  const s = richAccount(NOW).state;
  s.account.name = t.account;
  const north = s.workspaces.find((w) => w.id === "ws_north")!;
  north.name = t.sub;
  north.image = t.image;
  s.assets.find((a) => a.id === "vc_emea")!.name = t.asset;
  s.content.find((c) => c.id === "pj_emea")!.name = t.content;
  s.joinRequests[0]!.email = t.request;
  s.workspaces.find((w) => w.id === "ws_south")!.settings.joinDomains = [t.domain];
  return s;
}

describe("export's check of what it wrote", () => {
  it("hands on the same text as exportSpec, and the same again once the value has been checked", () => {
    const s = richAccount(NOW).state;
    const e = exported(s);
    expect(e.text).toBe(exportSpec(s, { now: NOW, from: "sandbox" }));
    expect(e.plain).toBe(true);
    expect(checkSpecValue(e.spec)).toEqual([]);
    expect(e.again()).toBe(e.text);
  });

  it("reads back as the value written whenever the text is plain, and finds what the read-back finds", () => {
    let plainSeen = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 2, arbitrary: texts(printableText) }, { weight: 1, arbitrary: texts(anyText) }), (t) => {
        const e = exported(withText(t));
        if (!e.plain) return;
        plainSeen++;
        const fast = fastParse(e.text, "<export>", { maxDepth: SPEC_LIMITS.depth, store: new PosStore() });
        expect(fast.ok).toBe(true);
        if (fast.ok) expect(fast.value).toEqual(e.spec);
        expect(found(checkSpecValue(e.spec, { name: "export" }))).toEqual(found(loadSpecText(e.text, { name: "export" }).diagnostics));
      }),
      { numRuns: NUM_RUNS },
    );
    // Most draws of the first kind are plain: the property is not vacuous.
    if (NUM_RUNS >= 50) expect(plainSeen).toBeGreaterThan(0);
  }, 180_000);

  it("does not vouch for text the fast reader leaves to `yaml`: escapes, controls in comments, long lines", () => {
    const plain = { account: "Acme", sub: "emea-north", image: "logos/north.png", asset: "EMEA narrator", content: "EMEA launch", request: "stranger@elsewhere.example", domain: "south.example" };
    expect(exported(withText(plain)).plain).toBe(true);
    // A name in brackets is no spec's, but it reads back: the check of the value finds it.
    const brackets = exported(withText({ ...plain, sub: "north (emea)" }));
    expect(brackets.plain).toBe(true);
    expect(found(checkSpecValue(brackets.spec))).toEqual(found(loadSpecText(brackets.text).diagnostics));
    expect(checkSpecValue(brackets.spec).map((d) => d.code)).toContain("invalid-value");
    expect(brackets.again()).toBe(brackets.text);

    // `@` is reserved: no plain scalar starts with it.
    const at = exported(withText({ ...plain, sub: "@north" }));
    expect(at.text).toMatch(/^ {6}- name: '@north'$/m);
    expect(found(loadSpecText(at.text).diagnostics)).toEqual([]);

    expect(exported(withText({ ...plain, sub: "tab\there" })).plain).toBe(false);
    expect(exported(withText({ ...plain, asset: "bell\u0007" })).plain).toBe(false);
    expect(exported(withText({ ...plain, content: "x".repeat(500) })).plain).toBe(false);
    expect(exported(withText({ ...plain, image: `logos/${"y".repeat(450)}.png` })).plain).toBe(false);
  });

  it("does not vouch for nesting deep enough to pass the depth bound, which only reading the text finds", () => {
    const s = defaultAccount(NOW);
    const ctx = opCtx();
    let parent = "ws_main";
    for (let i = 0; i < 130; i++) parent = createWorkspace(s, { name: `l${i}`, parentId: parent, billing: "own", subscription: { seats: 1, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 } }, ctx).id;
    const e = exported(s);
    expect(e.plain).toBe(false);
    expect(checkSpecValue(e.spec)).toEqual([]);
    expect(loadSpecText(e.text).diagnostics.map((d) => d.code)).toContain("yaml-too-deep");
  });
});
