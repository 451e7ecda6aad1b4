// Through the real CLI: `hgw export`, then a change made to the account as the dashboard would
// make it (on the sandbox's own files), then `hgw drift` on the exported spec names it. The
// changes are to settings at their default value, which an export used to leave out.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { updateContentSharing, updateWorkspace } from "../../src/domain/index.js";
import type { AccountState } from "../../src/model/state.js";
import { SandboxStore } from "../../src/providers/sandbox/index.js";
import { runHgw, tempDir } from "../helpers/cli.js";

const byName = (s: AccountState, name: string): string => s.workspaces.find((w) => w.name === name)!.id;
const main = (s: AccountState): string => s.workspaces.find((w) => w.parentId === null)!.id;

const CASES: [string, (s: AccountState) => void, string][] = [
  ["publicInviteLink turned on in a sub-workspace", (s) => void updateWorkspace(s, byName(s, "client-a"), { settings: { publicInviteLink: true } }), "subworkspace[client-a]"],
  ["the main workspace's default sharing changed", (s) => void updateWorkspace(s, main(s), { settings: { defaultSharing: "workspace" } }), "workspace"],
  ["unlisted join requests set to deny", (s) => void updateWorkspace(s, byName(s, "client-a"), { settings: { unlistedJoinRequests: "deny" } }), "subworkspace[client-a]"],
  ["an image given to a sub-workspace that had none", (s) => void updateWorkspace(s, byName(s, "client-a"), { image: "logos/new.png" }), "subworkspace[client-a]"],
  [
    "a folder left as new content is shared, opened to the workspace",
    (s) => void updateContentSharing(s, { type: "folder", id: "fd_campaigns" }, { generalAccess: "workspace" }, {}),
    "content_share[folder:fd_campaigns]",
  ],
];

describe("hgw drift on an exported spec", () => {
  it.each(CASES)("reports a later change: %s", async (_, change, address) => {
    const t = await tempDir("hgw-drift-export-");
    try {
      const sandbox = join(t.dir, ".hgw");
      const hgw = (...args: string[]) => runHgw(args, { cwd: t.dir, env: { HGW_SANDBOX_DIR: sandbox } });
      expect((await hgw("sandbox", "init")).code).toBe(0);
      const exported = await hgw("export", "--out", "spec.yaml");
      expect(exported.code, exported.stderr).toBe(0);
      const clean = await hgw("drift", "spec.yaml");
      expect(clean.stdout).toBe("No drift. The account matches the spec.\n");
      expect(clean.code).toBe(0);

      await new SandboxStore({ dir: sandbox }).transaction("test: a change in the dashboard", change);
      const r = await hgw("drift", "spec.yaml");
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(2);
      expect(r.stdout).toMatch(/^Drift: [1-9]\d* unauthorized/);
      expect(r.stdout).toContain(`  ${address}: changed outside the spec`);
    } finally {
      await t.cleanup();
    }
  });
});
