// What reading one spec may cost, at most. Each bound ends in an error that names the file
// (and line, where there is one) within seconds, instead of minutes of CPU and gigabytes
// of memory: a spec comes from a pull request, so its size and shape are not trusted.
// The README's "Limits" section states these numbers; keep the two in step.

import { closeSync, fstatSync, openSync, readFileSync, statSync } from "node:fs";
import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";

const MiB = 1024 * 1024;

export interface SpecLimits {
  /** Bytes of all the files of one spec together: the root, what it includes, directories. */
  totalBytes: number;
  /**
   * Bytes of text, all files together, that may go to the full YAML reader: text outside
   * the plain subset the fast reader takes (anchors, block scalars, tags, …). `yaml` and the
   * checks after it take about 1.5 s of CPU and 80 MB of memory per MiB (a 4 MiB spec, 5 s),
   * so big files must stay in the subset.
   */
  fullYamlBytes: number;
  /** Mappings and lists nested in one another. A spec needs about 2 per sub-workspace level. */
  depth: number;
  /** Values that aliases (`*name`) may add by expansion, all files together. */
  aliasValues: number;
}

export const SPEC_LIMITS: SpecLimits = {
  totalBytes: 128 * MiB,
  fullYamlBytes: 4 * MiB,
  depth: 256,
  aliasValues: 1_000_000,
};

/** What is left of the limits while one spec is read; shared by all its files. */
export interface ReadBudget {
  readonly limits: SpecLimits;
  bytes: number;
  fullYamlBytes: number;
  aliasValues: number;
}

export function newBudget(limits: SpecLimits = SPEC_LIMITS): ReadBudget {
  return { limits, bytes: limits.totalBytes, fullYamlBytes: limits.fullYamlBytes, aliasValues: limits.aliasValues };
}

export function mib(bytes: number): string {
  const m = bytes / MiB;
  return `${m >= 10 || Number.isInteger(m) ? m.toFixed(0) : m.toFixed(1)} MiB`;
}

/**
 * A spec file's bytes, or null (with an error pushed) when it would take the spec past its
 * size bound. Checked before reading, so a huge file (or a device) costs nothing. I/O errors
 * are thrown for the caller to report.
 */
export function readBounded(
  f: { name: string; abs: string },
  budget: ReadBudget,
  diagnostics: Diagnostic[],
  from?: SourceLocation,
): Buffer | null {
  const source = from ?? { file: f.name, line: 1, col: 1 };
  const fd = openSync(f.abs, "r");
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      diagnostics.push({ severity: "error", code: "file-not-regular", message: `${f.name} is not a regular file`, hint: "A spec is read from YAML files only.", source });
      return null;
    }
    // The size as read, not as stated: a file may grow in between.
    const buf = st.size > budget.bytes ? null : readFileSync(fd);
    if (buf === null || buf.length > budget.bytes) {
      diagnostics.push(tooLarge(f.name, buf?.length ?? st.size, budget, source));
      return null;
    }
    budget.bytes -= buf.length;
    return buf;
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the files still to read fit what is left of the size bound, by their sizes on
 * disk (files already in `seen`, and ones that cannot be read, are left to the reader).
 */
export function fitsTotalSize(
  files: readonly { name: string; abs: string; from?: SourceLocation }[],
  seen: ReadonlySet<string>,
  budget: ReadBudget,
  diagnostics: Diagnostic[],
): boolean {
  const counted = new Set(seen);
  let sum = 0;
  for (const f of files) {
    if (counted.has(f.abs)) continue;
    counted.add(f.abs);
    let size: number;
    try {
      size = statSync(f.abs).size;
    } catch {
      continue;
    }
    if (sum + size > budget.bytes) {
      diagnostics.push(tooLarge(f.name, size, { ...budget, bytes: budget.bytes - sum }, f.from ?? { file: f.name, line: 1, col: 1 }));
      return false;
    }
    sum += size;
  }
  return true;
}

function tooLarge(name: string, size: number, budget: ReadBudget, source: SourceLocation): Diagnostic {
  const whole = budget.limits.totalBytes;
  const before = whole - budget.bytes;
  return {
    severity: "error",
    code: "spec-too-large",
    message:
      before === 0
        ? `${name} is ${mib(size)}; a spec may be at most ${mib(whole)}, all its files together`
        : `${name} (${mib(size)}) takes the spec's files to ${mib(before + size)}; a spec may be at most ${mib(whole)}, all its files together`,
    hint: "A spec of a million members is about 60 MiB. Check the path, and what `include:` and directories bring in.",
    source,
  };
}

/** The fast reader gave up at `at`, and the file is too large for `yaml` to read instead. */
export function fullReaderLimit(file: string, chars: number, at: SourceLocation, budget: ReadBudget): Diagnostic {
  const limit = budget.limits.fullYamlBytes;
  const left = budget.fullYamlBytes;
  return {
    severity: "error",
    code: "yaml-too-large",
    message:
      `${file} is not plain YAML from here on, and at ${mib(chars)} it is too large for the full YAML reader` +
      ` (it takes ${mib(limit)} per spec${left < limit ? `, ${mib(left)} of it left` : ""})`,
    hint:
      "Large files must keep to plain YAML: block or one-line flow mappings and lists, keys that are plain words, one-line values, " +
      "no anchors, aliases, tags or multi-line strings, no tabs. Rewrite this line so, or split the file with `include:`.",
    source: at,
  };
}
