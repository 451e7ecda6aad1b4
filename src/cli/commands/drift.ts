import type { Command } from "commander";
import { Option } from "commander";
import type { Register } from "../register.js";
import { EXIT, processIo } from "../io.js";
import { withProviderOptions, type ProviderFlags } from "../common.js";
import { examples } from "../help.js";
import { computePlan, type PlanFormat } from "./plan.js";

const REPORT_ALL = { maxRemovalShare: 1, maxDeletions: Infinity, maxMemberRemovals: Infinity, maxShareRevocations: Infinity };

interface DriftFlags extends ProviderFlags {
  format: PlanFormat;
}

export const registerDrift: Register = (program, done) => {
  withProviderOptions(
    program
      .command("drift")
      .summary("show what changed in the account that the spec does not say")
      .description(
        "Compare the account with the spec and report drift: unauthorized (the account changed outside the spec) " +
          "apart from expected (invitations expiring, people asking to join). Exit 2 when there is unauthorized drift.",
      )
      .argument("[spec...]", "spec files or directories (default workspaces.yaml)", [])
      .addOption(new Option("--format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
      .addHelpText(
        "after",
        examples([
          ["hgw drift", "report what changed in the account that workspaces.yaml does not say"],
          ['hgw drift --format markdown >> "$GITHUB_STEP_SUMMARY"', "in a scheduled CI job: the report in the job summary, exit 2 on unauthorized drift"],
        ]),
      ),
  ).action(async (specPaths: string[], flags: DriftFlags, cmd: Command) => {
    const { classifyDrift } = await import("../../plan/drift.js");
    const { renderDriftJson, renderDriftMarkdown, renderDriftText } = await import("../../plan/render/drift.js");
    const io = processIo({ color: cmd.optsWithGlobals<{ color?: boolean }>().color });
    // Unmanaged sub-workspaces are drift too: plan as if deletion were allowed would hide
    // them among the changes, so plan without it and read them from `unmanaged`.
    // Drift is reported however large it is: the blast-radius limits guard applies, not reports.
    const plan = await computePlan(specPaths, { ...flags, ...REPORT_ALL }, io);
    if (!plan) return done(EXIT.error);
    const report = classifyDrift(plan);
    io.out(
      flags.format === "json" ? renderDriftJson(plan, report)
      : flags.format === "markdown" ? renderDriftMarkdown(plan, report)
      : renderDriftText(plan, report, { color: io.color }),
    );
    done(report.unauthorized > 0 ? EXIT.changes : EXIT.ok);
  });
};
