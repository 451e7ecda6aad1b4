import { writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readIndentedObject } from "../../src/providers/sandbox/snapshot-read.js";
import { SandboxStore } from "../../src/providers/sandbox/store.js";
import { UserError } from "../../src/model/diagnostics.js";
import { defaultAccount } from "../../src/domain/default-account.js";
import { runHgw, tempDir } from "../helpers/cli.js";

let dir = "";
let cleanup: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("hgw-snapshot-read-"));
});
afterAll(() => cleanup());

let n = 0;
function fileWith(text: string): string {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, text);
  return path;
}

/** What JSON.parse makes of the text, or "invalid". */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return "invalid";
  }
}

/** Same value and same key order (toStrictEqual alone ignores the order of keys). */
function expectSame(actual: unknown, expected: unknown): void {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

// Accounts as the store writes them: top-level arrays of records, and anything JSON holds.
const record = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
const topValue = fc.oneof(fc.array(record, { maxLength: 12 }), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }));
const account = fc.dictionary(fc.string({ maxLength: 8 }), topValue, { maxKeys: 6 });
const sizes = fc.record({ piece: fc.integer({ min: 1, max: 200 }), buffer: fc.integer({ min: 1, max: 64 }) });

describe("reading account.json in pieces", () => {
  it("reads what the store writes, whatever it holds, exactly as JSON.parse does (small pieces and buffers)", () => {
    fc.assert(
      fc.property(account, sizes, (value, opts) => {
        const text = `${JSON.stringify(value, null, 1)}\n`;
        const read = readIndentedObject(fileWith(text), opts);
        // Never the fallback on the store's own layout: the fast path is what runs.
        expect(read).not.toBeNull();
        expectSame(read, JSON.parse(text));
      }),
      { numRuns: 400 },
    );
  });

  it("keeps JSON.parse's meaning for __proto__, repeated keys, escapes and text beyond ASCII", () => {
    const text = [
      "{",
      ' "__proto__": [',
      '  {"polluted": true},',
      '  "x"',
      " ],",
      ' "a\\": [": [',
      '  "é, \\"\\n\\u2028 ☃",',
      "  -1.5e3,",
      "  [",
      "   1,",
      "   2",
      "  ]",
      " ],",
      ' "a": 1,',
      ' "emoji 🎬": {',
      '  "k": null',
      " },",
      ' "a": {}',
      "}",
      "",
    ].join("\n");
    for (const piece of [1, 3, 1 << 16]) {
      const read = readIndentedObject(fileWith(text), { piece, buffer: 2 });
      expect(read).not.toBeNull();
      expectSame(read, JSON.parse(text));
      expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    }
  });

  it("never accepts text JSON.parse rejects, nor reads a value JSON.parse would not (mutated files)", () => {
    // An edit lands anywhere, or (half the time) next to a line break, where the layout's
    // commas and closing brackets are.
    const edits = fc.array(
      fc.record({
        at: fc.nat(),
        nearLineEnd: fc.boolean(),
        shift: fc.integer({ min: -2, max: 1 }),
        del: fc.integer({ min: 0, max: 3 }),
        ins: fc.constantFrom("", ",", "\n", " ", "  ", "]", "}", "[", "{", '"', "x", "1", ",\n  ", "\n ]", "\n }"),
      }),
      { minLength: 1, maxLength: 3 },
    );
    let accepted = 0;
    fc.assert(
      fc.property(account, sizes, edits, (value, opts, changes) => {
        let text = `${JSON.stringify(value, null, 1)}\n`;
        for (const c of changes) {
          const breaks = [...text.matchAll(/\n/g)].map((m) => m.index);
          const near = breaks.length > 0 ? breaks[c.at % breaks.length]! + c.shift : -1;
          const at = c.nearLineEnd && near >= 0 ? near : c.at % (text.length + 1);
          text = text.slice(0, at) + c.ins + text.slice(at + c.del);
        }
        const read = readIndentedObject(fileWith(text), opts);
        if (read === null) return;
        accepted++;
        expectSame(read, parsed(text));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 1500) },
    );
    // Some edits keep the layout (whitespace inside a line, a changed digit): those must be read too.
    expect(accepted).toBeGreaterThan(0);
  });

  it("gives up, for a whole parse, on layouts it does not know", () => {
    const value = { workspaces: [{ id: "ws_main" }], members: [] };
    for (const text of [
      JSON.stringify(value),
      JSON.stringify(value, null, 2),
      `\uFEFF${JSON.stringify(value, null, 1)}`,
      JSON.stringify(value, null, 1).replace(/\n/g, "\r\n"),
      `${JSON.stringify(value, null, 1)}\n\n`,
      "[]",
      "",
      // One character away from the layout, and not JSON.
      '{\n "a": 1,\n}\n',
      '{\n "a": 1\n "b": 2\n}\n',
      '{\n "a": [\n  1,\n ]\n}\n',
      '{\n "a": [\n  1\n  2\n ]\n}\n',
      '{\n "a": [\n  1,\n  2\n ]\n}\nx',
      '{\n "a": [\n  {\n   "b": 1\n  },\n  {\n   "b": 2\n  }\n ],\n}\n',
      '{\n "a": {\n  "b": 1,\n },\n "c": 1\n}\n',
      '{\n "a": [\n  ,\n  {}\n ]\n}\n',
      '{\n "a": [\n  1\n ]]\n}\n',
      '{\n "a": [\n  1\n ] ,\n "b": 1\n}\n',
    ]) {
      const file = fileWith(text);
      for (const piece of [1, 2, 3, 1 << 16]) {
        for (const buffer of [1, 5, 1 << 18]) expect(readIndentedObject(file, { piece, buffer })).toBeNull();
      }
    }
  });
});

describe("the sandbox store's read", () => {
  const state = defaultAccount("2026-01-01T00:00:00.000Z");

  it("reads an account.json written by another tool (minified) as the store's own", async () => {
    const a = join(dir, "own");
    const b = join(dir, "minified");
    const store = new SandboxStore({ dir: a });
    await store.replace("test", state);
    const own = await store.read();
    await new SandboxStore({ dir: b }).replace("test", state);
    await writeFile(join(b, "account.json"), JSON.stringify({ $sandbox: { format: 1, journalSeq: 0 }, ...state }));
    expect(await new SandboxStore({ dir: b }).read()).toStrictEqual(own);
  });

  it("names the file and the fault when account.json is not an account", async () => {
    for (const [text, fault] of [
      ['{\n "account": {\n  "id": "a",\n', "is not valid JSON"],
      ["[1, 2]\n", "does not hold an account"],
      ["null", "does not hold an account"],
    ] as const) {
      const d = join(dir, `bad${n++}`);
      await new SandboxStore({ dir: d }).replace("test", state);
      await writeFile(join(d, "account.json"), text);
      const err = await new SandboxStore({ dir: d }).read().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).diagnostics[0]).toMatchObject({ code: "sandbox-corrupt" });
      expect((err as UserError).message).toContain(join(d, "account.json"));
      expect((err as UserError).message).toContain(fault);

      // And from the CLI: a clear error and exit 1, not an internal error.
      const r = await runHgw(["sandbox", "show", "--sandbox-dir", d]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(fault);
      expect(r.stderr).not.toMatch(/internal error/i);
    }
  });
});
