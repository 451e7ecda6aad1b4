// The library behind `hgw`: the same pipeline the CLI runs, for programs that embed it.
// spec files -> loadSpec -> DesiredAccount; provider.read() -> AccountState;
// plan(desired, state) -> Plan; render*(plan); applyPlan(plan, provider).

export { loadSpec, loadSpecObject, loadSpecSync, DEFAULT_SPEC, type LoadResult } from "./spec/index.js";
export type { WorkspacesSpec, WorkspacesFragment } from "./spec/types.gen.js";
export type { DesiredAccount } from "./model/desired.js";
export type { AccountState } from "./model/state.js";
export { UserError, type Diagnostic, type SourceLocation } from "./model/diagnostics.js";
export { address, targetMatches } from "./model/address.js";
export { fingerprintState } from "./model/fingerprint.js";
export { plan, tryPlan, type PlanResult } from "./plan/plan.js";
export { recheckPlan, type Recheck, type Difference } from "./plan/recheck.js";
export { PLAN_FORMAT_VERSION, type Plan, type Change, type Action, type PlanOptions, type PlanSummary, type PlanningOptions, type SpecFile } from "./plan/types.js";
export { renderText, renderMarkdown, renderJson } from "./plan/render/index.js";
export { classifyDrift, type DriftReport, type DriftItem } from "./plan/drift.js";
export { applyPlan, type ApplyOptions, type ApplyReport, type ApplyEvent } from "./apply/index.js";
export { createProvider, type SelectProviderOptions } from "./providers/select.js";
export type { Provider, ExecuteContext, ExecuteResult } from "./model/provider.js";
export { exportSpec, exportSpecObject } from "./export/to-spec.js";
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./emulator/start.js";
export { defaultAccount, emptyAccount, checkAccount } from "./domain/index.js";
