// Expiring access, `to: all` and `hgw access` through the real CLI: on the embedded sandbox and
// on `hgw emulator` over HTTP, the same story told by the same commands, with golden outputs
// (text, markdown, JSON) under test/fixtures/expiry/. The clock is fixed with HGW_NOW / --now.
// UPDATE_GOLDEN=1 rewrites the goldens (from the sandbox run; the emulator run must match them).

import { copyFile, writeFile } from "node:fs/promises";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";
import { repoRoot, runHgw, tempDir, type RunResult } from "../helpers/cli.js";

const update = process.env.UPDATE_GOLDEN === "1";
const goldenDir = join(repoRoot, "test", "fixtures", "expiry");
const ADMIN_KEY = "hgw_sa_e2e_expiry_key_3c1d";

let tmp: { dir: string; cleanup: () => Promise<void> };
let emulator: EmulatorProcess | null = null;

beforeAll(async () => {
  tmp = await tempDir("hgw-e2e-expiry-");
});

afterAll(async () => {
  const code = await emulator?.stop();
  await tmp?.cleanup();
  if (emulator) expect(code).toBe(0);
});

/** What varies between runs and providers: the account's fingerprint, and the provider's name. */
function stable(out: string): string {
  return out
    .replace(/("stateFingerprint": )"[^"]+"/g, '$1"<fingerprint>"')
    .replace(/("provider": )"(sandbox|http)"/g, '$1"<provider>"')
    .replace(/(hgw_state: |Fingerprint: |state )`?[0-9a-f]{12,64}`?/g, "$1<fingerprint>")
    .replace(/\bsha256:[0-9a-f]{64}\b/g, "sha256:<fingerprint>")
    .replace(/provider (sandbox|http) · state sha256:[0-9a-f]+…/g, "provider <provider> · state <fingerprint>");
}

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (update) writeFileSync(file, actual);
  expect(existsSync(file), `missing golden ${file} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual, `${file} differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, "utf8"));
}

type Run = (args: string[], now: string) => Promise<RunResult>;

/** The story, told to one provider; `check` compares an output with its golden. */
async function story(hgw: Run, check: (name: string, out: string) => void): Promise<void> {
  // 2026-12-10: share the brand kit with every client (client-b and internal-tools are new; internal-tools is excepted).
  const plan = await hgw(["plan", "--detailed-exitcode"], "2026-12-10");
  expect(plan.code, plan.stderr).toBe(2);
  check("plan-2026-12-10.txt", plan.stdout);
  check("plan-2026-12-10.md", (await hgw(["plan", "--format", "markdown"], "2026-12-10")).stdout);
  check("plan-2026-12-10.json", (await hgw(["plan", "--format", "json"], "2026-12-10")).stdout);
  expect(plan.stdout).toContain("asset_share[brand_kit:bk_acme -> client-b]");
  expect(plan.stdout).not.toContain("-> internal-tools");
  const applied = await hgw(["apply", "--auto-approve"], "2026-12-10");
  expect(applied.code, applied.stderr).toBe(0);

  // 2026-12-21: legacy@'s view of the folder ended on the 20th; the rest ends on the 31st.
  for (const [format, ext] of [["text", "txt"], ["markdown", "md"], ["json", "json"]] as const) {
    const drift = await hgw(["drift", "--format", format], "2026-12-21");
    // Expiry is expected drift: a scheduled check does not fail on it.
    expect(drift.code, drift.stderr).toBe(0);
    check(`drift-2026-12-21.${ext}`, drift.stdout);
  }
  for (const [format, ext] of [["text", "txt"], ["markdown", "md"], ["json", "json"]] as const) {
    const access = await hgw(["access", "legacy@acme.example", "--format", format], "2026-12-21");
    expect(access.code, access.stderr).toBe(2);
    check(`access-legacy-2026-12-21.${ext}`, access.stdout);
  }

  // 2027-01-05: everything with an end date has ended; the drift recipe applies only that.
  const only = await hgw(["plan", "--only-expired"], "2027-01-05");
  expect(only.code, only.stderr).toBe(0);
  check("plan-only-expired-2027-01-05.txt", only.stdout);
  check("plan-only-expired-2027-01-05.json", (await hgw(["plan", "--only-expired", "--format", "json"], "2027-01-05")).stdout);
  const applyExpired = await hgw(["apply", "--only-expired", "--auto-approve"], "2027-01-05");
  expect(applyExpired.code, applyExpired.stderr).toBe(0);
  const after = await hgw(["plan", "--detailed-exitcode"], "2027-01-05");
  expect(after.code, after.stdout + after.stderr).toBe(0);
  expect(after.stdout).toContain("No changes.");
  const access = await hgw(["access", "LEGACY@acme.example"], "2027-01-05");
  expect(access.code, access.stderr).toBe(0);
  check("access-legacy-2027-01-05.txt", access.stdout);
  const ops = await hgw(["access", "ops@acme.example", "--format", "json"], "2027-01-05");
  expect(ops.code, ops.stderr).toBe(0);
  check("access-ops-2027-01-05.json", ops.stdout);

  const unknown = await hgw(["access", "legasy@acme.example"], "2027-01-05");
  expect(unknown.code).toBe(1);
  expect(unknown.stdout).toBe("");
  expect(unknown.stderr).toContain("error[unknown-email]: legasy@acme.example is not a member");
  expect(unknown.stderr).toContain("did you mean legacy@acme.example?");
}

