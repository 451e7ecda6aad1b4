// Every command module, in the order `hgw --help` lists them. Add one line per command.
import type { Register } from "../main.js";

export const commands: Register[] = [];
