// `hgw export`: the account as a spec, sub-workspace ids pinned, so that `hgw plan` on it shows
// no changes. The output is checked as the loader would check it before the command ends:
// whatever in the account a spec cannot say is reported here, not first at the next plan.

import type { Command } from "commander";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Register } from "../register.js";
import type { AccountState } from "../../model/state.js";
import { UserError, type Diagnostic } from "../../model/diagnostics.js";
import { formatDiagnostics } from "../format-diagnostics.js";
import { EXIT, processIo, type Io } from "../io.js";
import { openProvider, withProviderOptions, type ProviderFlags } from "../common.js";
import { examples } from "../help.js";
import { schemaRefFor } from "../schema-ref.js";

export interface ExportFlags extends ProviderFlags {
  out?: string;
  force?: boolean;
  schemaRef?: string;
}

export async function runExport(flags: ExportFlags, io: Io, cwd = process.cwd()): Promise<number> {
  const { exportSpecTo } = await import("../../export/to-spec.js");
  const { checkSpecValue, loadSpec, loadSpecText } = await import("../../spec/index.js");
  // Let go of once written (it is as large as the spec): the check after needs the memory.
  let account: { state: AccountState; from: string } | null = await readAccount(flags);
  const subs = account.state.workspaces.length - 1;
  const members = account.state.members.length;
  const opts = { schemaRef: flags.schemaRef ?? schemaRefFor(flags.out ?? "workspaces.yaml", cwd).ref, from: account.from };

  if (!flags.out) {
    const written = await printed(io, (emit) => exportSpecTo(account!.state, opts, emit));
    account = null;
    // The text is not kept (70 MB at 1M members): when it reads back as the value written, the
    // value is checked instead, and only a finding is worth making the text again to say where.
    if (written.plain && checkSpecValue(written.spec, { name: "export" }).length === 0) return EXIT.ok;
    const chunks: string[] = [];
    written.again((c) => void chunks.push(c));
    // What was printed is read back; its positions are in a file that does not exist, so dropped.
    const { diagnostics } = loadSpecText(chunks.join(""), { name: "export", cwd });
    reportUnexpressible(diagnostics.map(({ source: _, ...d }) => d), io, "the output", new Map());
    return EXIT.ok;
  }

  const out = resolve(cwd, flags.out);
  const chunks: string[] = [];
  const written = exportSpecTo(account.state, opts, (c) => void chunks.push(c));
  account = null;
  await writeOut(out, chunks, flags.out, flags.force === true);
  chunks.length = 0;
  const clean = written.plain && checkSpecValue(written.spec).length === 0;
  const { desired, diagnostics, sources } = clean ? { desired: true, diagnostics: [], sources: new Map<string, string>() } : await loadSpec([out], { cwd });
  reportUnexpressible(diagnostics, io, flags.out, sources);
  io.err(
    `Wrote ${flags.out}: ${subs} sub-workspace${subs === 1 ? "" : "s"}, ${members} member${members === 1 ? "" : "s"}` +
      (desired ? `. \`hgw plan ${flags.out}\` should show no changes.` : "."),
  );
  return EXIT.ok;
}

/** The account, and the provider's name for the header; the provider is not kept (nor what it holds). */
async function readAccount(flags: ExportFlags): Promise<{ state: AccountState; from: string }> {
  const provider = await openProvider(flags);
  try {
    return { state: await provider.read(), from: provider.name };
  } finally {
    await provider.close?.();
  }
}

/**
 * Writes to stdout what `write` makes, block by block as it comes (Linux writes stdout to a
 * file or pipe synchronously, so nothing piles up), waiting at the end for a stream that
 * buffered. Without a stream the blocks are joined and given to `io.out`.
 */
async function printed<T>(io: Io, write: (emit: (chunk: string) => void) => T): Promise<T> {
  const stream = io.stdout;
  if (!stream) {
    const chunks: string[] = [];
    const r = write((c) => void chunks.push(c));
    io.out(chunks.join(""));
    return r;
  }
  let full = false;
  const r = write((c) => {
    if (!stream.write(c)) full = true;
  });
  if (full) await once(stream, "drain");
  return r;
}

/** Writes the text's blocks to `abs`, as they are (joined only to replace a file atomically). */
async function writeOut(abs: string, blocks: string[], shown: string, force: boolean): Promise<void> {
  if (force) {
    const { writeFileAtomic } = await import("../../util/atomic-write.js");
    return writeFileAtomic(abs, blocks.join(""));
  }
  try {
    // Exclusive create: an existing spec is never replaced by accident, even by a race.
    await writeFile(abs, blocks, { flag: "wx" });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new UserError({
        severity: "error",
        code: "file-exists",
        message: `${shown} exists; hgw export does not overwrite it`,
        hint: "Pass --force to replace it, or choose another --out file.",
      });
    }
    throw new UserError({ severity: "error", code: "file-unwritable", message: `cannot write ${shown}: ${code ?? String(e)}` });
  }
}

/**
 * A diagnostic on exported text means the account holds something no spec can say (a name
 * with brackets, say): the file is still written, with a comment at the spot, and this says so.
 */
function reportUnexpressible(diagnostics: Diagnostic[], io: Io, what: string, sources: Map<string, string>): void {
  if (diagnostics.length === 0) return;
  const asWarnings = diagnostics.map((d) => ({ ...d, severity: "warning" as const }));
  io.err(formatDiagnostics(asWarnings, "human", { color: io.color, sources }));
  io.err(`The account holds what a spec cannot express, so ${what} does not validate as it stands; see the comments in it.`);
}

export const registerExport: Register = (program, done) => {
  withProviderOptions(
    program
      .command("export")
      .summary("write the account as a spec")
      .description("Write what the account holds now as a spec, sub-workspace ids pinned: `hgw plan` on it shows no changes.")
      .option("--out <file>", "write to this file instead of stdout (never over an existing file without --force)")
      .option("--force", "let --out replace an existing file")
      .option("--schema-ref <ref>", "path or URL of the JSON Schema for the editor comment (default: the one installed with hgw)")
      .addHelpText(
        "after",
        examples([
          ["hgw export --out workspaces.yaml", "start a spec from what the account holds now"],
          ["HGW_PROVIDER=http hgw export > account.yaml", "export a real account (HEYGEN_API_URL, HEYGEN_API_KEY) to stdout"],
        ]),
      ),
  ).action(async (flags: ExportFlags, cmd: Command) => {
    const io = processIo({ color: cmd.optsWithGlobals<{ color?: boolean }>().color });
    done(await runExport(flags, io));
  });
};
