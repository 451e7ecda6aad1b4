// Library items by name, through the real CLI, on the sandbox and on `hgw emulator` over HTTP
// (which serves HeyGen's GET /v2/avatars, /v2/voices and /v2/templates): the plan of
// examples/library-names.yaml in text, markdown and JSON against goldens, the errors a bad
// name gets (located, with did-you-mean, or the ids of an ambiguous name), apply then plan
// empty, export writing ids, one library read per plan and none without names, and a server
// without the v2 lists. Both providers start from the same account, so their outputs match.
// UPDATE_GOLDEN=1 rewrites the goldens under test/fixtures/library/.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnEmulator, type EmulatorProcess } from "../emulator/process.js";
import { repoRoot, runHgw, tempDir, type RunResult } from "../helpers/cli.js";
import { answer, startTinyServer, type TinyServer } from "../helpers/tiny-server.js";
import { planValidator } from "../helpers/plan-schema.js";

const update = process.env.UPDATE_GOLDEN === "1";
const fixtures = join(repoRoot, "test", "fixtures", "library");
const EXAMPLE = "examples/library-names.yaml";
const ADMIN_KEY = "hgw_sa_library_e2e_5d1e";

let tmp: { dir: string; cleanup: () => Promise<void> };
let emu: EmulatorProcess;
const servers: TinyServer[] = [];

type Where = "sandbox" | "emulator";
const WHERE: Where[] = ["sandbox", "emulator"];

/** The CLI on one provider; specs given relative to `cwd` (default the repository) so outputs name them stably. */
function hgw(where: Where, args: string[], opts: { cwd?: string; url?: string; sandbox?: string } = {}): Promise<RunResult> {
  const provider =
    where === "sandbox"
      ? ["--provider", "sandbox", "--sandbox-dir", opts.sandbox ?? join(tmp.dir, "sandbox")]
      : ["--provider", "http", "--api-url", opts.url ?? emu.url];
  return runHgw([...args, ...provider], {
    cwd: opts.cwd ?? repoRoot,
    env: { HEYGEN_API_KEY: ADMIN_KEY, HEYGEN_API_URL: undefined, HGW_PROVIDER: undefined, HGW_SANDBOX_DIR: undefined },
  });
}

/** Times and digests of the account vary from run to run; the rest is the golden. */
function stable(text: string): string {
  return text
    .replace(/"createdAt": "[^"]+"/g, '"createdAt": "<time>"')
    .replace(/sha256:[0-9a-f]{64}/g, "sha256:<fingerprint>")
    .replace(/state sha256:[0-9a-f]+…/g, "state sha256:<fingerprint>…")
    .replace(/provider (sandbox|http) ·/g, "provider <provider> ·")
    .replace(/made \d{4}-\d\d-\d\dT[\d:.]+Z/g, "made <time>")
    .replace(/"provider": "(sandbox|http)"/g, '"provider": "<provider>"');
}

function golden(name: string, actual: string): void {
  const file = join(fixtures, name);
  if (update) writeFileSync(file, actual);
  expect(existsSync(file), `missing golden ${file} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual, `${file} differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, "utf8"));
}

/** Forwards to the emulator, except the paths `absent` answers for; records every request. */
async function proxy(absent: Record<string, number> = {}): Promise<TinyServer> {
  const s = await startTinyServer((req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    const status = absent[path];
    if (status !== undefined) return answer(res, status, status === 404 ? "not_found" : "not_implemented", `no route GET ${path}`);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "connection") headers[k] = v;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      void fetch(`${emu.url}${req.url}`, { method: req.method, headers, ...(body ? { body } : {}) })
        .then(async (r) => {
          const out: Record<string, string> = {};
          r.headers.forEach((v, k) => {
            if (k !== "content-length" && k !== "transfer-encoding" && k !== "connection" && k !== "keep-alive") out[k] = v;
          });
          res.writeHead(r.status, out);
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => answer(res, 502, "bad_gateway", "the emulator did not answer"));
    });
  });
  servers.push(s);
  return s;
}

beforeAll(async () => {
  tmp = await tempDir("hgw-library-");
  // The sandbox's default account, with a second "Marcus" in client-a's own library and two
  // voices of one name in the main library; the emulator starts from the same account.
  const sandbox = join(tmp.dir, "sandbox");
  const steps = [
    ["sandbox", "init", "--sandbox-dir", sandbox],
    ["sandbox", "add-asset", "avatar", "av_marcus_client_a", "Marcus", "--workspace", "client-a", "--sandbox-dir", sandbox],
    ["sandbox", "add-asset", "voice", "vc_brand_warm", "Brand voice", "--sandbox-dir", sandbox],
    ["sandbox", "add-asset", "voice", "vc_brand_crisp", "Brand voice", "--sandbox-dir", sandbox],
  ];
  for (const args of steps) {
    const r = await runHgw(args, { cwd: tmp.dir, env: { HGW_SANDBOX_DIR: undefined } });
    expect(r.code, r.stderr).toBe(0);
  }
  const account = JSON.parse(await readFile(join(sandbox, "account.json"), "utf8")) as Record<string, unknown>;
  delete account.$sandbox;
  const stateFile = join(tmp.dir, "emulator.account.json");
  await writeFile(stateFile, JSON.stringify(account));
  emu = await spawnEmulator(["--state", stateFile], { HEYGEN_API_KEY: ADMIN_KEY });
});

afterAll(async () => {
  for (const s of servers) await s.close();
  const code = await emu?.stop();
  await tmp?.cleanup();
  expect(code).toBe(0);
});

