// The spec loader: files (a path, a directory of *.yaml, `include:` globs) -> values with
// positions -> shape check (ajv) -> normalized DesiredAccount -> semantic rules. Bad input
// never throws: every problem becomes a Diagnostic with file:line:col.

import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import type { DesiredAccount } from "../model/desired.js";
import type { WorkspacesFragment, WorkspacesSpec } from "./types.gen.js";
import { fastParse } from "./fast-yaml.js";
import { normalize } from "./normalize.js";
import { Locator } from "./positions.js";
import { runRules } from "./rules.js";
import { checkShape } from "./schema-check.js";
import { fitsTotalSize, fullReaderLimit, newBudget, readBounded, type ReadBudget } from "./limits.js";
import { readWithYaml, tooDeep } from "./yaml-doc.js";
import { loadTinyglobby, loadYaml } from "../util/load-on-use.js";

export interface LoadResult {
  desired: DesiredAccount | null;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
  /**
   * sha256 (hex) of each file's text as UTF-8, by the names in `sources`, when the spec
   * loaded: what a saved plan records, hashed once here rather than again by the caller.
   */
  digests?: ReadonlyMap<string, string>;
}

export const DEFAULT_SPEC = "workspaces.yaml";

/**
 * paths: files or directories (a dir such as workspaces.d/ = all *.yaml|*.yml in it, sorted);
 * default ["workspaces.yaml"] relative to opts.cwd ?? process.cwd(). The first file is the
 * root spec; later files (and included ones) are fragments. Never throws for bad input.
 */
export async function loadSpec(paths?: string[], opts: LoadOptions = {}): Promise<LoadResult> {
  return loadSpecSync(paths, opts);
}

export interface LoadOptions {
  cwd?: string;
  /**
   * Texts to read instead of files (absolute path -> text): the spec as an edit would leave
   * it, checked before anything is written. Which files make up the spec is still found on disk.
   */
  texts?: ReadonlyMap<string, string>;
}

export function loadSpecSync(paths?: string[], opts: LoadOptions = {}): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const given = paths && paths.length > 0 ? paths : [DEFAULT_SPEC];
  const diagnostics: Diagnostic[] = [];
  const files: { name: string; abs: string; dir?: string }[] = [];
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
  const read = fileReader(budget, diagnostics, opts.texts);
  const rootText = read(first);
  if (rootText === null) return { desired: null, diagnostics, sources };
  return loadTexts(
    { name: first.name, abs: first.abs, ...rootText },
    rest,
    cwd,
    diagnostics,
    sources,
    read,
    budget,
    // Not a mapping at all (an empty file, a list) is for the shape check to say.
    (value) => (isMapping(value) && !isRootSpec(value) ? fragmentGivenAsRoot(first, cwd) : null),
  );
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isRootSpec(value: unknown): boolean {
  return isMapping(value) && "workspace" in value;
}

/**
 * A fragment given as the spec would be planned as a whole account without its main
 * workspace, defaults and policies (turning off what they turn on): refused, pointing at the
 * file that includes it when one is near.
 */
function fragmentGivenAsRoot(first: { name: string; abs: string; dir?: string }, cwd: string): Diagnostic {
  const includer = findIncluder(first.abs, cwd);
  const what = first.dir
    ? `${first.dir} holds spec fragments, not a spec: ${first.name}, the first file in it, has no \`workspace:\``
    : `${first.name} has no \`workspace:\`, so it is a fragment of a spec, not a spec`;
  return {
    severity: "error",
    code: "fragment-as-spec",
    message: `${what}; planned alone, the account's main workspace, defaults and policies would be missing from it`,
    hint: includer
      ? `it is included by ${includer.file}:${includer.line}:${includer.col} (include "${includer.pattern}"): give ${includer.file} as the spec instead`
      : "give the root spec (the file with `workspace:`) first; it reads fragments through `include:`, or name them after it",
    source: { file: first.name, line: 1, col: 1 },
  };
}

