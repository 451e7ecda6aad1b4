// Compiles schema/workspaces.schema.json with ajv ahead of time into
// src/spec/validate.gen.ts (ajv "standalone" code), so that `hgw` does not pay ajv's
// import and compile (~100-200 ms) on every run. `--check` exits 1 when the file is stale.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { isMain, writeOrCheck } from "./write-generated.mjs";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import addFormats from "ajv-formats";

const root = new URL("..", import.meta.url);
const schemaPath = fileURLToPath(new URL("schema/workspaces.schema.json", root));
const outPath = fileURLToPath(new URL("src/spec/validate.gen.ts", root));

export async function generate() {
  const schema = JSON.parse(await readFile(schemaPath, "utf8"));
  // The same options as a runtime compile would use: all errors, with the failing schema
  // kept on each error (for did-you-mean from its known keys).
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, code: { source: true, esm: true } });
  addFormats(ajv, ["email", "hostname"]);
  // A date as a pattern, so the standalone code needs no runtime module; the calendar itself
  // (2026-02-30) is checked by a semantic rule, which can name the place as precisely.
  ajv.addFormat("date", /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
  ajv.addSchema(schema);
  let code = standaloneCode.default(ajv, { root: schema.$id, fragment: `${schema.$id}#/$defs/fragment` });
  // The one runtime helper ajv requires (string length in code points), inlined to keep the
  // module free of CommonJS requires.
  code = code.replace(/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, "((s) => [...s].length)");
  if (/require\(/.test(code)) throw new Error("standalone validator still requires a runtime module");
  return [
    "// @ts-nocheck",
    "/* Generated from schema/workspaces.schema.json by `node scripts/gen-validator.mjs` (ajv standalone). Do not edit by hand. */",
    code,
    "",
  ].join("\n");
}

if (isMain(import.meta.url)) await writeOrCheck(outPath, await generate(), "src/spec/validate.gen.ts", "node scripts/gen-validator.mjs");
