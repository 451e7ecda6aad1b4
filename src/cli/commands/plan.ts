import type { Command } from "commander";
import { Option } from "commander";
import type { Register } from "../register.js";
import { checkSharePasswords } from "../../apply/secrets.js";
import type { Plan } from "../../plan/types.js";
import type { RenderMode } from "../../plan/render/index.js";
import type { PlanUsage } from "../../model/usage.js";
import { EXIT, processIo, writeOut, type Io } from "../io.js";
import {
  collect,
  loadSpecOrReport,
  openProvider,
  parseCount,
  parseShare,
  reportDiagnostics,
  withProviderOptions,
  type LoadedSpec,
  type ProviderFlags,
} from "../common.js";
import { examples } from "../help.js";
import { specFilesOf, writePlanFile } from "../plan-file.js";
import { unsetSecretWarnings } from "../../apply/secrets.js";
import { readLibrary } from "../../apply/library.js";
import { UserError } from "../../model/diagnostics.js";
import type { Library } from "../../model/library.js";
import { WorldError } from "../../model/world-errors.js";
import { nowIso } from "../../util/clock.js";

export type PlanFormat = "text" | "markdown" | "json";

export interface PlanningFlags extends ProviderFlags {
  target?: string[];
  allowDelete?: boolean;
  maxRemovalShare?: number;
  maxDeletions?: number;
  maxMemberRemovals?: number;
  maxShareRevocations?: number;
  maxKeyRevocations?: number;
  rotateKey?: string[];
  onlyExpired?: boolean;
  /** ISO time: `--now` / HGW_NOW, else the clock */
  now?: string;
}

interface PlanFlags extends PlanningFlags {
  out?: string;
  format: PlanFormat;
  detailedExitcode?: boolean;
}

/** The plan rendered in pieces, to write as they are made (text and JSON; markdown is capped anyway). */
export async function planChunks(
  plan: Plan,
  format: PlanFormat,
  io: Io,
  mode: RenderMode = "plan",
  usage?: PlanUsage,
): Promise<Iterable<string>> {
  const { renderJsonChunks, renderMarkdown, renderTextChunks } = await import("../../plan/render/index.js");
  switch (format) {
    case "text":
      return renderTextChunks(plan, { color: io.color, mode, usage });
    case "markdown":
      return [renderMarkdown(plan, { mode, usage })];
    case "json":
      return renderJsonChunks(plan, { usage });
  }
}

/**
 * Reads the spec and the account and plans. Null when the spec is invalid or no feasible
 * plan exists; the errors have been printed, with the spec lines they point at.
 */
export async function computePlan(specPaths: string[], flags: PlanningFlags, io: Io): Promise<Plan | null> {
  return (await planWithSpec(specPaths, flags, io, { forApply: false }))?.plan ?? null;
}

/**
 * As computePlan, with the spec it was made from. `forApply`: the plan is to be applied, so
 * it records its spec files and warns about secrets that are not set here.
 */
export async function planWithSpec(
  specPaths: string[],
  flags: PlanningFlags,
  io: Io,
  opts: { forApply: boolean; withUsage?: boolean },
): Promise<{ plan: Plan; spec: LoadedSpec; library?: Library; usage?: PlanUsage } | null> {
  const spec = await loadSpecOrReport(specPaths, io);
  if (!spec) return null;
  const { tryPlan } = await import("../../plan/plan.js");
  const provider = await openProvider(flags);
  try {
    const state = await provider.read();
    const passwordChecks = await checkSharePasswords(spec.desired, state, provider);
    let library: Library | undefined;
    try {
      library = await readLibrary(spec.desired, provider);
    } catch (e) {
      // Located at the share that names an item: printed with its spec line.
      if (!(e instanceof UserError) || e instanceof WorldError) throw e;
      reportDiagnostics(e.diagnostics, spec.sources, io);
      return null;
    }
    const result = tryPlan(spec.desired, state, {
      passwordChecks,
      ...(library ? { library } : {}),
      allowDelete: flags.allowDelete,
      maxRemovalShare: flags.maxRemovalShare,
      maxDeletions: flags.maxDeletions,
      maxMemberRemovals: flags.maxMemberRemovals,
      maxShareRevocations: flags.maxShareRevocations,
      maxKeyRevocations: flags.maxKeyRevocations,
      rotateKeys: flags.rotateKey,
      targets: flags.target,
      now: nowIso(),
      checkTargets: true,
      ...(flags.onlyExpired ? { onlyExpired: true } : {}),
      ...(flags.now ? { now: flags.now } : {}),
      provider: provider.name,
    });
    // Warnings travel inside the plan and are rendered with it; errors are printed here.
    if (!result.plan) {
      reportDiagnostics(result.diagnostics, spec.sources, io);
      return null;
    }
    const plan = result.plan;
    if (opts.forApply) {
      plan.specFiles = specFilesOf(spec);
      plan.warnings.push(...unsetSecretWarnings(plan.changes));
    }
    const withLibrary = library ? { library } : {};
    if (opts.withUsage && plan.changes.some((c) => c.action !== "noop")) {
      const [{ planUsage }, { thresholdsOf }] = await Promise.all([import("../../plan/usage-after-plan.js"), import("../../plan/usage.js")]);
      return { plan, spec, ...withLibrary, usage: planUsage(state, plan, thresholdsOf(spec.desired)) };
    }
    return { plan, spec, ...withLibrary };
  } finally {
    await provider.close?.();
  }
}