/** Spec files at or above the fragment's folder (up to the repository's root) whose `include:` takes it in. */
function findIncluder(fragment: string, cwd: string): { file: string; line: number; col: number; pattern: string } | null {
  let dir = dirname(fragment);
  for (let depth = 0; depth < 8; depth++) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
    } catch {
      names = [];
    }
    for (const n of names) {
      const abs = resolve(dir, n);
      if (abs === fragment) continue;
      let text: string;
      try {
        if (statSync(abs).size > 4 * 1024 * 1024) continue;
        text = readFileSync(abs, "utf8");
      } catch {
        continue;
      }
      if (!/^include\s*:|[{,]\s*include\s*:/m.test(text)) continue;
      let value: unknown;
      try {
        value = loadYaml().parse(text);
      } catch {
        continue;
      }
      if (!isRootSpec(value)) continue;
      const includes = (value as { include?: unknown }).include;
      if (!Array.isArray(includes)) continue;
      for (const pattern of includes) {
        if (typeof pattern !== "string" || pattern === "") continue;
        // Matched as the loader matches includes: inside that folder only, whatever the pattern says.
        const matches = includeMatches(pattern, dir, { file: n, line: 1, col: 1 }, cwd, []);
        if (!matches.includes(fragment)) continue;
        const lines = text.split(/\r?\n/);
        const i = lines.findIndex((l) => l.includes(pattern));
        // Where the YAML scalar starts: its opening quote, if it has one.
        const at = i >= 0 ? lines[i]!.indexOf(pattern) : 0;
        const col = at > 0 && /["']/.test(lines[i]![at - 1]!) ? at : at + 1;
        return { file: relative(cwd, abs) || abs, line: i + 1 || 1, col, pattern };
      }
    }
    if (existsSync(resolve(dir, ".git")) || dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  return null;
}

/**
 * For Pulumi: a spec given as an object (generated type WorkspacesSpec). It is written out
 * as YAML under the synthetic file name `<name>` so that diagnostics still have lines.
 */
export function loadSpecObject(spec: unknown, opts: { name?: string; cwd?: string } = {}): LoadResult {
  return loadSpecText(loadYaml().stringify(spec ?? null, { aliasDuplicateObjects: false, lineWidth: 0 }), opts);
}

/** A spec given as YAML text (what `hgw export` printed), read as the file `<name>`. */
export function loadSpecText(text: string, opts: { name?: string; cwd?: string } = {}): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const name = `<${opts.name ?? "spec"}>`;
  const diagnostics: Diagnostic[] = [];
  const budget = newBudget();
  const read = fileReader(budget, diagnostics);
  return loadTexts({ name, abs: resolve(cwd, "spec.yaml"), text, bytes: null }, [], cwd, diagnostics, new Map(), read, budget);
}

/**
 * What loading a spec would report about `value`, for a value in memory whose text the
 * caller knows reads back as exactly this value (`hgw export` checks what it wrote without
 * reading 70 MB of it again): shape, normalizing and rules as loadSpecText runs them, but
 * no text, so no positions (each is `<name>`:1:1), no digest and no nesting bound. Load
 * the text when this reports anything, to say where.
 */
export function checkSpecValue(value: unknown, opts: { name?: string } = {}): Diagnostic[] {
  const name = `<${opts.name ?? "spec"}>`;
  const loc = new Locator(new Map());
  const diagnostics = checkShape(value, "root", name, loc);
  if (diagnostics.length > 0) return diagnostics;
  const { desired, links } = normalize((value ?? {}) as WorkspacesSpec, [], [name], "", loc, name);
  runRules({ desired, links, loc, fallback: { file: name, line: 1, col: 1 } }, diagnostics);
  return diagnostics;
}

function expandInput(p: string, cwd: string, out: { name: string; abs: string; dir?: string }[], diags: Diagnostic[]): void {
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
    // Only YAML is read: a file that is not a spec is never opened, so no error can quote it.
    if (!isYamlName(abs) || !isYamlName(realPath(abs) ?? abs)) {
      diags.push({
        severity: "error",
        code: "spec-not-yaml",
        message: `${p} is not a .yaml or .yml file (or links to one that is not); it was not read`,
        hint: "Pass the spec's YAML file, or a directory holding spec files.",
      });
      return;
    }
    out.push({ name: displayName(cwd, abs), abs });
    return;
  }
  const dir = `${(displayName(cwd, abs) || ".").replace(/\/+$/, "")}/`;
  const names = readdirSync(abs)
    .filter((n) => isYamlName(n))
    .sort();
  const dirReal = realPath(abs) ?? abs;
  for (const n of names) {
    const f = resolve(abs, n);
    const real = realPath(f);
    // A directory of specs is that directory's own *.yaml files: a link out of it is not one.
    if (real === null || !inside(dirReal, real) || !isYamlName(real) || !statSync(real).isFile()) {
      diags.push({
        severity: "error",
        code: "spec-outside-directory",
        message: `${displayName(cwd, f)} is not a YAML file of ${p} (a link out of it, or not a file); it was not read`,
        hint: "Keep the spec files themselves in the directory.",
      });
      continue;
    }
    out.push({ name: displayName(cwd, f), abs: f, dir });
  }
}

