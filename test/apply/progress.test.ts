import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mkdir, chmod } from "node:fs/promises";
import { KeyFile } from "../../src/apply/api-keys.js";
import type { ApplyCounts, ApplyEvent } from "../../src/apply/engine.js";
import { createProgressRenderer, renderBar, summarizeReport } from "../../src/cli/progress.js";
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
  const key = (workspacePath: string, value: string, keyId: string, replaces: string | null = null) => ({ workspacePath, value, keyId, replaces });

  it("writes each key as it comes, with mode 0600, keeping the keys already in the file", async () => {
    const d = await mkdtemp(join(tmpdir(), "hgw-keys-"));
    try {
      const f = join(d, "keys.json");
      const file = await KeyFile.open(f);
      // Added at once, written together: each promise resolves once its key is on disk.
      await Promise.all([file.add(key("integrations", "hgw_sk_1", "key_1"), "T"), file.add(key("", "hgw_sk_2", "key_2"), "T")]);
      expect((await stat(f)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(f, "utf8"))).toEqual({
        apiKeys: [
          { workspace: "integrations", key: "hgw_sk_1", keyId: "key_1", createdAt: "T" },
          { workspace: "workspace", key: "hgw_sk_2", keyId: "key_2", createdAt: "T" },
        ],
      });
      // An earlier key file is ours: reopened, its keys stay, and a rotated key gives way.
      const again = await KeyFile.open(f);
      await again.add(key("integrations", "hgw_sk_3", "key_3", "key_1"), "U");
      expect((JSON.parse(await readFile(f, "utf8")) as { apiKeys: { key: string }[] }).apiKeys.map((k) => k.key)).toEqual(["hgw_sk_2", "hgw_sk_3"]);
      // An empty file (mktemp) is filled and made 0600.
      const empty = join(d, "empty");
      await writeFile(empty, "", { mode: 0o644 });
      await (await KeyFile.open(empty)).add(key("", "hgw_sk_4", "key_4"));
      expect((await stat(empty)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  });

  it("refuses, before anything is applied, a file it cannot keep keys in, and never quotes it", async () => {
    const d = await mkdtemp(join(tmpdir(), "hgw-keys-"));
    try {
      const other = join(d, "notes.txt");
      await writeFile(other, "TOP SECRET=1\n");
      const refusal = async (p: string): Promise<UserError> => {
        const e = await KeyFile.open(p).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(UserError);
        expect((e as UserError).message).not.toContain("TOP SECRET");
        return e as UserError;
      };
      expect((await refusal(join(d, "missing", "keys.json"))).diagnostics[0]!.code).toBe("api-key-file-folder");
      expect((await refusal(other)).diagnostics[0]!.code).toBe("api-key-file-exists");
      expect((await refusal(d)).diagnostics[0]!.code).toBe("api-key-file-exists");
      if (process.getuid?.() !== 0) {
        const locked = join(d, "locked");
        await mkdir(locked);
        await chmod(locked, 0o500);
        expect((await refusal(join(locked, "keys.json"))).diagnostics[0]!.code).toBe("api-key-file-folder");
      }
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
