// Golden plans: every example spec against a set of starting accounts, rendered as text
// (colour off), markdown and JSON, compared with the files under test/fixtures/plans/. Where
// no plan can be made, the golden is the diagnostics (code, message, file:line:col) in the
// CLI's human and JSON forms. The starting accounts are checked in under
// test/fixtures/accounts/ and built by golden-accounts.ts. `now` is fixed.
// UPDATE_GOLDEN=1 rewrites the accounts and the plans.

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostics } from "../../src/cli/format-diagnostics.js";
import { checkAccount } from "../../src/domain/index.js";
import type { AccountState } from "../../src/model/state.js";
import { tryPlan } from "../../src/plan/plan.js";
import { renderJson, renderMarkdown, renderText } from "../../src/plan/render/index.js";
import type { PlanOptions } from "../../src/plan/types.js";
import { loadSpec } from "../../src/spec/index.js";
import { repoRoot } from "../helpers/cli.js";
import { planValidator } from "../helpers/plan-schema.js";
import { applyAll, applyContext } from "./apply-plan.js";
import { GOLDEN_ACCOUNTS, GOLDEN_NOW, type GoldenAccountName } from "./golden-accounts.js";

const update = process.env.UPDATE_GOLDEN === "1";
const accountsDir = join(repoRoot, "test", "fixtures", "accounts");
const plansDir = join(repoRoot, "test", "fixtures", "plans");

const SPECS = {
  workspaces: "workspaces.yaml",
  agency: "examples/agency.yaml",
  enterprise: "examples/enterprise.yaml",
  "nested-own-billing": "examples/nested-own-billing.yaml",
} as const;
type SpecName = keyof typeof SPECS;

interface Case {
  spec: SpecName;
  account: GoldenAccountName;
  /** part of the file name when the case plans with options */
  variant?: string;
  opts?: PlanOptions;
}

const CASES: Case[] = [
  { spec: "workspaces", account: "default" },
  { spec: "workspaces", account: "empty" },
  { spec: "workspaces", account: "lived-in" },
  { spec: "workspaces", account: "lived-in", variant: "allow-delete", opts: { allowDelete: true } },
  { spec: "workspaces", account: "small-plan" },
  { spec: "agency", account: "default" },
  // Their policies refuse removing most of a small main workspace; the variants raise the limit.
  { spec: "agency", account: "lived-in" },
  { spec: "agency", account: "lived-in", variant: "max-removal-share", opts: { maxRemovalShare: 1 } },
  { spec: "enterprise", account: "default" },
  { spec: "enterprise", account: "lived-in" },
  { spec: "enterprise", account: "lived-in", variant: "max-removal-share", opts: { maxRemovalShare: 1 } },
  { spec: "nested-own-billing", account: "default" },
  { spec: "nested-own-billing", account: "reseller" },
];

const caseName = (c: Case): string => `${c.spec}--${c.account}${c.variant ? `--${c.variant}` : ""}`;

function golden(file: string, actual: string): void {
  if (update) writeFileSync(file, actual);
  expect(existsSync(file), `missing golden ${file} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual, `${file} differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, "utf8"));
}

function readAccount(name: GoldenAccountName): AccountState {
  return JSON.parse(readFileSync(join(accountsDir, `${name}.json`), "utf8")) as AccountState;
}

const validPlan = planValidator();

if (update) {
  mkdirSync(accountsDir, { recursive: true });
  mkdirSync(plansDir, { recursive: true });
}

describe("starting accounts", () => {
  for (const [name, build] of Object.entries(GOLDEN_ACCOUNTS) as [GoldenAccountName, () => AccountState][]) {
    it(`${name}.json is what its builder makes, and a valid account`, () => {
      const built = build();
      golden(join(accountsDir, `${name}.json`), `${JSON.stringify(built, null, 2)}\n`);
      expect(checkAccount(readAccount(name))).toEqual([]);
    });
  }
});

describe("golden plans", () => {
  for (const c of CASES) {
    const name = caseName(c);
    it(name, async () => {
      const loaded = await loadSpec([SPECS[c.spec]], { cwd: repoRoot });
      expect(loaded.diagnostics.filter((d) => d.severity === "error"), `${SPECS[c.spec]} must be valid`).toEqual([]);
      const result = tryPlan(loaded.desired!, readAccount(c.account), { now: GOLDEN_NOW, ...c.opts });
      const base = join(plansDir, name);
      if (result.plan) {
        golden(`${base}.txt`, renderText(result.plan, { color: false }));
        golden(`${base}.md`, renderMarkdown(result.plan));
        const json = renderJson(result.plan);
        golden(`${base}.json`, json);
        expect(validPlan(JSON.parse(json)), JSON.stringify(validPlan.errors)).toBe(true);
        expect(existsSync(`${base}.diagnostics.txt`), "a stale diagnostics golden is left over").toBe(false);
      } else {
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        expect(errors.length).toBeGreaterThan(0);
        for (const d of errors) {
          expect(d.code).toMatch(/^[a-z][a-z-]*$/);
          expect(d.message.length).toBeGreaterThan(0);
        }
        golden(`${base}.diagnostics.txt`, `${formatDiagnostics(result.diagnostics, "human", { color: false, sources: loaded.sources })}\n`);
        golden(`${base}.diagnostics.json`, `${formatDiagnostics(result.diagnostics, "json")}\n`);
        for (const ext of ["txt", "md", "json"]) expect(existsSync(`${base}.${ext}`), `a stale plan golden ${base}.${ext} is left over`).toBe(false);
      }
    });
  }

  for (const c of CASES) {
    it(`${caseName(c)}: where a plan exists, applying it keeps the account valid at every step and converges`, async () => {
      const loaded = await loadSpec([SPECS[c.spec]], { cwd: repoRoot });
      const opts = { now: GOLDEN_NOW, ...c.opts };
      const first = tryPlan(loaded.desired!, readAccount(c.account), opts);
      if (!first.plan) return;
      const state = applyAll(readAccount(c.account), first.plan.changes, applyContext(GOLDEN_NOW));
      const again = tryPlan(loaded.desired!, state, opts);
      expect(again.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(again.plan!.changes.map((ch) => `${ch.action} ${ch.address}: ${ch.reason}`)).toEqual([]);
    });
  }

  it("leaves no golden behind that no case produces", () => {
    const expected = new Set(CASES.map(caseName));
    const strays = readdirSync(plansDir).filter((f) => !expected.has(f.replace(/(\.diagnostics)?\.(txt|md|json)$/, "")));
    expect(strays).toEqual([]);
  });
});
