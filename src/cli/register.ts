import type { Command } from "commander";

/** A command module registers itself and reports its exit code through `done`. */
export type Register = (program: Command, done: (code: number) => void) => void;
