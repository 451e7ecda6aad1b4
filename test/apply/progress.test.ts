import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkApiKeysTarget, writeApiKeys } from "../../src/apply/api-keys.js";
import type { ApplyCounts, ApplyEvent } from "../../src/apply/engine.js";
import { createProgressRenderer, renderBar, summarizeReport } from "../../src/apply/progress.js";
import { envSecretResolver, secretRefs } from "../../src/apply/secrets.js";
import type { Io } from "../../src/cli/io.js";
import { UserError } from "../../src/model/diagnostics.js";

function fakeIo(isTTY: boolean): Io & { lines: string[] } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(`ERR ${t}`), color: false, isTTY, lines };
}
const counts = (o: Partial<ApplyCounts>): ApplyCounts => ({ total: 4, applied: 0, failed: 0, skipped: 0, running: 0, ...o });
const change = { seq: 1, address: "member[client-a](a@x.example)", kind: "member" as const, action: "create" as const };
const events: ApplyEvent[] = [
  { type: "begin", counts: counts({}), parallelism: 8 },
  { type: "started", change, counts: counts({ running: 1 }) },
  { type: "finished", change, counts: counts({ applied: 1 }), durationMs: 12 },
  { type: "failed", change: { ...change, address: "b" }, counts: counts({ applied: 1, failed: 1 }), error: "seat limit" },
  { type: "skipped", change: { ...change, address: "c", action: "delete" }, counts: counts({ applied: 1, failed: 1, skipped: 1 }), because: "b" },
  { type: "end", counts: counts({ applied: 2, failed: 1, skipped: 1 }), durationMs: 1000 },
];

describe("progress", () => {
  it("prints a line per change when not on a terminal", () => {
    const io = fakeIo(false);
    const r = createProgressRenderer(io);
    events.forEach((e) => r.onEvent(e));
    expect(io.lines).toEqual([
      "Applying 4 change(s), up to 8 at a time",
      "done    + member[client-a](a@x.example) (12 ms)",
      "failed  + b: seat limit",
      "skipped - c (depends on failed b)",
    ]);
  });

  it("draws a live bar on a terminal, with failures above it, and clears it at the end", () => {
    const io = fakeIo(true);
    let raw = "";
    let t = 0;
    const r = createProgressRenderer(io, { write: (s) => (raw += s), clock: () => (t += 500) });
    events.forEach((e) => r.onEvent(e));
    expect(raw).toContain("] 1/4 · ");
    expect(raw).toContain("ETA");
    expect(raw).toContain("failed  + b: seat limit\n");
    expect(raw.endsWith("\r\x1b[2K")).toBe(true);
    expect(io.lines).toEqual([]);
  });

  it("renders bar counts and ETA", () => {
    expect(renderBar(counts({ applied: 2 }), 2000, 10)).toBe("[#####-----] 2/4 · 2s · ETA 2s");
    expect(renderBar(counts({ applied: 3, failed: 1 }), 65_000, 4)).toBe("[####] 4/4 (1 failed) · 1m05s");
    expect(summarizeReport({ applied: ["a"], failed: [{ address: "b", error: "x" }], skipped: [], apiKeys: [], done: [], elsewhere: 0, durationMs: 1500 })).toBe("Applied 1 change(s), 1 failed in 2s.");
  });
});

describe("API key file", () => {
  it("writes once with mode 0600 and refuses to overwrite a non-empty file", async () => {
    const d = await mkdtemp(join(tmpdir(), "hgw-keys-"));
    try {
      const f = join(d, "keys.json");
      expect(await writeApiKeys(f, [])).toBe(false);
      await checkApiKeysTarget(f);
      expect(await writeApiKeys(f, [{ workspacePath: "integrations", value: "hgw_sk_1" }])).toBe(true);
      expect((await stat(f)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(f, "utf8"))).toEqual({ apiKeys: [{ workspace: "integrations", key: "hgw_sk_1" }] });
      await expect(checkApiKeysTarget(f)).rejects.toThrow(/refusing to write new API keys/);
      const e = await writeApiKeys(f, [{ workspacePath: "", value: "hgw_sk_2" }]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).message).not.toContain("hgw_sk_2");
      const empty = join(d, "empty");
      await writeFile(empty, "", { mode: 0o644 });
      await writeApiKeys(empty, [{ workspacePath: "", value: "hgw_sk_3" }]);
      expect((await stat(empty)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  });
});

describe("secrets", () => {
  it("resolves env references and names an unset variable", () => {
    expect(envSecretResolver({ PW: "s3cret" })({ env: "PW" })).toBe("s3cret");
    expect(() => envSecretResolver({})({ env: "SHARE_PW" })).toThrow(/SHARE_PW is not set/);
    expect(secretRefs([{ seq: 1, address: "x", kind: "content_share", action: "update", before: null, after: { sharePage: { password: { env: "PW" } } }, reason: "", source: null, dependsOn: [] }])).toEqual([{ env: "PW", address: "x" }]);
  });
});
