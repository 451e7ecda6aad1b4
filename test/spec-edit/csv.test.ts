// The CSV reader (RFC 4180, with the line and column of every field) and what `member
// import` makes of a people CSV: requests from good rows, an error with file:line:col for
// every bad one.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/spec-edit/csv.js";
import { decodePeopleCsv, readPeopleCsv } from "../../src/spec-edit/people-csv.js";

const values = (text: string): string[][] => parseCsv(text).records.map((r) => r.map((f) => f.value));

describe("parseCsv", () => {
  it("reads fields, quoted fields with commas, quotes and line breaks, CRLF and LF", () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\n1,,3';
    expect(values(text)).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\nlines"],
      ["1", "", "3"],
    ]);
    expect(parseCsv(text).errors).toEqual([]);
  });

  it("knows where each field starts, after a byte-order mark and a field over two lines", () => {
    const { records } = parseCsv('\uFEFFemail,role\n"a\nb",viewer\n  c@x.example ,creator\n');
    expect(records.map((r) => r.map((f) => [f.line, f.col]))).toEqual([
      [
        [1, 1],
        [1, 7],
      ],
      [
        [2, 1],
        [3, 4],
      ],
      [
        [4, 1],
        [4, 16],
      ],
    ]);
  });

  it("skips blank lines", () => {
    expect(values("a,b\n\n\nc,d\n\n")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("reports an unclosed quote, text after a closing quote and a stray quote, where they are", () => {
    expect(parseCsv('a,"b\nc').errors).toEqual([{ message: expect.stringContaining("not closed"), line: 1, col: 3 }]);
    expect(parseCsv('a,"b"c,d').errors).toEqual([{ message: expect.stringContaining("after the closing quote"), line: 1, col: 6 }]);
    expect(parseCsv('a,b"c').errors).toEqual([{ message: expect.stringContaining("quote inside a field"), line: 1, col: 4 }]);
  });

  it("reads back any table written as RFC 4180 says (fast-check)", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r\n", "é", ";") , maxLength: 6 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((cols) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 5 })),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        (table, eol, quoteAll) => {
          // A record of one empty field is a blank line, which the reader skips.
          const rows = table.filter((r) => !(r.length === 1 && r[0] === ""));
          const quote = (v: string): string => (quoteAll || /[",\r\n]/.test(v) || v === "" ? `"${v.replace(/"/g, '""')}"` : v);
          const text = rows.map((r) => r.map(quote).join(",")).join(eol) + (quoteAll ? eol : "");
          const parsed = parseCsv(text);
          expect(parsed.errors).toEqual([]);
          expect(parsed.records.map((r) => r.map((f) => f.value))).toEqual(rows);
        },
      ),
    );
  });
});

describe("readPeopleCsv", () => {
  it("takes the columns in any order and case, several workspaces per row, and ignores other columns", () => {
    const r = readPeopleCsv("Name,Workspace,EMAIL,Role\nAnn,client-a; client-b ,ann@a.example,Viewer\n", "people.csv");
    expect(r.diagnostics).toEqual([]);
    expect(r.ignoredColumns).toEqual(["Name"]);
    expect(r.adds).toEqual([
      {
        email: "ann@a.example",
        role: "viewer",
        to: ["client-a", "client-b"],
        origin: { file: "people.csv", line: 2, col: 25 },
        toOrigins: [
          { file: "people.csv", line: 2, col: 5 },
          { file: "people.csv", line: 2, col: 15 },
        ],
      },
    ]);
  });

  it("reports every bad row with file:line:col, and keeps the good ones", () => {
    const text = ["email,role,workspace", "ann@a.example,creator,client-a", "not-an-email,viewer,client-a", "bob@a.example,owner,client-a", "cy@a.example,viewr,", "dee@a.example,viewer"].join("\n");
    const r = readPeopleCsv(text, "people.csv");
    expect(r.adds.filter((a) => !a.checkOnly).map((a) => a.email)).toEqual(["ann@a.example"]);
    // A row with other errors still has its workspaces checked against the spec.
    expect(r.adds.filter((a) => a.checkOnly).map((a) => a.to)).toEqual([["client-a"], ["client-a"]]);
    expect(r.diagnostics.map((d) => [d.code, d.source, d.message, d.hint])).toEqual([
      ["invalid-email", { file: "people.csv", line: 3, col: 1 }, '"not-an-email" is not an email address', undefined],
      ["invalid-role", { file: "people.csv", line: 4, col: 15 }, '"owner" is not a role', "A role is one of super_admin, developer, creator, viewer."],
      ["invalid-role", { file: "people.csv", line: 5, col: 14 }, '"viewr" is not a role', 'Did you mean "viewer"?'],
      ["unknown-workspace", { file: "people.csv", line: 5, col: 20 }, "the workspace is empty", expect.any(String)],
      ["csv-row", { file: "people.csv", line: 6, col: 15 }, "this row has 2 fields and the header 3", expect.any(String)],
    ]);
  });

  it("says which column is missing, and what a semicolon-separated file needs", () => {
    expect(readPeopleCsv("e-mail,role,workspace\n", "p.csv").diagnostics).toMatchObject([{ code: "csv-header", message: 'p.csv has no "email" column', hint: 'Is "e-mail" the email column? Name it "email".' }]);
    expect(readPeopleCsv("email;role;workspace\na@b.example;viewer;x\n", "p.csv").diagnostics).toMatchObject([{ code: "csv-header", hint: expect.stringContaining("separated by semicolons") }]);
    expect(readPeopleCsv("", "p.csv").diagnostics).toMatchObject([{ code: "csv-empty" }]);
    expect(readPeopleCsv("email,role,workspace\n", "p.csv").diagnostics).toMatchObject([{ code: "csv-empty", message: "p.csv has a header but no rows" }]);
  });
});

describe("decodePeopleCsv", () => {
  const table = "email,role,workspace\r\nann@a.example,viewer,client-a\r\n";
  it("reads UTF-8 with or without a byte-order mark, and UTF-16 with one (both byte orders)", () => {
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(table, "utf16le")]);
    const utf16be = Buffer.from(utf16le.subarray(2)).swap16();
    for (const bytes of [Buffer.from(table), Buffer.from(`\ufeff${table}`), utf16le, Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])]) {
      const d = decodePeopleCsv(bytes, "p.csv");
      expect(d.diagnostic).toBeUndefined();
      expect(readPeopleCsv(d.text, "p.csv").adds).toMatchObject([{ email: "ann@a.example", role: "viewer", to: ["client-a"], origin: { line: 2, col: 1 } }]);
    }
  });

  it("refuses bytes that are not UTF-8 (a Latin-1 file), at the first of them", () => {
    const latin1 = Buffer.from("email,role,workspace\nann@a.example,viewer,client-a\nJos\xe9@a.example,viewer,client-a\n", "latin1");
    expect(decodePeopleCsv(latin1, "p.csv").diagnostic).toMatchObject({ code: "csv-encoding", message: "p.csv is not UTF-8 text", source: { file: "p.csv", line: 3, col: 4 } });
  });
});
