#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import module from "node:module";

// Node 22.1+ can keep compiled code between runs (tsc and npm do the same); on older Nodes
// this is a no-op. It must run before the CLI's modules load, hence the dynamic import.
module.enableCompileCache?.();
const { main } = await import("../dist/cli/main.js");
main(process.argv).then((code) => { process.exitCode = code; });
