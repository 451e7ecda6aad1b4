// The only place that writes to the terminal. Commands get an Io so tests and the Pulumi
// provider can run them without a process.

import { once } from "node:events";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** See `colorEnabled`. */
  color: boolean;
  isTTY: boolean;
  /** Where `out` writes, for output written in pieces as it is made (see writeOut). */
  stdout?: NodeJS.WritableStream;
}

/**
 * Colours: `--no-color` always wins; then FORCE_COLOR when set (off for "0" or "false", on
 * otherwise, even when piped), as Node reads it; then NO_COLOR, which counts only when
 * non-empty (no-color.org); otherwise on a terminal only.
 */
export function colorEnabled(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTTY;
}

export function processIo(opts: { color?: boolean } = {}): Io {
  const isTTY = Boolean(process.stdout.isTTY);
  const color = colorEnabled(opts.color, process.env, isTTY);
  return {
    out: (t) => void process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => void process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    color,
    isTTY,
    stdout: process.stdout,
  };
}

/**
 * Writes output made in pieces (a plan of 100,000 changes) as the pieces come, in blocks of
 * 64 KiB, waiting whenever the stream is full: memory stays flat however long the output.
 * Without a stream the pieces are joined and given to `io.out`.
 */
export async function writeOut(io: Io, chunks: Iterable<string>): Promise<void> {
  const stream = io.stdout;
  if (!stream) {
    io.out([...chunks].join(""));
    return;
  }
  let block = "";
  for (const c of chunks) {
    block += c;
    if (block.length < BLOCK) continue;
    if (!stream.write(block)) await once(stream, "drain");
    block = "";
  }
  if (block !== "" && !stream.write(block)) await once(stream, "drain");
}

const BLOCK = 1 << 16;

/** Exit codes: 0 ok / no changes, 1 error, 2 changes or drift (where asked). */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;
