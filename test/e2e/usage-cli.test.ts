// `hgw usage` and the headroom `hgw plan` shows, through the real CLI, on the sandbox and on
// the emulator (the HTTP provider) holding the same account: both print the same, and that
// is the golden under test/fixtures/usage/ (UPDATE_GOLDEN=1 rewrites them). Every Mermaid
// block is read back by Mermaid's own parser; JSON is checked against its schemas.

import { copyFile, readFile, writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";
import { repoRoot, runHgw, tempDir, type RunResult } from "../helpers/cli.js";
import { mermaidBlocks, parseFlowchart } from "../helpers/mermaid.js";
import { planValidator } from "../helpers/plan-schema.js";

const ADMIN_KEY = "hgw_sa_usage_admin_key_5d2e8b7c";
const SPEC = "test/fixtures/usage/spec.yaml";
const HOSTILE = 'Client "B" #1 <EU> & 100%% ☃';
const goldenDir = join(repoRoot, "test", "fixtures", "usage");
const update = process.env.UPDATE_GOLDEN === "1";

let tmp: { dir: string; cleanup: () => Promise<void> };
let sandboxDir = "";
let emulator: EmulatorProcess | null = null;

type Provider = "sandbox" | "http";
const PROVIDERS: Provider[] = ["sandbox", "http"];

function hgw(provider: Provider, args: string[]): Promise<RunResult> {
  const where = provider === "sandbox" ? ["--provider", "sandbox"] : ["--provider", "http", "--api-url", emulator!.url];
  return runHgw([...args, ...where], {
    cwd: repoRoot,
    env: { HGW_SANDBOX_DIR: sandboxDir, HEYGEN_API_KEY: ADMIN_KEY, HEYGEN_API_URL: undefined, HGW_PROVIDER: undefined },
  });
}

beforeAll(async () => {
  tmp = await tempDir("hgw-usage-");
  sandboxDir = join(tmp.dir, "sandbox");
  const env = { HGW_SANDBOX_DIR: sandboxDir, HGW_PROVIDER: undefined };
  // The bundled spec applied (client-b and integrations made), then client-a spends credits
  // and takes both its avatar slots: a warning and an alert.
  const applied = await runHgw(["apply", "--auto-approve", "--api-key-file", join(tmp.dir, "keys.json")], { cwd: repoRoot, env });
  expect(applied.code, applied.stderr).toBe(0);
  const used = await runHgw(["sandbox", "use", "client-a", "--generative", "3600", "--avatar-slots", "2"], { cwd: repoRoot, env });
  expect(used.code, used.stderr).toBe(0);
  // The emulator serves a copy of the same account.
  const state = join(tmp.dir, "emulator.account.json");
  await copyFile(join(sandboxDir, "account.json"), state);
  emulator = await spawnEmulator(["--state", state], { HEYGEN_API_KEY: ADMIN_KEY });
}, 120_000);

afterAll(async () => {
  const code = await emulator?.stop();
  await tmp?.cleanup();
  expect(code ?? 0).toBe(0);
});

async function golden(name: string, actual: string): Promise<void> {
  const file = join(goldenDir, name);
  if (update) await writeFile(file, actual);
  expect(existsSync(file), `missing golden ${file} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual, `${file} differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(await readFile(file, "utf8"));
}

/** The same command on both providers: the same output, exit 0. */
async function both(args: string[]): Promise<string> {
  const [s, h] = await Promise.all(PROVIDERS.map((p) => hgw(p, args)));
  expect(s!.code, s!.stderr).toBe(0);
  expect(h!.code, h!.stderr).toBe(0);
  expect(s!.stderr).toBe("");
  expect(h!.stderr).toBe("");
  const out = normalize(s!.stdout, "sandbox");
  expect(normalize(h!.stdout, "http"), "the emulator and the sandbox print the same").toBe(out);
  return out;
}

/** What differs by run or provider: the time a plan was made, the state fingerprint, the provider. */
function normalize(out: string, provider: Provider): string {
  return out
    .replace(/<sub>provider \S+ · state [^·]+· spec [^·]+· made [^<]+<\/sub>/, "<sub>provider … · state … · spec … · made …</sub>")
    .replace(new RegExp(`"provider": "${provider}"`), '"provider": "…"')
    .replace(/"stateFingerprint": "[^"]+"/, '"stateFingerprint": "…"')
    .replace(/"createdAt": "[^"]+"/, '"createdAt": "…"')
    // Sub-workspaces the setup's apply made have ids of their own on every run.
    .replace(/"id": "ws_[0-9a-f]{12}"/g, '"id": "ws_…"');
}

const usageSchema = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(repoRoot, "schema", "usage.schema.json"), "utf8")) as object);
})();

