import type { Command } from "commander";
import { createInterface } from "node:readline/promises";
import type { Register } from "../main.js";
import { UserError } from "../../model/diagnostics.js";
import type { Plan } from "../../plan/types.js";
import { renderText } from "../../plan/render/index.js";
import { KeyFile, applyPlan, createProgressRenderer, formatApiKeyLine, summarizeReport, type DeliveredKey } from "../../apply/index.js";
import { EXIT, processIo, type Io } from "../io.js";
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
      .option("--api-key-file <file>", "write each new API key to this file (JSON, mode 0600) the moment it is created; they are shown nowhere else")
      .option("--show-api-keys", "print each new API key on stdout (one JSON line) the moment it is created; they are shown once"),
  ).action(async (specPaths: string[], flags: ApplyFlags, cmd: Command) => {
    const io = processIo({ color: cmd.optsWithGlobals<{ color?: boolean }>().color });
    const plan = flags.plan ? await savedPlan(flags.plan, specPaths, io) : await computePlan(specPaths, flags, io);
    if (!plan) return done(EXIT.error);
    // On stderr, so that stdout carries only what was asked for (--show-api-keys).
    io.err(renderText(plan, { color: io.color }));
    if (plan.changes.length === 0) return done(EXIT.ok);

    const createsKeys = plan.changes.some((c) => c.kind === "apikey" && (c.action === "create" || c.action === "replace"));
    let keyFile: KeyFile | null = null;
    if (createsKeys) {
      if (!flags.apiKeyFile && !flags.showApiKeys) {
        refuse(
          "api-key-destination",
          "this plan creates API keys, which are shown only once, and nothing says where they should go; nothing was applied",
          "add --api-key-file FILE (written with mode 0600) or --show-api-keys",
        );
      }
      // Before anything changes: a key must never be made with nowhere to put it.
      if (flags.apiKeyFile) keyFile = await KeyFile.open(flags.apiKeyFile);
    }
    // Each key is stored (and printed) as it comes, then confirmed to the account; an apply
    // killed in between leaves the key undelivered in the account, and the next plan rotates it.
    const deliverApiKey = createsKeys
      ? async (k: DeliveredKey): Promise<void> => {
          if (keyFile) await keyFile.add(k);
          if (flags.showApiKeys) io.out(formatApiKeyLine(k));
        }
      : undefined;
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
        ...(deliverApiKey ? { deliverApiKey } : {}),
      });
      progress.stop();
      if (keyFile && keyFile.added > 0) io.err(`Wrote ${keyFile.added} new API key(s) to ${flags.apiKeyFile} (mode 0600).`);
      io.err(summarizeReport(report, io.color));
      for (const f of report.failed) io.err(`  failed  ${f.address}: ${f.error}`);
      for (const s of report.skipped) io.err(`  skipped ${s.address}: it depends on ${s.because}, which failed`);
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
