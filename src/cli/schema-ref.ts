// Where a spec's `# yaml-language-server: $schema=…` line points: a path to the schema file
// that ships in the package, relative to the spec, so that editors find it in the user's
// repository without any server. `$id` URLs are identifiers, not addresses: nothing serves
// them, so they are never written into a user's files.

import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The schema file of the hgw that is running. */
export const SHIPPED_SCHEMA = fileURLToPath(new URL("../../schema/workspaces.schema.json", import.meta.url));

const PACKAGE = "heygen-workspaces";

export interface SchemaRef {
  /** Relative to the spec's directory, starting with `./` or `../`. */
  ref: string;
  /** False when the path is where a local install would put the schema, and hgw runs from elsewhere. */
  installed: boolean;
}

/**
 * The reference for a spec written at `specFile` (relative to `cwd`). When the running hgw
 * belongs to the project (`<project>/node_modules/heygen-workspaces`, or a checkout of hgw,
 * with `cwd` inside the project), its schema file. Otherwise (npx's cache, a global install)
 * the path a local install gives, `./node_modules/heygen-workspaces/schema/…` from `cwd`:
 * an absolute path into a cache would not work on a colleague's machine.
 */
export function schemaRefFor(specFile: string, cwd: string, shipped: string = SHIPPED_SCHEMA): SchemaRef {
  const packageRoot = dirname(dirname(shipped));
  const project = basename(dirname(packageRoot)) === "node_modules" ? dirname(dirname(packageRoot)) : packageRoot;
  const here = resolve(cwd);
  const installed = here === project || here.startsWith(project + sep);
  const target = installed ? shipped : join(here, "node_modules", PACKAGE, "schema", "workspaces.schema.json");
  const rel = relative(dirname(resolve(here, specFile)), target).split(sep).join("/");
  return { ref: rel.startsWith(".") ? rel : `./${rel}`, installed };
}
