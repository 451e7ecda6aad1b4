#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import module from "node:module";
import v8 from "node:v8";

// Node 22.1+ can keep compiled code between runs (tsc and npm do the same); on older Nodes
// this is a no-op. It must run before the CLI's modules load, hence the dynamic import.
module.enableCompileCache?.();
// A run of the CLI is short, and V8's optimizing compiler works on background threads whose
// CPU the run pays for: on a 100k-member plan those threads used three times the CPU they use
// for a bare parse of the same files, much of it compiling call trees inlined whole, and code
// hot only briefly, for loops that then ran once. Without inlining, and with four times V8's
// budget before a function counts as hot, the plan took a seventh less CPU and its main thread
// was no slower. Measured on the V8 of Node 20 (11.x); later V8s tier code differently (Maglev),
// so they keep their defaults. The CLI's process only: a Pulumi program or a library user keeps
// V8's defaults. Set before any of the CLI's code is compiled.
if (process.versions.v8.startsWith("11.")) {
  v8.setFlagsFromString("--no-turbo-inlining");
  v8.setFlagsFromString("--interrupt-budget=270336");
}
const { main } = await import("../dist/cli/main.js");
main(process.argv).then((code) => { process.exitCode = code; });
