import type { Command } from "commander";
import { createInterface } from "node:readline/promises";
import type { Register } from "../register.js";
import { UserError, type Diagnostic } from "../../model/diagnostics.js";
import type { Plan } from "../../plan/types.js";
import type { DeliveredKey, KeyFile } from "../../apply/index.js";
import { EXIT, processIo, type Io } from "../io.js";
import { readFile } from "node:fs/promises";
import { formatDiagnostics } from "../format-diagnostics.js";
import { loadSpecOrReport, openProvider, parsePositiveInt, type LoadedSpec } from "../common.js";
import { examples } from "../help.js";
import { addPlanningOptions, planWithSpec, type PlanningFlags } from "./plan.js";
import { readPlanFile, specFilesOf, specPathOnDisk } from "../plan-file.js";
import { sha256 } from "../../model/fingerprint.js";
import { nowIso } from "../../util/clock.js";

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

/**
 * The saved plan and the spec it was made from: the files it records (or the ones given,
 * which must be the same set), each unchanged. It is never applied without that check.
 */
async function savedPlan(file: string, specPaths: string[], io: Io): Promise<{ plan: Plan; spec: LoadedSpec } | null> {
  const plan = await readPlanFile(file);
  if (plan.specFiles.length === 0) {
    refuse(
      "spec-unknown",
      `${file} does not say which spec files it was made from, so the spec cannot be checked; nothing was applied`,
      "make the plan with `hgw plan --out FILE`, which records them",
    );
  }
  const changed = (what: string): never =>
    refuse("spec-changed", `the spec is not the one this plan was made from: ${what}; nothing was applied`, "make and review a new plan for this spec");
  if (specPaths.length === 0) {
    // Named file by file first, so the message says which one moved.
    const moved: string[] = [];
    for (const f of plan.specFiles) {
      let text: string;
      try {
        text = await readFile(specPathOnDisk(f), "utf8");
      } catch {
        moved.push(`${f.path} is missing`);
        continue;
      }
      if (sha256(text) !== f.digest) moved.push(`${f.path} changed`);
    }
    if (moved.length > 0) changed(moved.join(", "));
  }
  const spec = await loadSpecOrReport(specPaths.length > 0 ? specPaths : plan.specFiles.map((f) => specPathOnDisk(f)), io);
  if (!spec) return null;
  const now = new Map(specFilesOf(spec).map((f) => [f.path, f.digest]));
  const then = new Map(plan.specFiles.map((f) => [f.path, f.digest]));
  const differences = [
    ...[...then.keys()].filter((p) => !now.has(p)).map((p) => `${p} is not among the files given`),
    ...[...now.keys()].filter((p) => !then.has(p)).map((p) => `${p} was not part of it`),
    ...[...then].filter(([p, d]) => now.has(p) && now.get(p) !== d).map(([p]) => `${p} changed`),
  ];
  if (differences.length > 0) changed(differences.join(", "));
  // The same files in another order would read as another spec (the root comes first).
  if (spec.desired.digest !== plan.specDigest) changed("its files are read in another order");
  return { plan, spec };
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
      .argument("[spec...]", "spec files or directories (default workspaces.yaml); with --plan, the files the plan was made from (default: the ones it records), checked unchanged", [])
      .option("--plan <file>", "apply exactly this saved plan; refused when what it changes is no longer as it was planned from")
      .option("--auto-approve", "do not ask for confirmation (required when there is no terminal)")
      .option("--parallelism <n>", "changes carried out at once", parsePositiveInt("--parallelism"), 8)
      .option("--api-key-file <file>", "write each new API key to this file (JSON, mode 0600) the moment it is created; they are shown nowhere else")
      .option("--show-api-keys", "print each new API key on stdout (one JSON line) the moment it is created; they are shown once")
      .addHelpText(
        "after",
        examples([
          ["hgw apply --api-key-file keys.json", "plan, show the plan, ask for yes, then apply; new API keys go to keys.json (mode 0600)"],
          ["hgw apply --plan plan.json --auto-approve", "in CI: apply exactly the reviewed plan, refused if its spec files or what it changes moved since"],
          ["hgw apply --rotate-key client-a --api-key-file keys.json", "rotate client-a's API key: the new key is in keys.json before the old one is revoked"],
          ["hgw apply --only-expired --auto-approve", "in a scheduled job: remove only access past its `expires` date"],
        ]),
      ),
  ).action(async (specPaths: string[], flags: ApplyFlags, cmd: Command) => {
    const { renderText } = await import("../../plan/render/index.js");
    const { KeyFile, applyPlan, formatApiKeyLine } = await import("../../apply/index.js");
    const { createProgressRenderer, summarizeReport } = await import("../progress.js");
    const io = processIo({ color: cmd.optsWithGlobals<{ color?: boolean }>().color });
    const planned = flags.plan ? await savedPlan(flags.plan, specPaths, io) : await planWithSpec(specPaths, flags, io, { forApply: true });
    if (!planned) return done(EXIT.error);
    const { plan, spec } = planned;
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
          if (keyFile) await keyFile.add(k, nowIso());
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
    if (provider.name !== plan.provider) {
      await provider.close?.();
      refuse(
        "provider-mismatch",
        `this plan was made against the ${plan.provider} provider's account, and this apply would use the ${provider.name} provider; nothing was applied`,
        `apply with --provider ${plan.provider} (or HGW_PROVIDER=${plan.provider})`,
      );
    }
    const progress = createProgressRenderer(io, { write: (s) => void process.stderr.write(s) });
    try {
      const report = await applyPlan(plan, provider, {
        parallelism: flags.parallelism,
        onEvent: (e) => progress.onEvent(e),
        holder: `hgw apply (pid ${process.pid})`,
        // Planned again under the lock: applied only while its changes still come out the same.
        // The library read for the plan is reused: one read of it per run.
        recheck: { desired: spec.desired, now: flags.now ?? nowIso(), ...("library" in planned && planned.library ? { library: planned.library } : {}) },
        ...(deliverApiKey ? { deliverApiKey } : {}),
        ...(keyFile ? { onKeyRevoked: (k: { keyId: string }) => keyFile!.remove(k.keyId) } : {}),
      });
      progress.stop();
      if (keyFile && keyFile.added > 0) io.err(`Wrote ${keyFile.added} new API key(s) to ${flags.apiKeyFile} (mode 0600).`);
      if (report.done.length > 0) {
        const shown = report.done.slice(0, 10).join(", ");
        io.err(`${report.done.length} change${report.done.length === 1 ? " was" : "s were"} already in the account, so not made again: ${shown}${report.done.length > 10 ? `, and ${report.done.length - 10} more` : ""}`);
      }
      io.err(summarizeReport(report, io.color));
      if (report.elsewhere > 0) {
        io.err(`The account also differs from the spec at ${report.elsewhere} address${report.elsewhere === 1 ? "" : "es"} this plan does not change (activity since it was made); run \`hgw plan\` to see ${report.elsewhere === 1 ? "it" : "them"}.`);
      }
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
