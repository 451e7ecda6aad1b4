// `hgw member add|remove|import`: people changes made in the spec itself, as a reviewed
// diff, keeping the file's comments and layout. Registration only; the editing lives in
// src/spec-edit/ and is loaded when a subcommand runs.

import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import type { Register } from "../register.js";
import { UserError, type Diagnostic } from "../../model/diagnostics.js";
import { ROLES } from "../../spec-edit/roles.js";
import type { MemberRequest } from "../../spec-edit/members.js";
import { formatDiagnostics } from "../format-diagnostics.js";
import { EXIT, processIo, type Io } from "../io.js";
import { examples } from "../help.js";

const FORMATS = ["text", "json"] as const;
type EditFormat = (typeof FORMATS)[number];

interface EditFlags {
  spec?: string[];
  dryRun?: boolean;
  format: EditFormat;
}

function withEditOptions(cmd: Command): Command {
  return cmd
    .option("--spec <paths...>", "the spec: files or a directory, the root first (default workspaces.yaml)")
    .option("--dry-run", "print the change as a unified diff and write nothing")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"));
}

/** Makes the edit (or shows it, with --dry-run) and prints what changed. */
export async function runMemberEdit(
  request: MemberRequest,
  flags: EditFlags,
  io: Io,
  opts: { cwd?: string; extraSources?: ReadonlyMap<string, string>; extraDiagnostics?: Diagnostic[] } = {},
): Promise<number> {
  const { planMemberEdit } = await import("../../spec-edit/session.js");
  const cwd = opts.cwd ?? process.cwd();
  const outcome = await planMemberEdit(flags.spec ?? [], request, { cwd, ...(opts.extraSources ? { extraSources: opts.extraSources } : {}) });
  const extra = opts.extraDiagnostics ?? [];
  if (!outcome.ok || extra.length > 0) {
    const diagnostics = outcome.ok ? extra : outcome.stage === "spec" ? outcome.diagnostics : sortByPlace([...extra, ...outcome.diagnostics]);
    const sources = outcome.ok ? new Map(opts.extraSources ?? []) : outcome.sources;
    if (flags.format === "json") io.out(formatDiagnostics(diagnostics, "json"));
    else {
      io.err(formatDiagnostics(diagnostics, "human", { color: io.color, sources }));
      const why =
        !outcome.ok && outcome.stage === "spec"
          ? ": the spec has errors; fix them (`hgw validate`) before editing it"
          : !outcome.ok && outcome.stage === "result"
            ? ": the spec would not be valid after this change"
            : opts.extraSources
              ? ": every row must be right first"
              : "";
      io.err(`Nothing was written${why}.`);
    }
    return EXIT.error;
  }
  const { renderEditJson, renderEditText } = await import("../../spec-edit/render.js");
  const planned = outcome.planned;
  if (flags.dryRun) {
    const { unifiedDiff } = await import("../../spec-edit/show.js");
    if (flags.format === "json") io.out(renderEditJson(planned, false));
    else {
      const diff = unifiedDiff(planned.files);
      if (diff) io.out(diff);
      io.err(planned.files.length > 0 ? "Dry run: nothing was written." : renderEditText(planned, { color: io.color, written: false }));
    }
    return EXIT.ok;
  }
  if (planned.files.length > 0) {
    const { writeAllOrNone } = await import("../../spec-edit/write.js");
    await writeAllOrNone(planned.files);
  }
  io.out(flags.format === "json" ? renderEditJson(planned, true) : renderEditText(planned, { color: io.color, written: true }));
  return EXIT.ok;
}

/** Errors from the CSV and from the spec, in the order of the CSV's rows. */
function sortByPlace(diags: Diagnostic[]): Diagnostic[] {
  return diags
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const x = a.d.source;
      const y = b.d.source;
      if (!x || !y) return a.i - b.i;
      return x.file === y.file ? x.line - y.line || x.col - y.col || a.i - b.i : a.i - b.i;
    })
    .map((e) => e.d);
}

