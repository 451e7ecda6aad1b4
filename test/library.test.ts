// The package's own entry points, as another program imports them after `npm install`.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/cli.js";

const run = promisify(execFile);

describe("import from 'heygen-workspaces'", () => {
  it("plans the bundled spec against a given account, as the CLI does", async () => {
    const script = `
      import { defaultAccount, loadSpec, plan, renderText } from "heygen-workspaces";
      const { desired, diagnostics } = await loadSpec(["workspaces.yaml"]);
      if (!desired) throw new Error(JSON.stringify(diagnostics));
      const p = plan(desired, defaultAccount("2026-01-01T00:00:00.000Z"), { now: "2026-01-01T00:00:00.000Z" });
      console.log(JSON.stringify({ changes: p.changes.length, text: renderText(p, { color: false }).split("\\n").at(-2) }));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot, timeout: 30_000 });
    const out = JSON.parse(stdout) as { changes: number; text: string };
    expect(out.changes).toBeGreaterThan(0);
    expect(out.text).toMatch(/^Plan: /);
  });
});
