// `hgw validate [paths...]`: load and check the spec without reading the account.
import type { Command } from "commander";
import { hasErrors } from "../../model/diagnostics.js";
import { formatDiagnostics, type DiagnosticFormat } from "../format-diagnostics.js";
import { EXIT, processIo, type Io } from "../io.js";
import type { Register } from "../register.js";
import { examples } from "../help.js";

const FORMATS = ["human", "json", "github"] as const;

export async function runValidate(paths: string[], opts: { format: DiagnosticFormat; cwd?: string }, io: Io): Promise<number> {
  // Loaded on use, so that other commands do not pay for the spec machinery at startup.
  const { loadSpec } = await import("../../spec/index.js");
  const result = await loadSpec(paths.length > 0 ? paths : undefined, opts.cwd ? { cwd: opts.cwd } : {});
  const failed = hasErrors(result.diagnostics) || result.desired === null;
  if (opts.format === "json") {
    io.out(formatDiagnostics(result.diagnostics, "json"));
    return failed ? EXIT.error : EXIT.ok;
  }
  if (result.diagnostics.length > 0) {
    io.err(formatDiagnostics(result.diagnostics, opts.format, { color: io.color, sources: result.sources }));
  }
  if (failed) return EXIT.error;
  if (opts.format === "human" && result.desired) {
    const d = result.desired;
    const subs = d.workspaces.length - 1;
    const members = d.workspaces.reduce((n, w) => n + (w.members?.length ?? 0), 0);
    io.out(
      `${d.files.join(", ")}: valid (${subs} sub-workspace${subs === 1 ? "" : "s"}, ${members} member${members === 1 ? "" : "s"}, ${d.assetShares.length + d.contentShares.length} share${d.assetShares.length + d.contentShares.length === 1 ? "" : "s"})`,
    );
  }
  return EXIT.ok;
}

export const registerValidate: Register = (program: Command, done) => {
  program
    .command("validate")
    .summary("check a spec without reading the account")
    .description("check a spec (default workspaces.yaml) without reading the account")
    .argument("[paths...]", "spec files or directories of *.yaml (the first file is the root)")
    .option("--format <format>", `output format: ${FORMATS.join("|")}`, "human")
    .addHelpText(
      "after",
      examples([
        ["hgw validate", "check workspaces.yaml (and what it includes)"],
        ["hgw validate workspaces.d/", "check a spec split into files: the first is the root"],
        ["hgw validate --format github", "in GitHub Actions: errors become annotations on the pull request's diff"],
      ]),
    )
    .action(async (paths: string[], opts: { format: string }) => {
      const io = processIo({ color: program.opts<{ color?: boolean }>().color });
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        io.err(`hgw validate: unknown --format "${opts.format}" (expected ${FORMATS.join(", ")})`);
        done(EXIT.error);
        return;
      }
      done(await runValidate(paths, { format: opts.format as DiagnosticFormat }, io));
    });
};
