// Generates src/model/plan.gen.ts from schema/plan.schema.json: the payload of each kind of
// change (`*Payload`), the words they are made of (roles, asset types, settings…), the
// resource kinds and actions, and `PayloadByKind`, read off the `change` definition's
// per-kind cases. Enumerations also come out as constant lists (ROLES, ASSET_TYPES…) so that
// code checking a value at run time uses the schema's list, not a copy.
// `--check` exits 1 instead of writing when the checked-in file is stale (used by the tests).
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { isMain, writeOrCheck } from "./write-generated.mjs";
import { compile } from "json-schema-to-typescript";

const root = new URL("..", import.meta.url);
const schemaPath = fileURLToPath(new URL("schema/plan.schema.json", root));
const outPath = fileURLToPath(new URL("src/model/plan.gen.ts", root));

/** Definitions whose type name is not their name in PascalCase. */
const NAMES = {
  kind: "ResourceKind",
  workspacePayload: "MainWorkspacePayload",
  subworkspacePayload: "SubWorkspacePayload",
  apikeyPayload: "ApiKeyPayload",
  settings: "WorkspaceSettings",
};

/** Enumerations also wanted as constant lists, and the list's name. */
const LISTS = {
  kind: "RESOURCE_KINDS",
  action: "ACTIONS",
  role: "ROLES",
  billing: "BILLINGS",
  assetType: "ASSET_TYPES",
  contentType: "CONTENT_TYPES",
  generalAccess: "GENERAL_ACCESS",
  contentAccess: "CONTENT_ACCESS",
  memberStatus: "MEMBER_STATUSES",
};

/** The plan's own frame (Plan, Change, diagnostics) is written by hand in src/model/plan.ts. */
const FRAME = new Set(["digest", "address", "count", "summary", "source", "diagnostic", "change", "payload", "expiring"]);

const pascal = (name) => NAMES[name] ?? name[0].toUpperCase() + name.slice(1);

export async function generate() {
  const schema = JSON.parse(await readFile(schemaPath, "utf8"));
  const defs = Object.fromEntries(
    Object.entries(schema.$defs)
      .filter(([name]) => !FRAME.has(name) || name === "count")
      .map(([name, def]) => [name, { ...def, title: pascal(name) }]),
  );
  // Which payload each kind's changes carry: the `if kind = X then before/after: Y` cases.
  const byKind = [];
  for (const c of schema.$defs.change.allOf) {
    const kind = c.if?.properties?.kind?.const;
    if (kind === undefined) continue;
    const ref = c.then.properties.after.anyOf.find((x) => x.$ref).$ref.replace("#/$defs/", "");
    byKind.push([kind, ref]);
  }
  // The root is that map (an object: json-schema-to-typescript drops unreachable definitions
  // under a root that is a union).
  const rootSchema = {
    title: "PayloadByKind",
    description: "The payload each kind's changes carry in `before` and `after` (schema/plan.schema.json, `$defs.change`).",
    type: "object",
    additionalProperties: false,
    required: byKind.map(([k]) => k),
    properties: Object.fromEntries(byKind.map(([k, ref]) => [k, { $ref: `#/$defs/${ref}` }])),
    $defs: defs,
  };
  let ts = await compile(rootSchema, "PayloadByKind", {
    bannerComment: "/* Generated from schema/plan.schema.json by `npm run gen`. Do not edit by hand. */",
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { singleQuote: false },
    format: true,
    declareExternallyReferenced: true,
  });
  // The generator's note on every definition says nothing here: they all come from one file.
  ts = ts.replace(/\n \*\n \* This interface was referenced by `PayloadByKind`'s JSON-Schema\n \* via the `definition` "\w+"\./g, "");
  ts = ts.replace(/\/\*\*\n \* This interface was referenced by `PayloadByKind`'s JSON-Schema\n \* via the `definition` "\w+"\.\n \*\/\n/g, "");
  const kinds = schema.$defs.kind.enum;
  for (const k of kinds) if (!byKind.some(([x]) => x === k)) throw new Error(`plan.schema.json: kind ${k} has no payload case in $defs.change`);
  const lines = ["", "/** What a change's `before` or `after` holds, whatever its kind. */", "export type Payload = PayloadByKind[ResourceKind];"];
  for (const [name, list] of Object.entries(LISTS)) {
    const values = schema.$defs[name].enum;
    lines.push("", `export const ${list} = ${JSON.stringify(values).replace(/,/g, ", ")} as const satisfies readonly ${pascal(name)}[];`);
  }
  return `${ts.trimEnd()}\n${lines.join("\n")}\n`;
}

if (isMain(import.meta.url)) await writeOrCheck(outPath, await generate(), "src/model/plan.gen.ts", "npm run gen");
