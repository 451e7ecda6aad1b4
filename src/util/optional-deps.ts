// Optional peer dependencies: @pulumi/pulumi (for `heygen-workspaces/pulumi`) and fastify
// (for the emulator). A CLI-only install has neither; whoever needs one is told which
// package to install, instead of meeting Node's "Cannot find package" deep in a stack.

import { createRequire } from "node:module";
import { UserError } from "../model/diagnostics.js";

/** Whether `e` is Node failing to find `name` itself (not something inside it). */
export function isMissingPackage(e: unknown, name: string): boolean {
  const err = e as NodeJS.ErrnoException | undefined;
  if (err?.code !== "ERR_MODULE_NOT_FOUND" && err?.code !== "MODULE_NOT_FOUND") return false;
  const message = String(err.message);
  return message.startsWith(`Cannot find package '${name}'`) || message.startsWith(`Cannot find module '${name}'`);
}

/** `require` for CommonJS packages loaded on first use, resolved from this package. */
export const requireFromHere = createRequire(import.meta.url);

/** The range package.json's peerDependencies give for `name`. */
function peerRange(name: string): string | undefined {
  const pkg = requireFromHere("../../package.json") as { peerDependencies?: Record<string, string> };
  return pkg.peerDependencies?.[name];
}

export function missingPackageError(name: string, what: string): UserError {
  const range = peerRange(name);
  const message = `${what} needs ${name}, which is not installed (it is an optional peer dependency of heygen-workspaces)`;
  const install = `npm install ${range ? `"${name}@${range}"` : name}`;
  // The message carries the fix too, for callers that print only messages (Pulumi does).
  return new UserError({ severity: "error", code: "missing-dependency", message, hint: `Install it in this project: ${install}` }, `${message}; install it in this project: ${install}`);
}
