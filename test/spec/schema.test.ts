// The schemas are valid, strict 2020-12 schemas, document every property, and the files
// generated from them are fresh.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

const run = promisify(execFile);
const schema = JSON.parse(readFileSync(join(repoRoot, "schema", "workspaces.schema.json"), "utf8")) as Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Node = { [k: string]: unknown };

/** Every object under a `properties` keyword, with its JSON pointer. */
function properties(node: unknown, path = "#"): { path: string; prop: Node }[] {
  if (!node || typeof node !== "object") return [];
  const out: { path: string; prop: Node }[] = [];
  for (const [k, v] of Object.entries(node as Node)) {
    if (k === "properties" && v && typeof v === "object") {
      for (const [name, p] of Object.entries(v as Node)) {
        out.push({ path: `${path}/properties/${name}`, prop: p as Node });
        out.push(...properties(p, `${path}/properties/${name}`));
      }
    } else if (k !== "examples" && typeof v === "object") {
      out.push(...properties(v, `${path}/${k}`));
    }
  }
  return out;
}

function deref(prop: Node): Node {
  if (typeof prop.$ref !== "string") return prop;
  let n: unknown = schema;
  for (const p of prop.$ref.replace(/^#\//, "").split("/")) n = (n as Node)[p];
  return { ...deref(n as Node), ...prop };
}

describe("schema/workspaces.schema.json", () => {
  it("is a valid 2020-12 schema that compiles in strict mode", () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("gives every property a description and an example", () => {
    const missing = properties(schema)
      .map(({ path, prop }) => ({ path, prop: deref(prop) }))
      .filter(({ prop }) => typeof prop.description !== "string" || !Array.isArray(prop.examples) || prop.examples.length === 0)
      .map(({ path }) => path);
    expect(missing).toEqual([]);
  });

  it("closes every object (additionalProperties: false)", () => {
    const open: string[] = [];
    const walk = (n: unknown, path: string): void => {
      if (!n || typeof n !== "object") return;
      const node = n as Node;
      if (node.type === "object" && node.additionalProperties !== false) open.push(path);
      for (const [k, v] of Object.entries(node)) if (k !== "examples") walk(v, `${path}/${k}`);
    };
    walk(schema, "#");
    expect(open).toEqual([]);
  });

  it("has fresh generated types (src/spec/types.gen.ts)", async () => {
    await expect(run(process.execPath, [join(repoRoot, "scripts", "gen-types.mjs"), "--check"])).resolves.toBeDefined();
  });

  it("has a fresh precompiled validator (src/spec/validate.gen.ts)", async () => {
    await expect(run(process.execPath, [join(repoRoot, "scripts", "gen-validator.mjs"), "--check"])).resolves.toBeDefined();
  });

  it("has a fresh spec reference (docs/spec-reference.md)", async () => {
    await expect(run(process.execPath, [join(repoRoot, "scripts", "gen-spec-reference.mjs"), "--check"])).resolves.toBeDefined();
  });
});

describe("types generated from the other contracts", () => {
  it("has fresh plan payload types (src/model/plan.gen.ts, from schema/plan.schema.json)", async () => {
    await expect(run(process.execPath, [join(repoRoot, "scripts", "gen-plan-types.mjs"), "--check"])).resolves.toBeDefined();
  });

  it("has fresh wire types (src/contract/wire.gen.ts, from schema/admin-api.openapi.yaml)", async () => {
    await expect(run(process.execPath, [join(repoRoot, "scripts", "gen-contract-types.mjs"), "--check"])).resolves.toBeDefined();
  });
});
