// The parts of the engine the Pulumi resources drive: spec loading, the planner, apply and
// provider selection. Each is loaded once per process, on first use, so that a program that
// only registers resources never pays for the engine, and the dynamic-provider host pays
// once however many resources it serves. The imports are the real modules (type-checked);
// only their loading is deferred.

type SpecModule = typeof import("../spec/index.js");
type PlanModule = typeof import("../plan/plan.js");
type ApplyModule = typeof import("../apply/index.js");
type SelectModule = typeof import("../providers/select.js");
type ExportModule = typeof import("../export/to-spec.js");

export interface Engine {
  loadSpec: SpecModule["loadSpec"];
  loadSpecObject: SpecModule["loadSpecObject"];
  plan: PlanModule["plan"];
  applyPlan: ApplyModule["applyPlan"];
  checkSharePasswords: ApplyModule["checkSharePasswords"];
  readLibrary: ApplyModule["readLibrary"];
  createProvider: SelectModule["createProvider"];
  /** The account as a spec with ids pinned: what a tree imported by id manages. */
  exportSpecObject: ExportModule["exportSpecObject"];
}

const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | null = null;
  return () => (p ??= load());
};
const specM = once(() => import("../spec/index.js"));
const planM = once(() => import("../plan/plan.js"));
const applyM = once(() => import("../apply/index.js"));
const selectM = once(() => import("../providers/select.js"));
const exportM = once(() => import("../export/to-spec.js"));

/** Spec loading and provider selection: all the fine resources need. */
export type BaseEngine = Pick<Engine, "loadSpec" | "loadSpecObject" | "createProvider">;

export async function baseEngine(): Promise<BaseEngine> {
  const [spec, select] = await Promise.all([specM(), selectM()]);
  return { loadSpec: spec.loadSpec, loadSpecObject: spec.loadSpecObject, createProvider: select.createProvider };
}

/** Everything, the planner and apply included: what a WorkspaceTree needs. */
export async function engine(): Promise<Engine> {
  const [base, p, a, x] = await Promise.all([baseEngine(), planM(), applyM(), exportM()]);
  return { ...base, plan: p.plan, applyPlan: a.applyPlan, checkSharePasswords: a.checkSharePasswords, readLibrary: a.readLibrary, exportSpecObject: x.exportSpecObject };
}
