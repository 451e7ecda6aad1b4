// Commander wiring only: each command lives in its own module under commands/ and returns
// an exit code. One top-level catch maps user errors to exit 1 and marks the rest as bugs.
// Start-up is paid on every call, in CI and at a prompt: only the command that runs is
// registered (all of them for help and completion), command modules import what does the
// work (the spec loader, the planner, renderers, providers) inside their actions, and heavy
// packages load on first use.

import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { asUserError } from "../model/world-errors.js";
import { EXIT, processIo } from "./io.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import { commandsFor } from "./commands/index.js";
import { examples } from "./help.js";

export type CommandResult = Promise<number>;

export type { Register } from "./register.js";

/** package.json lies two levels above this file, in a checkout (src/, dist/) and an install. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name("hgw")
    .description("Workspaces as code for HeyGen accounts")
    .version(packageVersion(), "-v, --version", "print hgw's version")
    .option("--no-color", "disable colours (also NO_COLOR; FORCE_COLOR turns them on when piped)")
    .addHelpText(
      "after",
      examples([
        ["hgw init --github", "start: a workspaces.yaml, .gitignore entries and the CI workflows"],
        ["hgw plan", "what applying workspaces.yaml would change"],
        ["hgw apply", "make those changes, after a yes"],
        ["hgw <command> --help", "a command's options, with examples"],
      ]),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });
  const registers = await Promise.all(commandsFor(argv.slice(2)).map((c) => c.load()));
  for (const register of registers) register(program, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    const io = processIo({ color: program.opts<{ color?: boolean }>().color });
    // A user's mistake or the world's (the API, the network, the disk): a diagnostic, no stack.
    const user = asUserError(e);
    if (user) {
      io.err(formatDiagnostics(user.diagnostics, "human", { color: io.color }));
      return EXIT.error;
    }
    const err = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.err(`hgw: internal error (this is a bug; please report it):\n${err}`);
    return EXIT.error;
  }
}
