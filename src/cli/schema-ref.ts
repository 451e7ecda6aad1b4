// Where a spec's `# yaml-language-server: $schema=…` line points: a path to the schema file
// that ships in the package, relative to the spec, so that editors find it in the user's
// repository without any server. `$id` URLs are identifiers, not addresses: nothing serves
// them, so they are never written into a user's files.

import { existsSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The schema file of the hgw that is running. */
export const SHIPPED_SCHEMA = fileURLToPath(new URL("../../schema/workspaces.schema.json", import.meta.url));

const INSTALLED = join("node_modules", "heygen-workspaces", "schema", "workspaces.schema.json");

export interface SchemaRef {
  /** Relative to the spec's directory, starting with `./` or `../`. */
  ref: string;
  /** False when the path is where a local install would put the schema, and there is none yet. */
  installed: boolean;
}

function ancestors(dir: string): string[] {
  const out = [dir];
  while (dirname(out[out.length - 1]!) !== out[out.length - 1]) out.push(dirname(out[out.length - 1]!));
  return out;
}

/**
 * The reference for a spec written at `specFile` (relative to `cwd`): the schema of the
 * heygen-workspaces installed in the project (`node_modules/` in `cwd` or a parent), else,
 * in a checkout of hgw itself, its `schema/`; else the path a local install will give
 * (`./node_modules/heygen-workspaces/schema/…` from `cwd`), as hgw then runs from npx's
 * cache or a global install, whose absolute path would not work on a colleague's machine.
 */
export function schemaRefFor(
  specFile: string,
  cwd: string,
  shipped: string = SHIPPED_SCHEMA,
  exists: (path: string) => boolean = existsSync,
): SchemaRef {
  const here = resolve(cwd);
  const specDir = dirname(resolve(here, specFile));
  const rel = (target: string): string => {
    const r = relative(specDir, target).split(sep).join("/");
    return r.startsWith(".") ? r : `./${r}`;
  };
  const local = ancestors(here).map((d) => join(d, INSTALLED)).find(exists);
  if (local) return { ref: rel(local), installed: true };
  const packageRoot = dirname(dirname(shipped));
  const checkout = basename(dirname(packageRoot)) !== "node_modules";
  if (checkout && (here === packageRoot || here.startsWith(packageRoot + sep))) return { ref: rel(shipped), installed: true };
  return { ref: rel(join(here, INSTALLED)), installed: false };
}
