// Generates src/contract/wire.gen.ts from schema/admin-api.openapi.yaml: every schema under
// `components.schemas` (OpenAPI 3.1 schemas are JSON Schema 2020-12) as a TypeScript type
// named `Wire<Name>`, the bodies the HTTP provider sends and reads and the emulator serves.
// `--check` exits 1 instead of writing when the checked-in file is stale (used by the tests).
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { isMain, writeOrCheck } from "./write-generated.mjs";
import { compile } from "json-schema-to-typescript";
import { parse } from "yaml";

const root = new URL("..", import.meta.url);
const contractPath = fileURLToPath(new URL("schema/admin-api.openapi.yaml", root));
const outPath = fileURLToPath(new URL("src/contract/wire.gen.ts", root));

/** A schema node with its `#/components/schemas/X` references pointed at `#/definitions/X`. */
function localRefs(node) {
  if (Array.isArray(node)) return node.map(localRefs);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    // A description beside a $ref would make the generator copy the referenced type.
    if (k === "description" && typeof node.$ref === "string") continue;
    out[k] = k === "$ref" ? v.replace("#/components/schemas/", "#/definitions/") : localRefs(v);
  }
  return out;
}

export async function generate() {
  const document = parse(await readFile(contractPath, "utf8"));
  const schemas = document.components.schemas;
  const definitions = Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, { ...localRefs(s), title: `Wire${name}` }]));
  // The root is an object that names each schema (json-schema-to-typescript drops unreachable
  // definitions under other roots).
  const schema = {
    title: "WireSchemas",
    description: "Every schema of the REST contract by its name in `components.schemas`.",
    type: "object",
    additionalProperties: false,
    required: Object.keys(schemas),
    properties: Object.fromEntries(Object.keys(schemas).map((n) => [n, { $ref: `#/definitions/${n}` }])),
    definitions,
  };
  let ts = await compile(schema, "WireSchemas", {
    bannerComment: "/* Generated from schema/admin-api.openapi.yaml by `npm run gen`. Do not edit by hand. */",
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { singleQuote: false },
    format: true,
  });
  // The generator's note on every definition says nothing here: they all come from one file.
  ts = ts.replace(/\n \*\n \* This interface was referenced by `WireSchemas`'s JSON-Schema\n \* via the `definition` "\w+"\./g, "");
  ts = ts.replace(/\/\*\*\n \* This interface was referenced by `WireSchemas`'s JSON-Schema\n \* via the `definition` "\w+"\.\n \*\/\n/g, "");
  return ts;
}

if (isMain(import.meta.url)) await writeOrCheck(outPath, await generate(), "src/contract/wire.gen.ts", "npm run gen");
