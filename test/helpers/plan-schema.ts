// schema/plan.schema.json compiled once, for tests that check a plan's JSON form.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { repoRoot } from "./cli.js";

export function planValidator() {
  const schema = JSON.parse(readFileSync(join(repoRoot, "schema", "plan.schema.json"), "utf8")) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}
