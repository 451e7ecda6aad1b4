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
import type { ApplyOptions, ApplyReport } from "../apply/index.js";

export type { ApplyReport };

export interface LoadResult {
  desired: DesiredAccount | null;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
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
  applyPlan(plan: Plan, provider: Provider, opts: ApplyOptions): Promise<ApplyReport>;
  createProvider(sel: ProviderSelection): Provider | Promise<Provider>;
}

// Each part loads on first use: the fine resources need only provider selection.
const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | null = null;
  return () => (p ??= load());
};
const specM = once(() => import("../spec/index.js"));
const planM = once(() => import("../plan/plan.js"));
const applyM = once(() => import("../apply/index.js"));
const selectM = once(() => import("../providers/select.js"));

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
