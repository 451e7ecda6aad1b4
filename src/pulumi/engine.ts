// The parts of the engine the Pulumi resources drive: spec loading, the planner, apply and
// provider selection. Each is loaded once per process, on first use, so that a program that
// only registers resources never pays for the engine, and the dynamic-provider host pays
// once however many resources it serves.

import type { AccountState } from "../model/state.js";
import type { DesiredAccount } from "../model/desired.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { Plan, PlanOptions } from "../plan/types.js";
import type { Provider } from "../providers/provider.js";
import type { WorkspacesSpec } from "../spec/types.gen.js";

export interface LoadResult {
  desired: DesiredAccount | null;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

export interface ApplyReport {
  applied: unknown[];
  failed: { address?: string; change?: { address: string }; error?: unknown; message?: string }[];
  skipped: unknown[];
  apiKeys: { workspacePath: string; value: string }[];
}

export interface ProviderSelection {
  provider: "sandbox" | "http";
  sandboxDir?: string;
  apiUrl?: string;
  apiKey?: string;
  cwd?: string;
}

export interface Engine {
  loadSpec(paths: string[], opts: { cwd?: string }): Promise<LoadResult>;
  loadSpecObject(spec: WorkspacesSpec, opts: { name?: string; cwd?: string }): LoadResult;
  plan(desired: DesiredAccount, state: AccountState, opts: PlanOptions): Plan;
  applyPlan(plan: Plan, provider: Provider, opts: Record<string, unknown>): Promise<ApplyReport>;
  createProvider(sel: ProviderSelection): Provider | Promise<Provider>;
}

// Specifiers held in variables: the planner, apply and provider selection are written by
// other parts of the project against the interfaces above.
const PLAN_MODULE = "../plan/plan.js";
const APPLY_MODULE = "../apply/index.js";
const SELECT_MODULE = "../providers/select.js";

// Each part loads on first use: the fine resources need only provider selection.
const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | null = null;
  return () => (p ??= load());
};
const specM = once(() => import("../spec/index.js"));
const planM = once(() => import(PLAN_MODULE) as Promise<Pick<Engine, "plan">>);
const applyM = once(() => import(APPLY_MODULE) as Promise<Pick<Engine, "applyPlan">>);
const selectM = once(() => import(SELECT_MODULE) as Promise<Pick<Engine, "createProvider">>);

/** Spec loading and provider selection: all the fine resources need. */
export interface BaseEngine {
  loadSpec: Engine["loadSpec"];
  loadSpecObject: Engine["loadSpecObject"];
  createProvider: Engine["createProvider"];
}

export async function baseEngine(): Promise<BaseEngine> {
  const [spec, select] = await Promise.all([specM(), selectM()]);
  return {
    loadSpec: (paths, opts) => spec.loadSpec(paths, opts),
    loadSpecObject: (s, opts) => spec.loadSpecObject(s, opts),
    createProvider: select.createProvider,
  };
}

/** Everything, the planner and apply included: what a WorkspaceTree needs. */
export async function engine(): Promise<Engine> {
  const [base, p, a] = await Promise.all([baseEngine(), planM(), applyM()]);
  return { ...base, plan: p.plan, applyPlan: a.applyPlan };
}
