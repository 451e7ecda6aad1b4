// Heavy dependencies that synchronous code needs only now and then, loaded with `require`
// on first use (both publish CommonJS builds, which is what an ESM `import` of them in Node
// gets too, so there is one instance). `yaml` is 72 files: the fast reader handles the
// specs people write, so `hgw validate` and `hgw plan` usually never load it; tinyglobby is
// needed only by `include:`.

import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

let yamlModule: typeof import("yaml") | undefined;
let globModule: typeof import("tinyglobby") | undefined;

export function loadYaml(): typeof import("yaml") {
  return (yamlModule ??= require("yaml") as typeof import("yaml"));
}

export function loadTinyglobby(): typeof import("tinyglobby") {
  return (globModule ??= require("tinyglobby") as typeof import("tinyglobby"));
}
