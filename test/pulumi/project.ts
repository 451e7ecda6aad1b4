// A throwaway Pulumi project directory, as a user's would look: package.json and
// node_modules/heygen-workspaces (a link to this repo, as `npm link` or a workspace makes
// it) next to node_modules/@pulumi. The dynamic-provider host runs in it, so the engine is
// resolved from there exactly as in a user's project.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stale = (): boolean => {
  const out = join(REPO, "dist/pulumi/index.js");
  return !existsSync(out) || statSync(out).mtimeMs < newestMtime(join(REPO, "src"));
};

/**
 * dist/ is what users run; rebuild it when src/ is newer (a test run may follow an edit).
 * Test files run in parallel workers, so one builds under a lock while the others wait.
 */
export function ensureBuilt(): void {
  if (!stale()) return;
  const lock = join(tmpdir(), "hgw-pulumi-build.lock");
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || waited > 180_000) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (stale()) {
      execFileSync(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
        cwd: REPO,
        stdio: "pipe",
      });
    }
  } finally {
    rmdirSync(lock);
  }
}

export function makeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "hgw-pulumi-"));
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
  });
  return JSON.parse(out.trim().split("\n").pop()!) as { registered: Registered[]; failures: string[] };
}

/** Compiles a TypeScript program in the project directory with the repo's tsc; throws with tsc's output. */
export function tsc(projectDir: string, args: string[]): void {
  execFileSync(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), ...args], {
    cwd: projectDir,
    encoding: "utf8",
    stdio: "pipe",
  });
}
