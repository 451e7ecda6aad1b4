// The spec loader: files (a path, a directory of *.yaml, `include:` globs) -> values with
// positions -> shape check (ajv) -> normalized DesiredAccount -> semantic rules. Bad input
// never throws: every problem becomes a Diagnostic with file:line:col.

import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { globSync } from "tinyglobby";
import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import type { DesiredAccount } from "../model/desired.js";
import type { WorkspacesFragment, WorkspacesSpec } from "./types.gen.js";
import { fastParse } from "./fast-yaml.js";
import { normalize } from "./normalize.js";
import { Locator } from "./positions.js";
import { runRules } from "./rules.js";
import { checkShape } from "./schema-check.js";
import { fitsTotalSize, fullReaderLimit, newBudget, readBounded, type ReadBudget } from "./limits.js";
import { readWithYaml, tooDeep, yamlLib } from "./yaml-doc.js";

export interface LoadResult {
  desired: DesiredAccount | null;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

export const DEFAULT_SPEC = "workspaces.yaml";

/**
 * paths: files or directories (a dir such as workspaces.d/ = all *.yaml|*.yml in it, sorted);
 * default ["workspaces.yaml"] relative to opts.cwd ?? process.cwd(). The first file is the
 * root spec; later files (and included ones) are fragments. Never throws for bad input.
 */
export async function loadSpec(paths?: string[], opts: { cwd?: string } = {}): Promise<LoadResult> {
  return loadSpecSync(paths, opts);
}

export function loadSpecSync(paths?: string[], opts: { cwd?: string } = {}): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const given = paths && paths.length > 0 ? paths : [DEFAULT_SPEC];
  const diagnostics: Diagnostic[] = [];
  const files: { name: string; abs: string }[] = [];
  for (const p of given) expandInput(p, cwd, files, diagnostics);
  const [first, ...rest] = files;
  const sources = new Map<string, string>();
  const budget = newBudget();
  if (!first) {
    if (diagnostics.length === 0) {
      diagnostics.push({
        severity: "error",
        code: "no-spec-files",
        message: `no *.yaml or *.yml files in ${given.join(", ")}`,
        hint: "Pass a spec file, or a directory holding spec files.",
      });
    }
    return { desired: null, diagnostics, sources };
  }
  const read = (f: { name: string; abs: string }, from?: SourceLocation): string | null => {
    try {
      return readBounded(f, budget, diagnostics, from);
    } catch (e) {
      diagnostics.push({
        severity: "error",
        code: "file-unreadable",
        message: `cannot read ${f.name}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        ...(from ? { source: from } : {}),
      });
      return null;
    }
  };
  const rootText = read(first);
  if (rootText === null) return { desired: null, diagnostics, sources };
  return loadTexts(
    { name: first.name, abs: first.abs, text: rootText },
    rest,
    cwd,
    diagnostics,
    sources,
    read,
    budget,
  );
}

/**
 * For Pulumi: a spec given as an object (generated type WorkspacesSpec). It is written out
 * as YAML under the synthetic file name `<name>` so that diagnostics still have lines.
 */
export function loadSpecObject(spec: unknown, opts: { name?: string; cwd?: string } = {}): LoadResult {
  return loadSpecText(yamlLib().stringify(spec ?? null, { aliasDuplicateObjects: false, lineWidth: 0 }), opts);
}

/** A spec given as YAML text (what `hgw export` printed), read as the file `<name>`. */
export function loadSpecText(text: string, opts: { name?: string; cwd?: string } = {}): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const name = `<${opts.name ?? "spec"}>`;
  const diagnostics: Diagnostic[] = [];
  const budget = newBudget();
  const read = (f: { name: string; abs: string }, from?: SourceLocation): string | null => {
    try {
      return readBounded(f, budget, diagnostics, from);
    } catch (e) {
      diagnostics.push({
        severity: "error",
        code: "file-unreadable",
        message: `cannot read ${f.name}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        ...(from ? { source: from } : {}),
      });
      return null;
    }
  };
  return loadTexts({ name, abs: resolve(cwd, "spec.yaml"), text }, [], cwd, diagnostics, new Map(), read, budget);
}

function expandInput(p: string, cwd: string, out: { name: string; abs: string }[], diags: Diagnostic[]): void {
  const abs = resolve(cwd, p);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    diags.push({
      severity: "error",
      code: "file-not-found",
      message: `${p}: no such file or directory`,
      hint:
        p === DEFAULT_SPEC
          ? "Create workspaces.yaml (see examples/), or pass the spec's path: `hgw validate path/to/spec.yaml`."
          : "Check the path; it is taken relative to the current directory.",
    });
    return;
  }
  if (!isDir) {
    out.push({ name: displayName(cwd, abs), abs });
    return;
  }
  const names = readdirSync(abs)
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort();
  for (const n of names) {
    const f = resolve(abs, n);
    out.push({ name: displayName(cwd, f), abs: f });
  }
}

function displayName(cwd: string, abs: string): string {
  const r = relative(cwd, abs);
  return r.startsWith("..") ? abs : r;
}

type Reader = (f: { name: string; abs: string }, from?: SourceLocation) => string | null;