export function addPlanningOptions(cmd: Command): Command {
  return withProviderOptions(cmd)
    .option("--target <address>", "plan only this resource, what is under it, and what it needs (repeatable)", collect)
    .option("--allow-delete", "delete sub-workspaces that are in the account but not in the spec")
    .option("--only-expired", "plan only the removals of access past its `expires` date (a filter, like --target)")
    .option(
      "--max-removal-share <share>",
      "refuse to remove more than this share (0-1) of a workspace's members (default: policies.maxMemberRemovalShare, else 0.5)",
      parseShare,
    )
    .option("--max-deletions <n>", "refuse to delete more sub-workspaces than this in one plan (default 5)", parseCount("--max-deletions"))
    .option(
      "--max-member-removals <n>",
      "refuse to remove more members than this across the account in one plan (default: policies.maxMemberRemovals, else 25)",
      parseCount("--max-member-removals"),
    )
    .option(
      "--max-share-revocations <n>",
      "refuse to revoke more shares than this in one plan (default: policies.maxShareRevocations, else 25)",
      parseCount("--max-share-revocations"),
    )
    .option(
      "--max-key-revocations <n>",
      "refuse to revoke more API keys (rotations included) than this in one plan (default: policies.maxKeyRevocations, else 10)",
      parseCount("--max-key-revocations"),
    )
    .option("--rotate-key <workspace>", "rotate this sub-workspace's API key now, whatever its age: a new key is stored, then the old one revoked (repeatable)", collect);
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
      .option("--detailed-exitcode", "exit 0 when there are no changes, 2 when there are, 1 on error")
      .addHelpText(
        "after",
        examples([
          ["hgw plan", "plan workspaces.yaml against the account (the sandbox unless --provider http)"],
          ["hgw plan --out plan.json", "also save the plan, for `hgw apply --plan plan.json`"],
          ["hgw plan --detailed-exitcode --format markdown > plan.md", "in CI: exit 2 when there are changes"],
          ["hgw plan --target 'subworkspace[client-a]'", "only client-a, what is under it and what it needs"],
          ["hgw plan --rotate-key client-a", "also rotate client-a's API key (apply with --api-key-file stores the new one before the old is revoked)"],
          ["hgw plan --only-expired --now 2027-01-01", "only what has expired (members, content users, asset shares), as of that day"],
        ]),
      ),
  ).action(async (specPaths: string[], flags: PlanFlags, cmd: Command) => {
    const io = processIo({ color: cmd.optsWithGlobals<{ color?: boolean }>().color });
    const planned = await planWithSpec(specPaths, flags, io, { forApply: true, withUsage: true });
    if (!planned) return done(EXIT.error);
    const { plan, usage } = planned;
    await writeOut(io, await planChunks(plan, flags.format, io, "plan", usage));
    if (flags.out) {
      await writePlanFile(flags.out, plan);
      io.err(`Saved the plan to ${flags.out}. Apply exactly this plan with: hgw apply --plan ${flags.out}`);
    }
    done(flags.detailedExitcode && plan.changes.length > 0 ? EXIT.changes : EXIT.ok);
  });
};