const isYamlName = (path: string): boolean => /\.ya?ml$/i.test(path);

function realPath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** Whether `path` is `dir` itself or below it (both real paths). */
function inside(dir: string, path: string): boolean {
  const r = relative(dir, path);
  return r === "" || (!r.startsWith(`..${sep}`) && r !== ".." && !isAbsolute(r));
}

// `..` as a path segment, also inside braces or extglobs (`{..,x}`, `@(..)`).
const PARENT_SEGMENT = /(^|[\\/{},()|[\]])\.\.($|[\\/{},()|[\]])/;

/**
 * The files an `include:` pattern names, all inside `root` (the root spec's folder): YAML
 * files only, never reached through `..`, an absolute path or a link out of the folder, and
 * found without walking anywhere else. A refusal is an error at the include's line.
 */
function includeMatches(pattern: string, root: string, from: SourceLocation, cwd: string, diags: Diagnostic[]): string[] {
  const refuse = (code: string, message: string, hint: string): string[] => {
    diags.push({ severity: "error", code, message, hint, source: from });
    return [];
  };
  const shown = displayName(cwd, root) || ".";
  const outside = (why: string) =>
    refuse("include-outside-root", `include "${pattern}" ${why}; it was not read`, `Includes stay inside the root spec's folder (${shown}): name files relative to it, without "..".`);
  if (isAbsolute(pattern) || /^[A-Za-z]:/.test(pattern) || pattern.startsWith("\\")) return outside("is an absolute path");
  if (PARENT_SEGMENT.test(pattern)) return outside('leaves the root spec\'s folder through ".."');
  const rootReal = realPath(root) ?? root;
  const segments = pattern.split("/");
  const firstDynamic = segments.findIndex((s) => loadTinyglobby().isDynamicPattern(s));
  let found: string[];
  if (firstDynamic < 0) {
    // A plain path: looked at directly, so that a link is seen (and refused) rather than skipped.
    const abs = resolve(root, pattern);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      return [];
    }
    if (st.isDirectory()) {
      return refuse("include-is-directory", `include "${pattern}" is a directory`, `Name its files with a pattern such as "${pattern.replace(/\/+$/, "")}/*.yaml".`);
    }
    found = [abs];
  } else {
    // The walk starts at the pattern's fixed prefix; it must not be a link out of the folder.
    const base = resolve(root, ...segments.slice(0, firstDynamic));
    const baseReal = realPath(base);
    if (baseReal === null) return [];
    if (!inside(rootReal, baseReal)) return outside(`goes through ${displayName(cwd, base)}, a link out of the root spec's folder`);
    // Links are not followed, so the walk never leaves the folder (a link to / would walk the disk).
    found = loadTinyglobby().globSync(pattern, { cwd: root, absolute: true, onlyFiles: true, expandDirectories: false, followSymbolicLinks: false }).sort();
  }
  const out: string[] = [];
  for (const m of found) {
    const real = realPath(m);
    if (real === null || !inside(rootReal, real)) {
      outside(`matches ${displayName(cwd, m)}, a link out of the root spec's folder`);
      continue;
    }
    if (!isYamlName(m) || !isYamlName(real)) {
      refuse("include-not-yaml", `include "${pattern}" matches ${displayName(cwd, m)}, which is not a .yaml or .yml file; it was not read`, 'Only spec files are included: end the pattern with ".yaml" or ".yml".');
      continue;
    }
    out.push(resolve(m));
  }
  return out;
}

