// `hgw init`: what a repository needs to keep its HeyGen workspaces as code. A starter spec
// whose `$schema` line resolves in that repository, .gitignore entries for the sandbox
// account and API key files, and (with --github) the plan/apply/drift workflows. Files that
// exist are never overwritten; .gitignore only gains the lines it lacks.

import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../model/diagnostics.js";
import { schemaRefFor } from "./schema-ref.js";

/** The tested recipes in examples/github-actions/, shipped in the package. */
const RECIPES = fileURLToPath(new URL("../../examples/github-actions/", import.meta.url));
const WORKFLOWS = ["plan", "apply", "drift"] as const;

export const GITIGNORE_LINES = [".hgw/", "keys.json", "*.keys.json"];

export function starterSpec(schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
#
# This account's HeyGen workspaces, reviewed in git. \`npx hgw plan\` shows what applying it
# would change and why; \`npx hgw apply\` makes those changes. Until HGW_PROVIDER=http,
# HEYGEN_API_URL and HEYGEN_API_KEY point hgw at an account, both work on a local sandbox
# account kept in .hgw/. Every key is described in the schema named above.
version: 1

# The main workspace. Members are managed where a workspace lists \`members:\`; with
# \`memberOwnership: additive\` people not listed are left alone (the default,
# authoritative, removes them).
workspace:
  members:
    - email: ops@your-company.example
      role: super_admin
  memberOwnership: additive

# Values every sub-workspace gets unless it says otherwise.
defaults:
  billing: parent

# Sub-workspaces: one per client or department. A rename keeps the old name in
# \`formerNames\`, so it is an update and never a delete and create.
subWorkspaces:
  - name: first-client
    allocation:
      seats: 3
      generativeCredits: 1000
    members:
      - email: producer@first-client.example
        role: creator
`;
}

export interface InitOptions {
  cwd: string;
  spec: string;
  github: boolean;
}

export interface InitResult {
  written: string[];
  kept: string[];
  /** Lines added to .gitignore (created when missing). */
  ignored: string[];
  /** False when hgw runs from outside the project (npx's cache, a global install). */
  installed: boolean;
}

/** Writes `text` at `file` unless something is there already; true when written. */
async function writeNew(file: string, text: string): Promise<boolean> {
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, text, { flag: "wx" });
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    throw new UserError({ severity: "error", code: "file-unwritable", message: `cannot write ${file}: ${code ?? String(e)}` });
  }
}

async function readIfThere(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** The recipe as it goes into a user's repo: the apply workflow finds the plan run by file name. */
export async function workflowText(name: (typeof WORKFLOWS)[number]): Promise<string> {
  const text = await readFile(join(RECIPES, `${name}.yml`), "utf8");
  return text.replaceAll('"plan.yml"', '"hgw-plan.yml"');
}

export async function init(opts: InitOptions): Promise<InitResult> {
  const result: InitResult = { written: [], kept: [], ignored: [], installed: true };
  const shown = (abs: string): string => relative(opts.cwd, abs) || abs;
  const record = (abs: string, wrote: boolean): void => void (wrote ? result.written : result.kept).push(shown(abs));

  const spec = resolve(opts.cwd, opts.spec);
  const ref = schemaRefFor(spec, opts.cwd);
  result.installed = ref.installed;
  record(spec, await writeNew(spec, starterSpec(ref.ref)));

  const gitignore = resolve(opts.cwd, ".gitignore");
  const existing = await readIfThere(gitignore);
  const present = new Set((existing ?? "").split(/\r?\n/).map((l) => l.trim()));
  const missing = GITIGNORE_LINES.filter((l) => !present.has(l) && !present.has(`/${l}`));
  if (missing.length > 0) {
    const block = `# heygen-workspaces: the local sandbox account, and new API keys (secrets)\n${missing.join("\n")}\n`;
    const sep = existing === null || existing === "" ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
    await appendFile(gitignore, `${sep}${block}`);
    result.ignored = missing;
  }

  if (opts.github) {
    for (const name of WORKFLOWS) {
      const file = resolve(opts.cwd, ".github", "workflows", `hgw-${name}.yml`);
      record(file, await writeNew(file, await workflowText(name)));
    }
  }
  return result;
}