async function checkMermaid(markdown: string, expectLabels: string[]): Promise<Map<string, string[]>> {
  const blocks = mermaidBlocks(markdown);
  expect(blocks).toHaveLength(1);
  const chart = await parseFlowchart(blocks[0]!);
  expect(chart.type).toBe("flowchart-v2");
  expect([...chart.labels.values()]).toEqual(expect.arrayContaining(expectLabels));
  const byLabel = new Map<string, string[]>();
  for (const [id, label] of chart.labels) byLabel.set(label, chart.classes.get(id) ?? []);
  return byLabel;
}

describe("hgw usage, the whole account", () => {
  it("text: a block per workspace with bars, shares and flags", async () => {
    const out = await both(["usage"]);
    await golden("usage.txt", out);
    expect(out).toMatch(/avatar slots +2 \/ 2 +█{20} 100% +alert/);
    expect(out).toMatch(/generative credits +4,100 \/ 5,000 +█{16}░{4} +82% +warning/);
  });

  it("markdown: the Mermaid tree, flagged workspaces marked, and the table", async () => {
    const out = await both(["usage", "--format", "markdown"]);
    await golden("usage.md", out);
    const classes = await checkMermaid(out, ["Acme Agency", "client-a · alert 100%", "client-b", "integrations"]);
    expect(classes.get("client-a · alert 100%")).toEqual(["alert"]);
    expect(classes.get("client-b")).toEqual([]);
  });

  it("json: the report, valid against schema/usage.schema.json", async () => {
    const out = await both(["usage", "--format", "json"]);
    await golden("usage.json", out);
    const report = JSON.parse(out) as { workspaces: { path: string; inSpec: unknown; flag: string }[] };
    expect(usageSchema(report), JSON.stringify(usageSchema.errors)).toBe(true);
    expect(report.workspaces.map((w) => [w.path, w.inSpec, w.flag])).toEqual([
      ["", null, "ok"],
      ["client-a", null, "alert"],
      ["client-b", null, "ok"],
      ["integrations", null, "ok"],
    ]);
  });
});

describe("hgw usage SPEC", () => {
  it("text: named as in the spec, those only in the account or the spec marked, the spec's thresholds", async () => {
    const out = await both(["usage", SPEC]);
    await golden("usage-spec.txt", out);
    expect(out).toContain("flags at 60% (warning) and 95% (alert) of a limit");
    expect(out).toContain(`${HOSTILE} — parent billing`);
    expect(out).toMatch(/^integrations — .* · not in the spec$/m);
    expect(out).toMatch(/^studio — .* · not in the account yet/m);
  });

  it("markdown: hostile names escaped in the table and in the diagram", async () => {
    const out = await both(["usage", SPEC, "--format", "markdown"]);
    await golden("usage-spec.md", out);
    const classes = await checkMermaid(out, [`${HOSTILE} · warning 66%`, "studio", "integrations"]);
    expect(classes.get("studio")).toEqual(["specOnly"]);
    expect(classes.get("integrations")).toEqual(["accountOnly"]);
    expect(out).toContain("Client &#34;B&#34; #1 &#60;EU&#62; &#38; 100%% ☃");
  });

  it("json", async () => {
    const out = await both(["usage", SPEC, "--format", "json"]);
    await golden("usage-spec.json", out);
    expect(usageSchema(JSON.parse(out)), JSON.stringify(usageSchema.errors)).toBe(true);
  });
});

