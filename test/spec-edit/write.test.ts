// Writing an edit's files: all of them, with their modes kept; none when one cannot be
// written or a file changed since it was read.

import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeAllOrNone } from "../../src/spec-edit/write.js";

const dir = mkdtempSync(join(tmpdir(), "hgw-spec-edit-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): { file: string; abs: string } => {
  writeFileSync(join(dir, name), text);
  return { file: name, abs: join(dir, name) };
};

describe("writeAllOrNone", () => {
  it("writes every file, keeping its mode, and leaves no temporary file", async () => {
    const a = file("a.yaml", "a: 1\n");
    const b = file("b.yaml", "b: 1\n");
    chmodSync(b.abs, 0o600);
    await writeAllOrNone([
      { ...a, before: "a: 1\n", after: "a: 2\n" },
      { ...b, before: "b: 1\n", after: "b: 2\n" },
    ]);
    expect(readFileSync(a.abs, "utf8")).toBe("a: 2\n");
    expect(readFileSync(b.abs, "utf8")).toBe("b: 2\n");
    expect(statSync(b.abs).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writes nothing when a file changed since it was read", async () => {
    const c = file("c.yaml", "c: 1\n");
    const d = file("d.yaml", "d: changed by someone else\n");
    await expect(
      writeAllOrNone([
        { ...c, before: "c: 1\n", after: "c: 2\n" },
        { ...d, before: "d: 1\n", after: "d: 2\n" },
      ]),
    ).rejects.toMatchObject({ diagnostics: [{ code: "spec-changed", message: "d.yaml changed while hgw was editing it; nothing was written" }] });
    expect(readFileSync(c.abs, "utf8")).toBe("c: 1\n");
  });

  it("writes nothing when one of the files cannot be written", async () => {
    const e = file("e.yaml", "e: 1\n");
    await expect(
      writeAllOrNone([
        { ...e, before: "e: 1\n", after: "e: 2\n" },
        { file: "gone/f.yaml", abs: join(dir, "gone", "f.yaml"), before: "f: 1\n", after: "f: 2\n" },
      ]),
    ).rejects.toThrow(/gone\/f\.yaml/);
    expect(readFileSync(e.abs, "utf8")).toBe("e: 1\n");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writes nothing when one of the files is read-only (a rename would replace it all the same), and says which", async () => {
    const g = file("g.yaml", "g: 1\n");
    const h = file("h.yaml", "h: 1\n");
    chmodSync(h.abs, 0o444);
    await expect(
      writeAllOrNone([
        { ...g, before: "g: 1\n", after: "g: 2\n" },
        { ...h, before: "h: 1\n", after: "h: 2\n" },
      ]),
    ).rejects.toMatchObject({ diagnostics: [{ code: "not-writable", message: "h.yaml is read-only; nothing was written" }] });
    expect(readFileSync(g.abs, "utf8")).toBe("g: 1\n");
    expect(readFileSync(h.abs, "utf8")).toBe("h: 1\n");
    expect(statSync(h.abs).mode & 0o777).toBe(0o444);
  });

  it("writes nothing when a file was removed since it was read", async () => {
    const i = file("i.yaml", "i: 1\n");
    await expect(
      writeAllOrNone([
        { ...i, before: "i: 1\n", after: "i: 2\n" },
        { file: "j.yaml", abs: join(dir, "j.yaml"), before: "j: 1\n", after: "j: 2\n" },
      ]),
    ).rejects.toMatchObject({ diagnostics: [{ code: "spec-changed", message: "j.yaml was removed while hgw was editing it; nothing was written" }] });
    expect(readFileSync(i.abs, "utf8")).toBe("i: 1\n");
  });
});
