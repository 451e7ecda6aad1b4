// Every invalid spec under test/fixtures/invalid/ goes through the real CLI; its stderr
// (NO_COLOR, human format) must equal the checked-in golden, with exit 1 and nothing on
// stdout. A file `<case>.yaml` is validated by name from that folder; a folder `<case>/`
// (split-file cases) is validated from inside it with the default workspaces.yaml.
// UPDATE_GOLDEN=1 rewrites the goldens.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runHgw } from "../helpers/cli.js";

const dir = join(repoRoot, "test", "fixtures", "invalid");
const update = process.env.UPDATE_GOLDEN === "1";

const cases = readdirSync(dir)
  .filter((n) => n.endsWith(".yaml") || statSync(join(dir, n)).isDirectory())
  .sort()
  .map((n) => (n.endsWith(".yaml") ? { name: n.slice(0, -5), cwd: dir, args: [n] } : { name: n, cwd: join(dir, n), args: [] }));

describe("invalid spec corpus", () => {
  it("has at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.concurrent.each(cases)("$name", async ({ name, cwd, args }) => {
    const r = await runHgw(["validate", ...args], { cwd });
    const golden = join(dir, `${name}.expected.txt`);
    if (update) writeFileSync(golden, r.stderr);
    expect(existsSync(golden), `missing golden ${golden} (run with UPDATE_GOLDEN=1)`).toBe(true);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(readFileSync(golden, "utf8"));
  });
});