function parseText(text: string, file: string, loc: Locator, diagnostics: Diagnostic[], budget: ReadBudget): unknown {
  const fast = fastParse(text, file, { maxDepth: budget.limits.depth, store: loc.store });
  if (fast.ok) return fast.value;
  if ("tooDeep" in fast) {
    diagnostics.push(tooDeep(file, loc.at(file, fast.tooDeep), budget.limits.depth));
    return undefined;
  }
  if (text.length > budget.fullYamlBytes) {
    diagnostics.push(fullReaderLimit(file, text.length, loc.at(file, fast.bail), budget));
    return undefined;
  }
  budget.fullYamlBytes -= text.length;
  const r = readWithYaml(text, file, loc, budget);
  diagnostics.push(...r.diagnostics);
  return r.diagnostics.some((d) => d.severity === "error") ? undefined : r.value;
}

function loadTexts(
  root: { name: string; abs: string; text: string },
  fragmentFiles: { name: string; abs: string }[],
  cwd: string,
  diagnostics: Diagnostic[],
  sources: Map<string, string>,
  read: Reader,
  budget: ReadBudget,
): LoadResult {
  const loc = new Locator(sources);
  sources.set(root.name, root.text);
  const rootValue = parseText(root.text, root.name, loc, diagnostics, budget);
  let shapeOk = rootValue !== undefined;
  if (rootValue !== undefined) {
    const d = checkShape(rootValue, "root", root.name, loc);
    diagnostics.push(...d);
    if (d.length > 0) shapeOk = false;
  }

  // Fragments: the other given files, then what the root includes.
  const queue: { name: string; abs: string; from?: SourceLocation }[] = [...fragmentFiles];
  const includes = (rootValue as { include?: unknown } | null | undefined)?.include;
  if (Array.isArray(includes)) {
    includes.forEach((pattern: unknown, i) => {
      if (typeof pattern !== "string" || pattern === "") return;
      const from = loc.key(includes, String(i)) ?? { file: root.name, line: 1, col: 1 };
      const base = dirname(root.abs);
      const matches = globSync(pattern, { cwd: base, absolute: true, onlyFiles: true, expandDirectories: false }).sort();
      if (matches.length === 0) {
        diagnostics.push({
          severity: "error",
          code: "include-no-match",
          message: `include "${pattern}" matches no files`,
          hint: `Patterns are relative to the including file's directory (${displayName(cwd, base) || "."}).`,
          source: from,
        });
      }
      for (const m of matches) queue.push({ name: displayName(cwd, m), abs: resolve(m), from });
    });
  }
  const fragments: WorkspacesFragment[] = [];
  const seen = new Set<string>([resolve(root.abs)]);
  // All sizes first: a glob that matches a thousand huge files is refused before reading any.
  const fits = fitsTotalSize(queue, seen, budget, diagnostics);
  if (!fits) shapeOk = false;
  for (const f of fits ? queue : []) {
    if (seen.has(f.abs)) continue;
    seen.add(f.abs);
    const text = read(f, f.from);
    if (text === null) {
      shapeOk = false;
      continue;
    }
    sources.set(f.name, text);
    const value = parseText(text, f.name, loc, diagnostics, budget);
    if (value === undefined) {
      shapeOk = false;
      continue;
    }
    const d = checkShape(value ?? {}, "fragment", f.name, loc);
    diagnostics.push(...d);
    if (d.length > 0) shapeOk = false;
    else fragments.push((value ?? {}) as WorkspacesFragment);
  }

  if (!shapeOk) return { desired: null, diagnostics: sortDiagnostics(diagnostics, [...sources.keys()]), sources };
  const files = [...sources.keys()];
  const digest = digestOf(sources.values());
  const fallback = { file: root.name, line: 1, col: 1 };
  const { desired, links } = normalize((rootValue ?? {}) as WorkspacesSpec, fragments, files, digest, loc, root.name);
  const ruleDiags: Diagnostic[] = [];
  runRules({ desired, links, loc, fallback }, ruleDiags);
  diagnostics.push(...ruleDiags);
  const failed = diagnostics.some((d) => d.severity === "error");
  return { desired: failed ? null : desired, diagnostics: sortDiagnostics(diagnostics, files), sources };
}

/** sha256 of the texts joined by NUL, fed piece by piece: joining 64 MB first costs a copy. */
function digestOf(texts: Iterable<string>): string {
  const hash = createHash("sha256");
  let first = true;
  for (const t of texts) {
    if (!first) hash.update("\u0000");
    hash.update(t);
    first = false;
  }
  return hash.digest("hex");
}

/** In file order, then by line and column, so output reads top to bottom. */
function sortDiagnostics(diags: Diagnostic[], files: string[]): Diagnostic[] {
  const rank = new Map(files.map((f, i) => [f, i]));
  const key = (d: Diagnostic): [number, number, number] =>
    d.source ? [rank.get(d.source.file) ?? files.length, d.source.line, d.source.col] : [-1, 0, 0];
  return diags
    .map((d, i) => ({ d, i, k: key(d) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2] || a.i - b.i)
    .map((x) => x.d);
}
