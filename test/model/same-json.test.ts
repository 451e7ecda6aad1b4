// sameJson is canonicalJson equality without the strings: checked against the definition on
// random JSON-ish values (undefined members, NaN, key order, arrays against objects) and on
// pairs made equal or nearly equal on purpose, which random pairs almost never are.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, sameJson } from "../../src/model/fingerprint.js";

const leaf = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer({ min: -3, max: 3 }), fc.constantFrom(NaN, Infinity, 0.5), fc.constantFrom("", "a", "b"));
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b", "c", "toString"), tie("value"), { maxKeys: 3 })),
}));

/** A copy with keys in reverse order, and sometimes one leaf changed or one undefined member added. */
function nearCopy(v: unknown, change: number): unknown {
  let n = change;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === "object") {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x).reverse()) out[k] = walk((x as Record<string, unknown>)[k]);
      if (n-- === 0) out.extra = undefined;
      return out;
    }
    return n-- === 0 ? (x === 1 ? 2 : 1) : x;
  };
  return walk(v);
}

describe("sameJson", () => {
  it("agrees with comparing canonicalJson, on random and on nearly equal pairs", () => {
    fc.assert(
      fc.property(value, value, fc.integer({ min: -1, max: 8 }), (a, b, change) => {
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        const c = nearCopy(a, change);
        expect(sameJson(a, c)).toBe(canonicalJson(a) === canonicalJson(c));
        expect(sameJson(c, a)).toBe(canonicalJson(c) === canonicalJson(a));
      }),
      { numRuns: 3000 },
    );
  });

  it("tells an inherited key from an own one, and an array from an object", () => {
    expect(sameJson({ toString: 1 }, {})).toBe(false);
    expect(sameJson({}, { toString: 1 })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({ a: undefined }, {})).toBe(true);
    expect(sameJson([undefined], [null])).toBe(true);
    expect(sameJson(NaN, null)).toBe(true);
  });
});
