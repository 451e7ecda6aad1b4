// A throwaway Pulumi project directory, as a user's would look: package.json and
// node_modules/heygen-workspaces (a link to this repo, as `npm link` or a workspace makes
// it) next to node_modules/@pulumi. The dynamic-provider host runs in it, so the engine is
// resolved from there exactly as in a user's project.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** src/ files whose compiled dist/ counterpart is missing or older than they are. */
function staleSources(dir = join(REPO, "src")): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...staleSources(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) {
      const built = join(REPO, "dist", relative(join(REPO, "src"), p)).replace(/\.ts$/, ".js");
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(p).mtimeMs) out.push(relative(REPO, p));
    }
  }
  return out;
}

/**
 * The Pulumi tests run what users run: dist/, resolved from a project directory. They never
 * build it themselves (other test files run at the same time and read dist/), so a stale
 * dist/ is an error that says what to do. `npm test` builds before it runs vitest.
 */
export function requireBuilt(): void {
  const stale = staleSources();
  if (stale.length === 0) return;
  const shown = stale.slice(0, 5).join(", ") + (stale.length > 5 ? ` and ${stale.length - 5} more` : "");
  throw new Error(`dist/ is older than src/ (${shown}): run \`npm run build\` first (\`npm test\` does)`);
}

const made: string[] = [];

/** Removes the project directories this process made (links are removed, not followed). */
export function removeProjects(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function makeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "hgw-pulumi-"));
  made.push(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "hgw-pulumi-test", private: true, type: "module" }));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO, join(dir, "node_modules/heygen-workspaces"), "dir");
  symlinkSync(join(REPO, "node_modules/@pulumi"), join(dir, "node_modules/@pulumi"), "dir");
  symlinkSync(join(REPO, "node_modules/@types"), join(dir, "node_modules/@types"), "dir");
  return dir;
}

export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Runs a compiled program under setMocks in a plain Node process; returns what it registered. */
export function runUnderMocks(projectDir: string, programJs: string): { registered: Registered[]; failures: string[] } {
  const out = execFileSync(process.execPath, [join(REPO, "test/pulumi/fixtures/run-under-mocks.mjs"), programJs], {
    cwd: projectDir,
    encoding: "utf8",
    env: { ...process.env, PULUMI_NODEJS_PROJECT: "acme-workspaces", PULUMI_NODEJS_STACK: "dev" },
    // A synchronous call blocks the worker, so vitest's own timeout could never fire.
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split("\n").pop()!) as { registered: Registered[]; failures: string[] };
}

/** Compiles a TypeScript program in the project directory with the repo's tsc; throws with tsc's output. */
export function tsc(projectDir: string, args: string[]): void {
  execFileSync(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), ...args], {
    cwd: projectDir,
    encoding: "utf8",
    stdio: "pipe",
    timeout: 120_000,
  });
}
