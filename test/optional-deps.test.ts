// The optional peer dependencies' "not installed" detection: Node's own errors for the
// package itself count, a module missing inside an installed package does not (that is a
// broken install, reported as it is).

import { describe, expect, it } from "vitest";
import { isMissingPackage, missingPackageError } from "../src/util/optional-deps.js";

const err = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe("isMissingPackage", () => {
  it("recognises ESM's and CommonJS's not-found errors for the package itself", () => {
    expect(isMissingPackage(err("ERR_MODULE_NOT_FOUND", "Cannot find package 'fastify' imported from /p/dist/emulator/server.js"), "fastify")).toBe(true);
    expect(isMissingPackage(err("MODULE_NOT_FOUND", "Cannot find module '@pulumi/pulumi'\nRequire stack:\n- /p/dist/optional-deps.js"), "@pulumi/pulumi")).toBe(true);
  });
  it("leaves other failures alone", () => {
    // Something missing inside @pulumi/pulumi: its name is in the stack, not the subject.
    expect(isMissingPackage(err("MODULE_NOT_FOUND", "Cannot find module 'semver'\nRequire stack:\n- /p/node_modules/@pulumi/pulumi/index.js"), "@pulumi/pulumi")).toBe(false);
    expect(isMissingPackage(err("ERR_MODULE_NOT_FOUND", "Cannot find package 'fastify-plugin' imported from /p/x.js"), "fastify")).toBe(false);
    expect(isMissingPackage(new SyntaxError("Unexpected token"), "fastify")).toBe(false);
    expect(isMissingPackage(undefined, "fastify")).toBe(false);
  });
  it("says what needs the package and how to install it, with the peer range from package.json", () => {
    const e = missingPackageError("fastify", "the emulator");
    expect(e.diagnostics[0]).toMatchObject({ code: "missing-dependency", message: expect.stringMatching(/^the emulator needs fastify, which is not installed/) });
    expect(e.diagnostics[0]!.hint).toMatch(/^Install it in this project: npm install "fastify@\^5/);
    expect(e.message).toMatch(/npm install "fastify@\^5/);
  });
});
