// A saved plan is the JSON plan itself (schema/plan.schema.json): what was reviewed is
// exactly what is applied. Reading it back checks its shape and version first.

import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UserError } from "../model/diagnostics.js";
import { sha256 } from "../model/fingerprint.js";
import { diskError } from "../model/world-errors.js";
import { PLAN_FORMAT_VERSION, type Plan, type SpecFile } from "../plan/types.js";
import { renderJson } from "../plan/render/json.js";

const planSchemaUrl = new URL("../../schema/plan.schema.json", import.meta.url);

async function planValidator() {
  // Loaded only to read a saved plan: ajv is a noticeable part of `hgw plan`'s start-up.
  const [{ Ajv2020 }, { default: addFormats }] = await Promise.all([import("ajv/dist/2020.js"), import("ajv-formats")]);
  const schema: unknown = JSON.parse(await readFile(planSchemaUrl, "utf8"));
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  addFormats.default(ajv);
  return ajv.compile<Plan>(schema as object);
}

export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  try {
    await writeFile(path, renderJson(plan));
  } catch (e) {
    // A failed write names no file; the user needs to know which one.
    throw diskError(e, path) ?? e;
  }
}

export async function readPlanFile(path: string): Promise<Plan> {
  const fail = (message: string, hint?: string): never => {
    throw new UserError({ severity: "error", code: "bad-plan-file", message: `${path}: ${message}`, hint });
  };
  let text = "";
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    fail(`cannot read the plan file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the file's first characters, and the file named
    // may be anything (an environment file with a key in it).
    fail("not JSON, so not a plan file", "a plan file is what `hgw plan --out FILE` wrote");
  }
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== PLAN_FORMAT_VERSION) {
    fail(
      `plan format version ${JSON.stringify(version)} is not supported (this hgw reads ${PLAN_FORMAT_VERSION}); nothing was applied`,
      typeof version === "number" && version < PLAN_FORMAT_VERSION
        ? "the plan was made by an older hgw: make it again with `hgw plan --out FILE` and review it"
        : "make the plan again with this version of hgw",
    );
  }
  const validate = await planValidator();
  if (!validate(value)) {
    const first = validate.errors?.[0];
    fail(`not a valid plan: ${first?.instancePath || "/"} ${first?.message ?? ""}`.trim());
  }
  return value as Plan;
}

/** Where spec paths in a plan are relative to: the enclosing git repository's root, else `cwd`. */
export function specRoot(cwd: string = process.cwd()): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/**
 * The loaded spec's files as a plan records them: repository-relative, `/`-separated, with
 * digests (the loader's, when it gives them: hashing 60 MB again is not free).
 */
export function specFilesOf(
  spec: { sources: ReadonlyMap<string, string>; digests?: ReadonlyMap<string, string> },
  cwd: string = process.cwd(),
): SpecFile[] {
  const root = specRoot(cwd);
  return [...spec.sources].map(([name, text]) => ({
    path: relative(root, resolve(cwd, name)).split(sep).join("/"),
    digest: spec.digests?.get(name) ?? sha256(text),
  }));
}

/** A recorded spec path on this machine. */
export function specPathOnDisk(f: SpecFile, cwd: string = process.cwd()): string {
  return isAbsolute(f.path) ? f.path : resolve(specRoot(cwd), f.path);
}
