// Every command module, in the order `hgw --help` lists them. Add one line per command.
import type { Register } from "../main.js";
import { registerValidate } from "./validate.js";
import { registerPlan } from "./plan.js";
import { registerApply } from "./apply.js";
import { registerDrift } from "./drift.js";
import { registerEmulator } from "./emulator.js";
import { registerSandbox } from "./sandbox.js";
import { registerExport } from "./export.js";

export const commands: Register[] = [
  registerValidate,
  registerPlan,
  registerApply,
  registerDrift,
  registerEmulator,
  registerSandbox,
  registerExport,
];
