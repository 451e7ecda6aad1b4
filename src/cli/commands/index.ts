// Every command module, in the order `hgw --help` lists them. Add one line per command.
// A run that names a command registers only that one (its module is the only one loaded);
// help, completion and unknown commands register them all.
import type { Register } from "../register.js";

export interface CommandModule {
  name: string;
  load: () => Promise<Register>;
  /** It reads the whole program (completion scripts list every command). */
  needsAll?: boolean;
}

export const commands: CommandModule[] = [
  { name: "init", load: async () => (await import("./init.js")).registerInit },
  { name: "validate", load: async () => (await import("./validate.js")).registerValidate },
  { name: "plan", load: async () => (await import("./plan.js")).registerPlan },
  { name: "apply", load: async () => (await import("./apply.js")).registerApply },
  { name: "drift", load: async () => (await import("./drift.js")).registerDrift },
  { name: "emulator", load: async () => (await import("./emulator.js")).registerEmulator },
  { name: "sandbox", load: async () => (await import("./sandbox.js")).registerSandbox },
  { name: "export", load: async () => (await import("./export.js")).registerExport },
  { name: "member", load: async () => (await import("./member.js")).registerMember },
  { name: "fmt", load: async () => (await import("./fmt.js")).registerFmt },
  { name: "completion", load: async () => (await import("./completion.js")).registerCompletion, needsAll: true },
];

/**
 * The modules to register for these arguments (argv without node and the script). Global
 * options are all flags, so the first word not starting with "-" is the command.
 */
export function commandsFor(args: readonly string[]): CommandModule[] {
  const first = args.find((a) => !a.startsWith("-"));
  const named = commands.filter((c) => c.name === first);
  return named.length > 0 && !named.some((c) => c.needsAll) ? named : commands;
}
