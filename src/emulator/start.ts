// The emulator, loaded on first use: fastify is an optional peer dependency, so a library
// or CLI install without it works until someone starts an emulator, who is then told what
// to install.

import { isMissingPackage, missingPackageError } from "../util/optional-deps.js";
import type { EmulatorOptions, RunningEmulator } from "./server.js";

export type { EmulatorOptions, RunningEmulator } from "./server.js";

export async function loadEmulatorServer(): Promise<typeof import("./server.js")> {
  try {
    return await import("./server.js");
  } catch (e) {
    if (isMissingPackage(e, "fastify")) throw missingPackageError("fastify", "the emulator");
    throw e;
  }
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return (await loadEmulatorServer()).startEmulator(opts);
}
