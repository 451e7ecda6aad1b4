import type fc from "fast-check";
/** YAML texts near the fast reader's subset: spec-like documents in every style, some mutated. */
export function yamlTexts(fcModule: typeof fc, opts?: { maxDepth?: number }): fc.Arbitrary<string>;
export interface FuzzApi {
  fastParse: (text: string, file: string, opts: { maxDepth: number; store: never; rethrow?: boolean }) => unknown;
  readWithYaml: (text: string, file: string, loc: never, budget: never) => unknown;
  Locator: unknown;
  parse: (text: string, opts?: object) => unknown;
  newBudget: (limits: never) => unknown;
  SPEC_LIMITS: unknown;
}
/** Throws on any difference between the fast reader and the `yaml` path; else says what happened. */
export function checkText(text: string, api: FuzzApi, maxDepth?: number): "value" | "too-deep" | "bail";
