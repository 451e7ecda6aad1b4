// `hgw access EMAIL [SPEC…]`: what one person can view or edit, from the spec and from the
// account, and where the two differ. Exit 0 when they agree, 2 when they differ, 1 on error.
import type { Command } from "commander";
import { Option } from "commander";
import type { Register } from "../register.js";
import { EXIT, processIo } from "../io.js";
import { loadSpecOrReport, openProvider, reportDiagnostics, withProviderOptions, type ProviderFlags } from "../common.js";
import { examples } from "../help.js";

interface AccessFlags extends ProviderFlags {
  format: "text" | "markdown" | "json";
}

export const registerAccess: Register = (program, done) => {
  withProviderOptions(
    program
      .command("access")
      .summary("show every workspace, role and piece of content one person can view or edit")
      .description(
        "List a person's workspaces and roles, the library items shared to those workspaces and the content they can view or edit, " +
          "as the spec gives them (after apply) and as the account holds them, flagging where they differ. " +
          "Exit 0 when the two agree, 2 when they differ, 1 on error (an email that is nowhere, among others).",
      )
      .argument("<email>", "the person's email (case does not matter)")
      .argument("[spec...]", "spec files or directories (default workspaces.yaml)", [])
      .addOption(new Option("--format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
      .addHelpText(
        "after",
        examples([
          ["hgw access dev@acme.example", "what dev@ can reach, from workspaces.yaml and from the account"],
          ["hgw access dev@acme.example --format json", "the same for a script; exit 2 when spec and account differ"],
          ['hgw access legal@client-b.example --format markdown >> "$GITHUB_STEP_SUMMARY"', "an access review in a job summary"],
        ]),
      ),
  ).action(async (email: string, specPaths: string[], flags: AccessFlags, cmd: Command) => {
    const io = processIo({ color: cmd.optsWithGlobals<{ color?: boolean }>().color });
    const spec = await loadSpecOrReport(specPaths, io);
    if (!spec) return done(EXIT.error);
    const { accessOf, differenceCount } = await import("../../access/access.js");
    const { renderAccessJson, renderAccessMarkdown, renderAccessText } = await import("../../access/render.js");
    const provider = await openProvider(flags);
    try {
      const state = await provider.read();
      const r = accessOf(email, spec.desired, state, flags.now ?? new Date().toISOString());
      if ("error" in r) {
        reportDiagnostics([r.error], spec.sources, io);
        return done(EXIT.error);
      }
      io.out(
        flags.format === "json" ? renderAccessJson(r.report)
        : flags.format === "markdown" ? renderAccessMarkdown(r.report)
        : renderAccessText(r.report),
      );
      done(differenceCount(r.report) > 0 ? EXIT.changes : EXIT.ok);
    } finally {
      await provider.close?.();
    }
  });
};
