// The canonical key order of every mapping in a spec, read from the spec's JSON Schema
// (schema/workspaces.schema.json, shipped with the package): keys come in the order the
// schema lists them. A Shape is one object definition of the schema; walking the YAML,
// the formatter asks for the shape of each nested mapping (a sequence's items share one).

import { readFileSync } from "node:fs";

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  $defs?: Record<string, JsonSchema>;
};

export interface Shape {
  /** the schema's property names, in its order */
  keys: readonly string[];
  /** the shape of a key's value: a mapping's, or (for a list) its items' */
  child(key: string): Shape | undefined;
}

let root: { spec: Shape; schema: JsonSchema } | undefined;

/** The shape of a whole spec file (root or fragment: a fragment's keys are a subset). */
export function specShape(): Shape {
  if (!root) {
    // src/spec-edit/ and dist/spec-edit/ both sit two levels below the package's root.
    const schema = JSON.parse(readFileSync(new URL("../../schema/workspaces.schema.json", import.meta.url), "utf8")) as JsonSchema;
    root = { schema, spec: shapeOf(schema, schema, new Map()) };
  }
  return root.spec;
}

function deref(node: JsonSchema, schema: JsonSchema): JsonSchema {
  let cur = node;
  for (let i = 0; i < 32 && cur.$ref; i++) {
    const ref = cur.$ref;
    if (!ref.startsWith("#/")) break;
    let target: unknown = schema;
    for (const part of ref.slice(2).split("/")) target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (!target || typeof target !== "object") break;
    cur = target as JsonSchema;
  }
  return cur;
}

/** The object (or array) alternative of a node: `password: { env } | null` is an object. */
function structural(node: JsonSchema, schema: JsonSchema): JsonSchema {
  const n = deref(node, schema);
  for (const alt of [...(n.oneOf ?? []), ...(n.anyOf ?? [])]) {
    const a = deref(alt, schema);
    if (a.properties || a.items) return a;
  }
  return n;
}

function shapeOf(node: JsonSchema, schema: JsonSchema, seen: Map<JsonSchema, Shape>): Shape {
  const n = structural(node, schema);
  const known = seen.get(n);
  if (known) return known;
  const props = n.properties ?? {};
  const children = new Map<string, Shape | null>();
  const shape: Shape = {
    keys: Object.keys(props),
    child(key) {
      if (!children.has(key)) {
        const p = props[key];
        let s: Shape | null = null;
        if (p) {
          const c = structural(p, schema);
          const target = c.items ? structural(c.items, schema) : c;
          s = target.properties ? shapeOf(target, schema, seen) : null;
        }
        children.set(key, s);
      }
      return children.get(key) ?? undefined;
    },
  };
  seen.set(n, shape);
  return shape;
}
