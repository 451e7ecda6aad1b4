import type { Command } from "commander";
import { Option } from "commander";
import type { Register } from "../main.js";
import { tryPlan } from "../../plan/plan.js";
import type { Plan } from "../../plan/types.js";
import { renderJson, renderJsonChunks, renderMarkdown, renderText, renderTextChunks, type RenderMode } from "../../plan/render/index.js";
import { EXIT, processIo, writeOut, type Io } from "../io.js";
import {
  collect,
  loadSpecOrReport,
  openProvider,
  parseShare,
  reportDiagnostics,
  withProviderOptions,
  type ProviderFlags,
} from "../common.js";
import { writePlanFile } from "../plan-file.js";

export type PlanFormat = "text" | "markdown" | "json";

export interface PlanningFlags extends ProviderFlags {
  target?: string[];
  allowDelete?: boolean;
  maxRemovalShare?: number;
}

interface PlanFlags extends PlanningFlags {
  out?: string;
  format: PlanFormat;
  detailedExitcode?: boolean;
}

export function renderPlan(plan: Plan, format: PlanFormat, io: Io, mode: RenderMode = "plan"): string {
  switch (format) {
    case "text":
      return renderText(plan, { color: io.color, mode });
    case "markdown":
      return renderMarkdown(plan, { mode });
    case "json":
      return renderJson(plan);
  }
}

/** As renderPlan, in pieces to write as they are made (text and JSON; markdown is capped anyway). */
export function planChunks(plan: Plan, format: PlanFormat, io: Io, mode: RenderMode = "plan"): Iterable<string> {
  switch (format) {
    case "text":
      return renderTextChunks(plan, { color: io.color, mode });
    case "markdown":
      return [renderMarkdown(plan, { mode })];
    case "json":
      return renderJsonChunks(plan);
  }
}

/**
 * Reads the spec and the account and plans. Null when the spec is invalid or no feasible
 * plan exists; the errors have been printed, with the spec lines they point at.
 */
export async function computePlan(specPaths: string[], flags: PlanningFlags, io: Io): Promise<Plan | null> {
  const spec = await loadSpecOrReport(specPaths, io);
  if (!spec) return null;
  const provider = await openProvider(flags);
  try {
    const state = await provider.read();
    const result = tryPlan(spec.desired, state, {
      allowDelete: flags.allowDelete,
      maxRemovalShare: flags.maxRemovalShare,
      targets: flags.target,
      provider: provider.name,
    });
    // Warnings travel inside the plan and are rendered with it; errors are printed here.
    if (!result.plan) reportDiagnostics(result.diagnostics, spec.sources, io);
    return result.plan;
  } finally {
    await provider.close?.();
  }
}

export function addPlanningOptions(cmd: Command): Command {
  return withProviderOptions(cmd)
    .option("--target <address>", "plan only this resource, what is under it, and what it needs (repeatable)", collect)
    .option("--allow-delete", "delete sub-workspaces that are in the account but not in the spec")
    .option(
      "--max-removal-share <share>",
      "refuse to remove more than this share (0-1) of a workspace's members (default: policies.maxMemberRemovalShare, else 0.5)",
      parseShare,
    );
}

export const registerPlan: Register = (program, done) => {
  addPlanningOptions(
    program
      .command("plan")
      .summary("show what apply would change")
      .description("Compare the spec with the account and print the changes, in the order apply would make them.")
      .argument("[spec...]", "spec files or directories (default workspaces.yaml)", [])
      .addOption(new Option("--format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
      .option("--out <file>", "also save the plan (JSON), to apply exactly it later with `hgw apply --plan FILE`")
      .option("--detailed-exitcode", "exit 0 when there are no changes, 2 when there are, 1 on error"),
  ).action(async (specPaths: string[], flags: PlanFlags, cmd: Command) => {
    const io = processIo({ color: cmd.optsWithGlobals<{ color?: boolean }>().color });
    const plan = await computePlan(specPaths, flags, io);
    if (!plan) return done(EXIT.error);
    await writeOut(io, planChunks(plan, flags.format, io));
    if (flags.out) {
      await writePlanFile(flags.out, plan);
      io.err(`Saved the plan to ${flags.out}. Apply exactly this plan with: hgw apply --plan ${flags.out}`);
    }
    done(flags.detailedExitcode && plan.changes.length > 0 ? EXIT.changes : EXIT.ok);
  });
};
