// The spec the README shows under "The spec", as a test fixture: it must stay valid,
// canonical and editable, as the README promises.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/cli.js";

export function readmeSpec(): string {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const m = /## The spec\n\n```yaml\n([\s\S]*?)```\n/.exec(readme);
  if (!m) throw new Error('README.md has no ```yaml block under "## The spec"');
  return m[1]!;
}
