import type { Command } from "commander";
import { Option } from "commander";
import type { Register } from "../register.js";
import { EXIT, processIo, writeOut } from "../io.js";
import { loadSpecOrReport, openProvider, withProviderOptions, type ProviderFlags } from "../common.js";
import { examples } from "../help.js";

export type UsageFormat = "text" | "markdown" | "json";

interface UsageFlags extends ProviderFlags {
  format: UsageFormat;
}

export const registerUsage: Register = (program, done) => {
  withProviderOptions(
    program
      .command("usage")
      .summary("show seats, avatar slots and credits allocated and used, per workspace")
      .description(
        "Per workspace: seats, avatar slots, generative and API credits it may use and uses, what it gives to its " +
          "sub-workspaces or takes of its parent's pools, flagged at policies.usageWarningShare and usageAlertShare " +
          "(0.8 and 1 by default). With SPEC, workspaces are named as the spec names them, and those only in the " +
          "account or only in the spec are marked; without, the whole account.",
      )
      .argument("[spec...]", "spec files or directories (default: none, the whole account as it is)", [])
      .addOption(new Option("--format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
      .addHelpText(
        "after",
        examples([
          ["hgw usage", "every workspace of the account (the sandbox unless --provider http)"],
          ["hgw usage workspaces.yaml", "named as the spec names them, with its policies' thresholds"],
          ["hgw usage --format markdown >> \"$GITHUB_STEP_SUMMARY\"", "in CI: a table and the workspace tree"],
          ["hgw usage --format json | jq '.workspaces[] | select(.flag != \"ok\")'", "only the flagged workspaces"],
        ]),
      ),
  ).action(async (specPaths: string[], flags: UsageFlags, cmd: Command) => {
    const io = processIo({ color: cmd.optsWithGlobals<{ color?: boolean }>().color });
    const spec = specPaths.length > 0 ? await loadSpecOrReport(specPaths, io) : undefined;
    if (spec === null) return done(EXIT.error);
    const provider = await openProvider(flags);
    let state;
    try {
      state = await provider.read();
    } finally {
      await provider.close?.();
    }
    const { usageReport } = await import("../../plan/usage.js");
    const report = usageReport(state, { spec: spec?.desired });
    switch (flags.format) {
      case "text": {
        const { renderUsageTextChunks } = await import("../../plan/render/usage-text.js");
        await writeOut(io, renderUsageTextChunks(report, { color: io.color }));
        break;
      }
      case "markdown": {
        const { renderUsageMarkdown } = await import("../../plan/render/usage-markdown.js");
        await writeOut(io, [renderUsageMarkdown(report)]);
        break;
      }
      case "json": {
        const { renderUsageJsonChunks } = await import("../../plan/render/usage-json.js");
        await writeOut(io, renderUsageJsonChunks(report));
        break;
      }
    }
    done(EXIT.ok);
  });
};