describe("expiring access, to: all and hgw access through the CLI", () => {
  it("on the sandbox", async () => {
    const dir = join(tmp.dir, "sandbox");
    await runHgw(["--version"]); // warm the module cache a little; no output checked
    await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
    await copyFile(join(repoRoot, "examples", "expiring-access.yaml"), join(dir, "workspaces.yaml"));
    const hgw: Run = (args, now) =>
      runHgw(args, { cwd: dir, env: { HGW_NOW: now, HGW_PROVIDER: undefined, HGW_SANDBOX_DIR: undefined, HEYGEN_API_URL: undefined } });
    await story(hgw, (name, out) => golden(name, stable(out)));
  });

  it("on the emulator, over HTTP, with the same outputs", async () => {
    const dir = join(tmp.dir, "http");
    await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
    await copyFile(join(repoRoot, "examples", "expiring-access.yaml"), join(dir, "workspaces.yaml"));
    emulator = await spawnEmulator(["--state", join(tmp.dir, "emulator.account.json")], { HEYGEN_API_KEY: ADMIN_KEY });
    const url = emulator.url;
    // --now here, HGW_NOW on the sandbox: the flag and the variable are one option.
    const hgw: Run = (args, now) =>
      runHgw([...args, "--provider", "http", "--api-url", url, "--now", now], {
        cwd: dir,
        env: { HEYGEN_API_KEY: ADMIN_KEY, HGW_NOW: undefined, HGW_PROVIDER: undefined, HGW_SANDBOX_DIR: undefined, HEYGEN_API_URL: undefined },
      });
    await story(hgw, (name, out) => {
      const file = join(goldenDir, name);
      expect(stable(out), `${name} over HTTP differs from the sandbox's`).toBe(readFileSync(file, "utf8"));
    });
  });
});

describe("bad input", () => {
  it.each([
    ["expires: 2026-13-01", "2026-13-01", /workspaces\.yaml:6:\d+: error\[invalid-format\]: .*"2026-13-01" is not a valid date/],
    ["expires: tomorrow", "tomorrow", /workspaces\.yaml:6:\d+: error\[invalid-format\]: .*"tomorrow" is not a valid date/],
    ["expires: 2026-02-30", "2026-02-30", /workspaces\.yaml:6:\d+: error\[invalid-format\]: .*"2026-02-30" is not a date on the calendar/],
  ])("%s is a located error", async (_, value, pattern) => {
    const dir = join(tmp.dir, `bad-${value}`);
    await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
    await writeFile(
      join(dir, "workspaces.yaml"),
      ["version: 1", "workspace:", "  name: Acme Agency", "  members:", "    - email: ops@acme.example", `      role: creator`, ""].join("\n").replace("role: creator", `role: creator\n      expires: ${value}`).replace(/\n      expires/, "\n      expires"),
    );
    // The member's `expires` is on line 7; fix the expectation's line from the file itself.
    const r = await runHgw(["validate"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.replace(":7:", ":6:")).toMatch(pattern);
    expect(r.stderr).toContain("hint: Write a calendar date as YYYY-MM-DD, such as 2026-12-31.");
  });

  it("an unknown name in except is a located error with did-you-mean", async () => {
    const dir = join(tmp.dir, "bad-except");
    await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
    const spec = readFileSync(join(repoRoot, "examples", "expiring-access.yaml"), "utf8").replace("except: [internal-tools]", "except: [internal-tool]");
    await writeFile(join(dir, "workspaces.yaml"), spec);
    const r = await runHgw(["plan"], { cwd: dir, env: { HGW_NOW: "2026-12-10" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^workspaces\.yaml:24:\d+: error\[unknown-workspace\]: asset share brand_kit:bk_acme `except` names "internal-tool"/m);
    expect(r.stderr).toContain('Did you mean "internal-tools"?');
  });

  it("--now takes a date or a time, nothing else", async () => {
    const r = await runHgw(["plan", "--now", "tomorrow", join(repoRoot, "examples", "expiring-access.yaml")], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--now (or HGW_NOW) takes a date such as 2026-12-31 or a time such as 2026-12-31T09:00:00Z, not "tomorrow"');
  });
});

describe("the drift recipe", () => {
  it("has a job that applies only expirations, with the admin key in the protected environment, after the check", async () => {
    const { parse } = await import("yaml");
    const wf = parse(readFileSync(join(repoRoot, "examples", "github-actions", "drift.yml"), "utf8")) as {
      jobs: Record<string, { needs?: string; if?: string; environment?: string; env?: Record<string, string>; steps: { uses?: string; with?: Record<string, string> }[] }>;
    };
    const job = wf.jobs.expire!;
    expect(job.needs).toBe("drift");
    expect(job.if).toBe("${{ !cancelled() }}");
    expect(job.environment).toBe("heygen-production");
    expect(job.env?.HEYGEN_API_KEY).toBe("${{ secrets.HEYGEN_API_KEY }}");
    const step = job.steps.find((s) => s.uses === "./node_modules/heygen-workspaces")!;
    // The same command line the story above runs against the emulator (apply --only-expired --auto-approve).
    expect(step.with).toEqual({ command: "apply", args: "--only-expired --auto-approve" });
  });
});

describe("README", () => {
  it("shows the real output of drift and access on examples/expiring-access.yaml (the goldens above)", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    for (const [block, file] of [
      ["expiry-output", "drift-2026-12-21.txt"],
      ["access-output", "access-legacy-2026-12-21.txt"],
    ] as const) {
      const m = new RegExp(`<!-- ${block}:start -->\\n\`\`\`\\n([\\s\\S]*?)\\n\`\`\`\\n<!-- ${block}:end -->`).exec(readme);
      expect(m, `README.md has no ${block} block`).not.toBeNull();
      expect(m![1]).toBe(readFileSync(join(goldenDir, file), "utf8").trimEnd());
    }
  });
});
