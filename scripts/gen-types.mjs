// Generates src/spec/types.gen.ts from schema/workspaces.schema.json.
// `--check` exits 1 instead of writing when the checked-in file is stale (used by the tests).
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const root = new URL("..", import.meta.url);
const schemaPath = fileURLToPath(new URL("schema/workspaces.schema.json", root));
const outPath = fileURLToPath(new URL("src/spec/types.gen.ts", root));

export async function generate() {
  const schema = JSON.parse(await readFile(schemaPath, "utf8"));
  return compile(schema, "WorkspacesSpec", {
    bannerComment:
      "/* Generated from schema/workspaces.schema.json by `npm run gen`. Do not edit by hand. */",
    additionalProperties: false,
    // Emit every $def (the include fragment among them) as a named export.
    unreachableDefinitions: true,
    style: { singleQuote: false },
    format: true,
    cwd: fileURLToPath(new URL("schema/", root)),
  });
}

const ts = await generate();
if (process.argv.includes("--check")) {
  const current = await readFile(outPath, "utf8").catch(() => "");
  if (current !== ts) {
    console.error("src/spec/types.gen.ts is stale: run `npm run gen`.");
    process.exit(1);
  }
} else {
  await writeFile(outPath, ts);
}
