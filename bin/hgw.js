#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import module from "node:module";
import v8 from "node:v8";

// Node 22.1+ can keep compiled code between runs (tsc and npm do the same); on older Nodes
// this is a no-op. It must run before the CLI's modules load, hence the dynamic import.
module.enableCompileCache?.();
// A run of the CLI is short. With inlining, V8's optimizing compiler spent about a tenth of a
// 100k-member plan's CPU on background threads, compiling whole call trees into loops that then
// ran once; without it that work shrinks to a fraction and the run's own code is no slower.
// Set here, for the CLI's process only (a Pulumi program or a library user keeps V8's defaults),
// and before any of the CLI's code is compiled.
v8.setFlagsFromString("--no-turbo-inlining");
const { main } = await import("../dist/cli/main.js");
main(process.argv).then((code) => { process.exitCode = code; });
