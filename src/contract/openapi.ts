// The REST contract as data: schema/admin-api.openapi.yaml loaded once, its operations
// indexed by method and path, and its JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12)
// compiled with ajv. The emulator validates request bodies with it; the contract tests
// validate every request and response with the same document.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

export const CONTRACT_PATH = fileURLToPath(new URL("../../schema/admin-api.openapi.yaml", import.meta.url));

type Json = Record<string, unknown>;

interface OperationEntry {
  method: string;
  template: string;
  pattern: RegExp;
  operation: Json;
}

export interface Contract {
  document: Json;
  /** Path templates in fastify's `:param` form, with the OpenAPI operation. */
  operations: OperationEntry[];
  find(method: string, path: string): OperationEntry | undefined;
  /** Errors (empty when valid) of a request body against the operation's schema. */
  checkRequest(method: string, path: string, body: unknown): string[];
  /** Errors (empty when valid) of a response body against the operation's schema for that status. */
  checkResponse(method: string, path: string, status: number, body: unknown): string[];
}

const METHODS = ["get", "post", "put", "patch", "delete"];
const ID = "https://heygen-workspaces.dev/admin-api.openapi.yaml";

let cached: Contract | null = null;

/** An inline schema's local `#/components/...` refs, pointed at the registered document. */
function absolutize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(absolutize);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#") ? `${ID}${v}` : absolutize(v)]),
  );
}

export function loadContract(): Contract {
  if (cached) return cached;
  const document = parse(readFileSync(CONTRACT_PATH, "utf8")) as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
  addFormats(ajv);
  ajv.addSchema({ $id: ID, components: document.components });
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (ref: string): ValidateFunction => {
    let v = validators.get(ref);
    if (!v) {
      v = ajv.compile({ $ref: `${ID}${ref.slice(ref.indexOf("#"))}` });
      validators.set(ref, v);
    }
    return v;
  };
  const check = (schema: Json | undefined, data: unknown): string[] => {
    if (!schema) return [];
    const v = typeof schema.$ref === "string" ? validatorFor(schema.$ref) : ajv.compile(absolutize(schema) as Json);
    if (v(data)) return [];
    return (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  };
  const resolve = (node: Json | undefined): Json | undefined => {
    let n = node;
    while (n && typeof n.$ref === "string") {
      const parts = (n.$ref as string).replace(/^#\//, "").split("/");
      n = parts.reduce<unknown>((o, k) => (o as Json)?.[k], document) as Json | undefined;
    }
    return n;
  };
  const operations: OperationEntry[] = [];
  for (const [template, item] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
      operations.push({ method: method.toUpperCase(), template: template.replace(/\{([^}]+)\}/g, ":$1"), pattern, operation });
    }
  }
  const find = (method: string, path: string): OperationEntry | undefined => {
    const p = path.split("?")[0]!;
    return operations.find((o) => o.method === method && o.pattern.test(p));
  };
  cached = {
    document,
    operations,
    find,
    checkRequest(method, path, body) {
      const op = find(method, path);
      if (!op) return [`no operation ${method} ${path} in the contract`];
      const rb = resolve(op.operation.requestBody as Json | undefined);
      if (!rb) return body === undefined || body === null ? [] : ["the operation takes no body"];
      if (body === undefined || body === null) return rb.required ? ["a body is required"] : [];
      const schema = ((rb.content as Json)?.["application/json"] as Json)?.schema as Json | undefined;
      return check(schema, body);
    },
    checkResponse(method, path, status, body) {
      const op = find(method, path);
      if (!op) return [`no operation ${method} ${path} in the contract`];
      const responses = op.operation.responses as Record<string, Json>;
      const r = resolve(responses[String(status)] ?? responses.default);
      if (!r) return [`status ${status} is not in the contract for ${method} ${op.template}`];
      const schema = ((r.content as Json)?.["application/json"] as Json)?.schema as Json | undefined;
      return check(schema, body);
    },
  };
  return cached;
}
