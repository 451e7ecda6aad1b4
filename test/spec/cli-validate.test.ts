// `hgw validate` on the examples (exit 0) and the machine formats on an invalid spec.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runHgw, tempDir } from "../helpers/cli.js";

const invalid = join(repoRoot, "test", "fixtures", "invalid");

describe("hgw validate", () => {
  it.concurrent.each(["workspaces.yaml", "examples/agency.yaml", "examples/enterprise.yaml", "examples/nested-own-billing.yaml"])(
    "accepts %s",
    async (file) => {
      const r = await runHgw(["validate", file]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^${file.replace(".", "\\.")}: valid \\(`));
      expect(r.stdout.trim().split("\n")).toHaveLength(1);
    },
  );

  it("validates workspaces.yaml by default", async () => {
    const r = await runHgw(["validate"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^workspaces\.yaml: valid/);
  });

  it("reports a missing default spec", async () => {
    const t = await tempDir();
    try {
      const r = await runHgw(["validate"], { cwd: t.dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("error[file-not-found]: workspaces.yaml: no such file or directory");
    } finally {
      await t.cleanup();
    }
  });

  it("prints json diagnostics on stdout", async () => {
    const r = await runHgw(["validate", "--format", "json", "viewer-edit.yaml"], { cwd: invalid });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({
      diagnostics: [
        {
          severity: "error",
          code: "viewer-edit",
          message: "reviewer@client-a.example is a viewer in the main workspace and cannot be given edit access to video:vd_launch",
          hint: "Viewers are always view-only: use `access: view`, or give the member another role.",
          source: { file: "viewer-edit.yaml", line: 16, col: 17 },
        },
      ],
    });
  });

  it("prints an empty json document for a valid spec", async () => {
    const r = await runHgw(["validate", "--format", "json", "examples/agency.yaml"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ diagnostics: [] });
  });

  it("prints github annotations on stderr", async () => {
    const r = await runHgw(["validate", "--format", "github", "asset-share-unknown-to.yaml"], { cwd: invalid });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      '::error file=asset-share-unknown-to.yaml,line=14,col=20,title=unknown-workspace::asset share brand_kit:bk_acme names "cleint-b", which is not a workspace in this spec%0ADid you mean "client-b"?\n',
    );
  });

  it("rejects an unknown format", async () => {
    const r = await runHgw(["validate", "--format", "xml", "examples/agency.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('unknown --format "xml"');
  });

  it("colours human output when asked", async () => {
    const r = await runHgw(["validate", "viewer-edit.yaml"], { cwd: invalid, env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("\u001b[");
  });

  it("reads a directory of files, the first being the root", async () => {
    const t = await tempDir();
    try {
      const d = join(t.dir, "workspaces.d");
      await mkdir(d);
      await writeFile(join(d, "00-root.yaml"), "workspace:\n  name: Acme Agency\n");
      await writeFile(join(d, "10-clients.yml"), "subWorkspaces:\n  - name: client-a\n  - name: client-b\n");
      await writeFile(join(d, "20-more.yaml"), "subWorkspaces:\n  - name: client-a\n");
      await writeFile(join(d, "notes.txt"), "not yaml");
      const r = await runHgw(["validate", "workspaces.d"], { cwd: t.dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("workspaces.d/20-more.yaml:2:11: error[duplicate-workspace-name]");
      expect(r.stderr).toContain("the first is at workspaces.d/10-clients.yml:2");
    } finally {
      await t.cleanup();
    }
  });
});