describe("library items by name, through the CLI", () => {
  it.each(WHERE)("plans %s with each name's id beside it (text, markdown, JSON)", async (where) => {
    const outputs: Record<string, string> = {};
    for (const [format, ext] of [["text", "txt"], ["markdown", "md"], ["json", "json"]] as const) {
      const r = await hgw(where, ["plan", "--detailed-exitcode", "--format", format, EXAMPLE]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(2);
      if (format === "json") {
        const valid = planValidator();
        expect(valid(JSON.parse(r.stdout)), JSON.stringify(valid.errors)).toBe(true);
      }
      outputs[ext] = stable(r.stdout);
      golden(`plan.${where}.${ext}`, outputs[ext]);
    }
    expect(outputs.txt).toContain('+ assetId: "vc_narrator"\n      + assetName: "Narrator"');
    const plan = JSON.parse(outputs.json!) as { changes: { address: string; after: { assetName?: string } | null }[] };
    const named = plan.changes.filter((c) => c.after?.assetName !== undefined).map((c) => `${c.address} = ${c.after!.assetName}`);
    expect(named).toEqual([
      "asset_share[avatar:av_anna -> client-a] = Anna",
      "asset_share[template:tp_quarterly -> client-a] = Quarterly review",
      "asset_share[avatar:av_anna -> client-c] = Anna",
      "asset_share[voice:vc_narrator -> client-c] = Narrator",
      "asset_share[template:tp_quarterly -> client-c] = Quarterly review",
    ]);
  });

  it("plans the same on the sandbox and on the emulator", () => {
    for (const ext of ["txt", "md", "json"]) {
      expect(readFileSync(join(fixtures, `plan.sandbox.${ext}`), "utf8")).toBe(readFileSync(join(fixtures, `plan.emulator.${ext}`), "utf8"));
    }
  });

  it.each(WHERE)("stops at each name the library does not hold as written, on %s", async (where) => {
    const r = await hgw(where, ["plan", "bad-names.yaml"], { cwd: fixtures });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/internal error/i);
    golden(`bad-names.${where}.txt`, r.stderr);
    expect(r.stderr).toContain('hint: did you mean "Narrator"?');
    expect(r.stderr).toContain("2 voices in the library are named \"Brand voice\": vc_brand_warm, vc_brand_crisp");
  });

  it("resolves a name in the share's own `from` library when another library has it too", async () => {
    for (const where of WHERE) {
      const r = await hgw(where, ["plan", "--format", "json", "names-only.yaml"], { cwd: fixtures });
      expect(r.code, r.stderr).toBe(0);
      const ids = (JSON.parse(r.stdout) as { changes: { address: string }[] }).changes.map((c) => c.address);
      expect(ids).toEqual([
        "asset_share[avatar:av_anna -> client-a]",
        "asset_share[avatar:av_marcus -> client-a]",
        "asset_share[voice:vc_narrator -> client-a]",
      ]);
    }
  });

  it("reads each list once per plan, and nothing when the spec gives only ids", async () => {
    const p = await proxy();
    const named = await hgw("emulator", ["plan", "names-only.yaml"], { cwd: fixtures, url: p.url });
    expect(named.code, named.stderr).toBe(0);
    const v2 = (rs: string[]): string[] => rs.filter((r) => r.includes("/v2/")).sort();
    expect(v2(p.requests)).toEqual(["GET /v2/avatars", "GET /v2/voices"]);
    p.requests.length = 0;
    const ids = await hgw("emulator", ["plan", "ids-only.yaml"], { cwd: fixtures, url: p.url });
    expect(ids.code, ids.stderr).toBe(0);
    expect(v2(p.requests)).toEqual([]);
  });

  it.each([404, 501])("says which share needs a list the server does not have (HTTP %i)", async (status) => {
    const p = await proxy({ "/v2/voices": status });
    const r = await hgw("emulator", ["plan", "names-only.yaml"], { cwd: fixtures, url: p.url });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/i);
    golden(`unavailable-${status}.txt`, r.stderr.replace(p.url, "http://127.0.0.1:<port>"));
    expect(r.stderr).toContain("names-only.yaml:16:11: error[library-unavailable]");
  });

  it("shows real output in the README: a planned share and the errors", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const block = (name: string): string => {
      const m = new RegExp(`<!-- ${name}:start -->\n\`\`\`\n([\\s\\S]*?)\n\`\`\`\n<!-- ${name}:end -->`).exec(readme);
      expect(m, `README.md has no ${name} block`).not.toBeNull();
      return m![1]!;
    };
    const planned = block("library-plan");
    expect(planned).toContain("assetName");
    expect(readFileSync(join(fixtures, "plan.sandbox.txt"), "utf8")).toContain(`${planned}\n`);
    expect(`${block("library-errors")}\n`).toBe(readFileSync(join(fixtures, "bad-names.sandbox.txt"), "utf8"));
  });

  it.each(WHERE)("applies on %s, then plans no changes, and export writes ids with names as comments", async (where) => {
    // On the emulator through a recording proxy: apply plans, then re-plans under the lock,
    // and reads each list once for both.
    const p = where === "emulator" ? await proxy() : null;
    const applied = await hgw(where, ["apply", "--auto-approve", EXAMPLE], p ? { url: p.url } : {});
    expect(applied.code, applied.stderr).toBe(0);
    if (p) expect(p.requests.filter((r) => r.includes("/v2/")).sort()).toEqual(["GET /v2/avatars", "GET /v2/templates", "GET /v2/voices"]);
    const again = await hgw(where, ["plan", "--detailed-exitcode", EXAMPLE]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes.");
    const exported = await hgw(where, ["export"]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/# voice "Narrator"\n\s+- type: voice\n\s+id: vc_narrator\n/);
    expect(exported.stdout).not.toMatch(/^\s+name: Narrator/m);
  });
});
