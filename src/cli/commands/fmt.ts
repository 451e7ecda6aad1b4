// `hgw fmt [paths...]`: rewrites the spec's files in canonical form (docs/formatting.md).
// `--check` writes nothing, lists the files that are not canonical and exits 1 if any, for
// CI; `--diff` shows the changes as a unified diff instead of writing them.

import type { Command } from "commander";
import type { Register } from "../register.js";
import { formatDiagnostics } from "../format-diagnostics.js";
import { EXIT, processIo, type Io } from "../io.js";
import { examples } from "../help.js";

interface FmtFlags {
  check?: boolean;
  diff?: boolean;
}

export async function runFmt(paths: string[], flags: FmtFlags, io: Io, cwd = process.cwd()): Promise<number> {
  const { formatSpecFiles } = await import("../../spec-edit/fmt-files.js");
  const { files, diagnostics, sources } = await formatSpecFiles(paths, cwd);
  if (diagnostics.length > 0) {
    io.err(formatDiagnostics(diagnostics, "human", { color: io.color, sources }));
    io.err("Nothing was written.");
    return EXIT.error;
  }
  const changed = files.filter((f) => f.before !== f.after);
  if (flags.diff && changed.length > 0) {
    const { unifiedDiff } = await import("../../spec-edit/show.js");
    io.out(unifiedDiff(changed.map((f) => ({ ...f, splices: [] }))));
  }
  if (flags.check) {
    if (!flags.diff && changed.length > 0) io.out(changed.map((f) => f.file).join("\n"));
    return changed.length > 0 ? EXIT.error : EXIT.ok;
  }
  if (flags.diff || changed.length === 0) return EXIT.ok;
  const { writeAllOrNone } = await import("../../spec-edit/write.js");
  await writeAllOrNone(changed);
  io.out(changed.map((f) => f.file).join("\n"));
  return EXIT.ok;
}

export const registerFmt: Register = (program: Command, done) => {
  program
    .command("fmt")
    .summary("rewrite spec files in canonical form")
    .description(
      "Rewrite the spec's files (default workspaces.yaml and what it includes) in canonical form: key order as in the schema, 2-space indentation, comments kept. Prints the files it changed.",
    )
    .argument("[paths...]", "spec files or directories of *.yaml (the first file is the root)")
    .option("--check", "write nothing; list the files that are not in canonical form and exit 1 if there are any")
    .option("--diff", "write nothing; print the changes as a unified diff")
    .addHelpText(
      "after",
      examples([
        ["hgw fmt", "format workspaces.yaml and the files it includes"],
        ["hgw fmt --check", "in CI: fail when a spec file is not formatted"],
        ["hgw fmt --diff workspaces.d/", "see what formatting would change in a split spec"],
      ]),
    )
    .action(async (paths: string[], flags: FmtFlags, cmd: Command) => {
      const io = processIo({ color: cmd.optsWithGlobals<{ color?: boolean }>().color });
      done(await runFmt(paths, flags, io));
    });
};
