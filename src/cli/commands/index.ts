// Every command module, in the order `hgw --help` lists them. Add one line per command.
import type { Register } from "../main.js";
import { registerValidate } from "./validate.js";
import { registerEmulator } from "./emulator.js";
import { registerSandbox } from "./sandbox.js";

export const commands: Register[] = [
  registerValidate,
  registerEmulator,
  registerSandbox,
];