describe("hgw plan shows the headroom after its changes", () => {
  it("text: a section after the changes, with the raised allocation and the new sub-workspace", async () => {
    const out = await both(["plan", SPEC]);
    await golden("plan.txt", out);
    const section = out.slice(out.indexOf("Headroom after this plan"), out.indexOf("Unmanaged"));
    // client-a's generative credits are raised from 5,000 to 6,000: 4,100 of 6,000 is 68%, past 60%.
    expect(section).toMatch(/generative credits +4,100 \/ 6,000 .* 68% +warning/);
    expect(section).toMatch(/^studio — /m);
    expect(section).not.toMatch(/^integrations/m);
  });

  it("markdown: the headroom table and the tree with created and changed workspaces marked", async () => {
    const out = await both(["plan", SPEC, "--format", "markdown"]);
    await golden("plan.md", out);
    expect(out.indexOf("#### Headroom after this plan")).toBeGreaterThan(out.indexOf("#### Changes, in order"));
    const classes = await checkMermaid(out, [HOSTILE, "studio", "client-a", "integrations"]);
    expect(classes.get("studio")).toEqual(["created"]);
    expect(classes.get(HOSTILE)).toEqual(["changed"]);
    expect(classes.get("client-a")).toEqual(["changed"]);
    expect(classes.get("integrations")).toEqual([]);
  });

  it("json: `headroom` after the plan, valid against both schemas; a saved plan has none", async () => {
    const out = await both(["plan", SPEC, "--format", "json"]);
    const plan = JSON.parse(out) as { headroom: unknown };
    expect(usageSchema(plan.headroom), JSON.stringify(usageSchema.errors)).toBe(true);
    await golden("plan-headroom.json", `${JSON.stringify(plan.headroom, null, 2)}\n`);
    const save = await hgw("sandbox", ["plan", SPEC, "--format", "json", "--out", join(tmp.dir, "saved.json")]);
    expect(save.code, save.stderr).toBe(0);
    const printed = JSON.parse(save.stdout) as unknown;
    const validPlan = planValidator();
    expect(validPlan(printed), JSON.stringify(validPlan.errors)).toBe(true);
    expect(printed).toHaveProperty("headroom");
    const saved = JSON.parse(await readFile(join(tmp.dir, "saved.json"), "utf8")) as Record<string, unknown>;
    expect(saved).not.toHaveProperty("headroom");
  });

  it("says nothing about headroom when there is nothing to change", async () => {
    const r = await hgw("sandbox", ["plan", "workspaces.yaml"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("No changes. The account matches the spec.\n");
    const md = await hgw("sandbox", ["plan", "workspaces.yaml", "--format", "markdown"]);
    expect(md.stdout).not.toContain("mermaid");
    expect(JSON.parse((await hgw("sandbox", ["plan", "workspaces.yaml", "--format", "json"])).stdout)).not.toHaveProperty("headroom");
  });
});

describe("hgw usage: bad input", () => {
  it("a spec whose warning comes after its alert is a located error, exit 1", async () => {
    const bad = join(tmp.dir, "bad.yaml");
    await writeFile(bad, "version: 1\nworkspace:\n  name: Acme Agency\npolicies:\n  usageWarningShare: 0.9\n  usageAlertShare: 0.5\n");
    const r = await hgw("sandbox", ["usage", bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${bad}:5:22: error[usage-thresholds]: policies.usageWarningShare (0.9) is above policies.usageAlertShare (0.5)`);
  });

  it("a threshold outside 0-1 is a schema error at its line", async () => {
    const bad = join(tmp.dir, "bad2.yaml");
    await writeFile(bad, "version: 1\nworkspace:\n  name: Acme Agency\npolicies:\n  usageAlertShare: 1.5\n");
    const r = await hgw("sandbox", ["usage", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:5:\\d+: error`));
  });

  it("a spec that does not exist, and an unknown format, are errors", async () => {
    const missing = await hgw("sandbox", ["usage", join(tmp.dir, "nope.yaml")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("nope.yaml");
    const format = await hgw("sandbox", ["usage", "--format", "xml"]);
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/text, markdown, json/);
  });

  it("an API that refuses the key is a user error, not an internal one", async () => {
    const r = await runHgw(["usage", "--provider", "http", "--api-url", emulator!.url], {
      cwd: tmp.dir,
      env: { HEYGEN_API_KEY: "hgw_sa_wrong", HGW_PROVIDER: undefined },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[auth\]/);
    expect(r.stderr).not.toMatch(/internal/i);
  });
});

describe("hgw usage in help and completion", () => {
  it("is listed, with examples, and completes in every shell", async () => {
    const help = await runHgw(["--help"]);
    expect(help.stdout).toMatch(/^\s+usage \[options\] \[spec\.\.\.\]\s+show seats/m);
    const own = await runHgw(["usage", "--help"]);
    expect(own.stdout).toContain("Examples:");
    expect(own.stdout).toContain("$ hgw usage workspaces.yaml");
    for (const shell of ["bash", "zsh", "fish"]) {
      const c = await runHgw(["completion", shell]);
      expect(c.code).toBe(0);
      expect(c.stdout).toContain("usage");
      expect(c.stdout).toMatch(/usage[\s\S]*--format[\s\S]*markdown/);
    }
  });
});