function displayName(cwd: string, abs: string): string {
  const r = relative(cwd, abs);
  return r.startsWith("..") ? abs : r;
}

/** A file's text, and its bytes when they are exactly the text's UTF-8 (so hashing them hashes the text). */
interface FileText {
  text: string;
  bytes: Buffer | null;
}

type Reader = (f: { name: string; abs: string }, from?: SourceLocation) => FileText | null;

/** Reads a spec file within the budget (or takes its text from `texts`, by absolute path); a file that cannot be read is an error naming it (and where it was included from). */
function fileReader(budget: ReadBudget, diagnostics: Diagnostic[], texts?: ReadonlyMap<string, string>): Reader {
  return (f, from) => {
    const given = texts?.get(f.abs);
    if (given !== undefined) return { text: given, bytes: null };
    try {
      const bytes = readBounded(f, budget, diagnostics, from);
      if (bytes === null) return null;
      // Invalid UTF-8 decodes to U+FFFD: then only the text's own encoding hashes as the text.
      return { text: bytes.toString("utf8"), bytes: isUtf8(bytes) ? bytes : null };
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
}

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
  root: { name: string; abs: string } & FileText,
  fragmentFiles: { name: string; abs: string }[],
  cwd: string,
  diagnostics: Diagnostic[],
  sources: Map<string, string>,
  read: Reader,
  budget: ReadBudget,
  /** A problem with the root's value that stops loading (a fragment given as the spec). */
  rootCheck?: (value: unknown) => Diagnostic | null,
): LoadResult {
  const loc = new Locator(sources);
  sources.set(root.name, root.text);
  const hashed = new SpecDigests();
  hashed.add(root.name, root);
  const rootValue = parseText(root.text, root.name, loc, diagnostics, budget);
  const notRoot = rootValue !== undefined ? rootCheck?.(rootValue) : null;
  if (notRoot) return { desired: null, diagnostics: [...diagnostics, notRoot], sources };
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
      const before = diagnostics.length;
      const matches = includeMatches(pattern, base, from, cwd, diagnostics);
      if (matches.length === 0 && diagnostics.length === before) {
        diagnostics.push({
          severity: "error",
          code: "include-no-match",
          message: `include "${pattern}" matches no files`,
          hint: `Patterns are relative to the including file's directory (${displayName(cwd, base) || "."}).`,
          source: from,
        });
      }
      for (const m of matches) queue.push({ name: displayName(cwd, m), abs: m, from });
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
    const got = read(f, f.from);
    if (got === null) {
      shapeOk = false;
      continue;
    }
    const text = got.text;
    sources.set(f.name, text);
    hashed.add(f.name, got);
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
  const digest = hashed.joined();
  const digests = hashed.digests;
  const fallback = { file: root.name, line: 1, col: 1 };
  const { desired, links } = normalize((rootValue ?? {}) as WorkspacesSpec, fragments, files, digest, loc, root.name);
  const ruleDiags: Diagnostic[] = [];
  runRules({ desired, links, loc, fallback }, ruleDiags);
  diagnostics.push(...ruleDiags);
  const failed = diagnostics.some((d) => d.severity === "error");
  return { desired: failed ? null : desired, diagnostics: sortDiagnostics(diagnostics, files), sources, digests };
}

/**
 * The spec's digest, sha256 of its texts joined by NUL (fed piece by piece: joining 64 MB
 * first costs a copy), and each file's own, hashed as each file is read. The bytes as read
 * are hashed, not the strings: encoding 6 MB again costs more than hashing it.
 */
class SpecDigests {
  private readonly all = createHash("sha256");
  readonly digests = new Map<string, string>();

  add(name: string, file: FileText): void {
    const bytes = file.bytes ?? Buffer.from(file.text, "utf8");
    if (this.digests.size > 0) {
      this.all.update("\u0000");
      this.digests.set(name, createHash("sha256").update(bytes).digest("hex"));
    }
    this.all.update(bytes);
    // The first file's own digest is the joined one so far: not hashed twice.
    if (this.digests.size === 0) this.digests.set(name, this.all.copy().digest("hex"));
  }

  /** The joined digest; once, when all files are in. */
  joined(): string {
    return this.all.digest("hex");
  }
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