export async function runMemberImport(csvPath: string, flags: EditFlags, io: Io, cwd = process.cwd()): Promise<number> {
  const { decodePeopleCsv, readPeopleCsv } = await import("../../spec-edit/people-csv.js");
  const { resolve } = await import("node:path");
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(cwd, csvPath));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError({
      severity: "error",
      code: code === "ENOENT" ? "file-not-found" : "file-unreadable",
      message: code === "ENOENT" ? `${csvPath}: no such file` : `cannot read ${csvPath}: ${code ?? String(e)}`,
      hint: "Give the CSV's path, relative to the current directory.",
    });
  }
  const decoded = decodePeopleCsv(bytes, csvPath);
  const text = decoded.text;
  const csv = decoded.diagnostic ? { adds: [], ignoredColumns: [], diagnostics: [decoded.diagnostic] } : readPeopleCsv(text, csvPath);
  if (csv.adds.length === 0 && csv.diagnostics.length > 0) {
    if (flags.format === "json") io.out(formatDiagnostics(csv.diagnostics, "json"));
    else {
      io.err(formatDiagnostics(csv.diagnostics, "human", { color: io.color, sources: new Map([[csvPath, text]]) }));
      io.err("Nothing was written: every row must be right first.");
    }
    return EXIT.error;
  }
  if (csv.ignoredColumns.length > 0 && flags.format !== "json") {
    io.err(`${csvPath}: ignoring the column${csv.ignoredColumns.length > 1 ? "s" : ""} ${csv.ignoredColumns.map((c) => `"${c}"`).join(", ")} (hgw reads email, role and workspace)`);
  }
  return runMemberEdit({ kind: "add", adds: csv.adds }, flags, io, { cwd, extraSources: new Map([[csvPath, text]]), extraDiagnostics: csv.diagnostics });
}

export const registerMember: Register = (program, done) => {
  const io = (): Io => processIo({ color: program.opts<{ color?: boolean }>().color });
  const member = program
    .command("member")
    .summary("add, remove or import people, as an edit of the spec")
    .description(
      "Change who is in which workspace by editing the spec (comments and layout kept; only the lines that change are touched), then review the diff and run `hgw plan`.",
    )
    .addHelpText(
      "after",
      examples([
        ["hgw member add new@client-a.example --role creator --to client-a", "add someone to a workspace"],
        ["hgw member remove leaver@acme.example", "offboarding: take someone out of every workspace, defaults and content share"],
        ["hgw member import people.csv --dry-run", "bulk onboarding from a CSV (email,role,workspace), shown as a diff first"],
      ]),
    );

  withEditOptions(
    member
      .command("add <email>")
      .description("add a person to workspaces with a role; someone already there with another role gets that role")
      .addOption(new Option("--role <role>", "their role").choices(ROLES).makeOptionMandatory())
      .requiredOption("--to <workspaces...>", "workspace paths: client-a, emea-partner/emea-north, or workspace for the main one"),
  )
    .addHelpText(
      "after",
      examples([
        ["hgw member add new@client-a.example --role creator --to client-a client-b", "add to two sub-workspaces"],
        ["hgw member add producer@acme.example --role developer --to workspace", "change someone's role in the main workspace"],
        ["hgw member add dev@acme.example --role developer --to integrations --spec workspaces.d/ --dry-run", "a split spec: see the diff first"],
      ]),
    )
    .action(async (email: string, o: EditFlags & { role: (typeof ROLES)[number]; to: string[] }) =>
      done(await runMemberEdit({ kind: "add", adds: [{ email, role: o.role, to: o.to }] }, o, io())),
    );

  withEditOptions(member.command("remove <email>").description("remove a person from every workspace, defaults.members and content share that lists them"))
    .addHelpText(
      "after",
      examples([
        ["hgw member remove leaver@acme.example", "offboard: one reviewed diff, however many places they were listed in"],
        ["hgw member remove leaver@acme.example --dry-run", "see what would be removed"],
      ]),
    )
    .action(async (email: string, o: EditFlags) => done(await runMemberEdit({ kind: "remove", email }, o, io())));

  withEditOptions(
    member
      .command("import <csv-file>")
      .description("add people from a CSV with the columns email, role and workspace (several workspaces separated by ;)"),
  )
    .addHelpText(
      "after",
      examples([
        ["hgw member import people.csv", "onboard everyone in people.csv; nothing is written if any row is wrong"],
        ["hgw member import people.csv --dry-run > onboarding.patch", "the change as a patch, for review"],
      ]),
    )
    .action(async (csv: string, o: EditFlags) => done(await runMemberImport(csv, o, io())));
};
