// Commander wiring only: each command lives in its own module under commands/ and returns
// an exit code. One top-level catch maps user errors to exit 1 and marks the rest as bugs.

import { Command, CommanderError } from "commander";
import { asUserError } from "../model/world-errors.js";
import { EXIT, processIo } from "./io.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import { commands } from "./commands/index.js";

export type CommandResult = Promise<number>;

/** A command module registers itself and reports its exit code through `done`. */
export type Register = (program: Command, done: (code: number) => void) => void;

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name("hgw")
    .description("Workspaces as code for HeyGen accounts")
    .option("--no-color", "disable colours (also NO_COLOR)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });
  for (const register of commands) register(program, (code) => (exitCode = code));
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
