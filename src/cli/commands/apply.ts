import type { Command } from "commander";
import { createInterface } from "node:readline/promises";
import type { Register } from "../main.js";
import { UserError, type Diagnostic } from "../../model/diagnostics.js";
import type { Plan } from "../../plan/types.js";
import { renderText } from "../../plan/render/index.js";
import { applyPlan, checkApiKeysTarget, createProgressRenderer, formatApiKeys, summarizeReport, writeApiKeys } from "../../apply/index.js";
import { EXIT, processIo, type Io } from "../io.js";
import { formatDiagnostics } from "../format-diagnostics.js";
import { loadSpecOrReport, openProvider, parsePositiveInt } from "../common.js";
import { addPlanningOptions, computePlan, type PlanningFlags } from "./plan.js";
import { readPlanFile } from "../plan-file.js";

interface ApplyFlags extends PlanningFlags {
  plan?: string;
  autoApprove?: boolean;
  parallelism: number;
  apiKeyFile?: string;
  showApiKeys?: boolean;
}

async function confirm(io: Io): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question("\nDo you want to perform these actions? Only 'yes' will be accepted: ");
    return answer.trim() === "yes";
  } finally {
    rl.close();
    io.err("");
  }
}

function refuse(code: string, message: string, hint?: string): never {
  throw new UserError({ severity: "error", code, message, ...(hint ? { hint } : {}) });
}

/** The saved plan, checked against the spec beside it when one is named. */
async function savedPlan(file: string, specPaths: string[], io: Io): Promise<Plan | null> {
  const plan = await readPlanFile(file);
  if (specPaths.length === 0) return plan;
  // In CI the merged spec must be the one whose plan was reviewed.
  const spec = await loadSpecOrReport(specPaths, io);
  if (!spec) return null;
  if (spec.desired.digest !== plan.specDigest) {
    refuse(
      "spec-changed",
      `the spec is not the one this plan was made from (spec ${spec.desired.digest.slice(0, 19)}…, plan ${plan.specDigest.slice(0, 19)}…); nothing was applied`,
      "make and review a new plan for this spec",
    );
  }
  return plan;
}

/** Shown at most, of the changes an apply stopped before; the rest are counted. */
const NOT_ATTEMPTED_SHOWN = 20;

function printHalt(why: Diagnostic, notAttempted: string[], io: Io): void {
  for (const a of notAttempted.slice(0, NOT_ATTEMPTED_SHOWN)) io.err(`  not attempted ${a}`);
  if (notAttempted.length > NOT_ATTEMPTED_SHOWN) io.err(`  … and ${notAttempted.length - NOT_ATTEMPTED_SHOWN} more not attempted`);
  io.err(formatDiagnostics([why], "human", { color: io.color }));
  io.err(
    "Stopped early: no further change was started once that happened. Run the same command again once it is fixed: " +
      "it plans from the account as it is now and picks up where this left off.",
  );
}

export const registerApply: Register = (program, done) => {
  addPlanningOptions(
    program
      .command("apply")
      .summary("make the changes")
      .description("Plan (or read a saved plan) and carry it out, concurrently where the order allows, with progress.")
      .argument("[spec...]", "spec files or directories (default workspaces.yaml); with --plan, checked to be the spec the plan was made from", [])
      .option("--plan <file>", "apply exactly this saved plan; refused when the account changed since it was made")
      .option("--auto-approve", "do not ask for confirmation (required when there is no terminal)")
      .option("--parallelism <n>", "changes carried out at once", parsePositiveInt("--parallelism"), 8)
      .option("--api-key-file <file>", "write new API keys to this file (JSON, mode 0600); they are shown nowhere else")
      .option("--show-api-keys", "print new API keys (JSON) on stdout; they are shown once"),
  ).action(async (specPaths: string[], flags: ApplyFlags, cmd: Command) => {
    const io = processIo({ color: cmd.optsWithGlobals<{ color?: boolean }>().color });
    const plan = flags.plan ? await savedPlan(flags.plan, specPaths, io) : await computePlan(specPaths, flags, io);
    if (!plan) return done(EXIT.error);
    // On stderr, so that stdout carries only what was asked for (--show-api-keys).
    io.err(renderText(plan, { color: io.color }));
    if (plan.changes.length === 0) return done(EXIT.ok);

    const createsKeys = plan.changes.some((c) => c.kind === "apikey" && (c.action === "create" || c.action === "replace"));
    if (createsKeys) {
      if (!flags.apiKeyFile && !flags.showApiKeys) {
        refuse(
          "api-key-destination",
          "this plan creates API keys, which are shown only once, and nothing says where they should go; nothing was applied",
          "add --api-key-file FILE (written with mode 0600) or --show-api-keys",
        );
      }
      if (flags.apiKeyFile) await checkApiKeysTarget(flags.apiKeyFile);
    }
    if (!flags.autoApprove) {
      if (!process.stdin.isTTY) {
        refuse("no-approval", "there is no terminal to confirm on; nothing was applied", "review the plan, then run again with --auto-approve");
      }
      if (!(await confirm(io))) {
        io.err("Apply cancelled; nothing was changed.");
        return done(EXIT.error);
      }
    }

    const provider = await openProvider(flags);
    const progress = createProgressRenderer(io, { write: (s) => void process.stderr.write(s) });
    try {
      const report = await applyPlan(plan, provider, {
        parallelism: flags.parallelism,
        onEvent: (e) => progress.onEvent(e),
        holder: `hgw apply (pid ${process.pid})`,
      });
      progress.stop();
      if (report.apiKeys.length > 0) {
        if (flags.apiKeyFile) {
          await writeApiKeys(flags.apiKeyFile, report.apiKeys);
          io.err(`Wrote ${report.apiKeys.length} new API key(s) to ${flags.apiKeyFile} (mode 0600).`);
        }
        if (flags.showApiKeys) io.out(formatApiKeys(report.apiKeys));
      }
      io.err(summarizeReport(report, io.color));
      // Changes stopped by the error that halted the apply name it once, below, not on every line.
      const haltedBy = report.halted?.message;
      for (const f of report.failed) io.err(`  failed  ${f.address}: ${f.error === haltedBy ? "stopped by the error below" : f.error}`);
      for (const s of report.skipped) io.err(`  skipped ${s.address}: it depends on ${s.because}, which failed`);
      if (report.halted) {
        printHalt(report.halted, report.notAttempted, io);
        return done(EXIT.error);
      }
      if (report.failed.length > 0) {
        io.err("Nothing that depends on a failure was attempted. Fix the cause and run the same command again: it picks up where this left off.");
        return done(EXIT.error);
      }
      done(EXIT.ok);
    } finally {
      progress.stop();
      await provider.close?.();
    }
  });
};
