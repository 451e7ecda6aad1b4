// The only place that writes to the terminal. Commands get an Io so tests and the Pulumi
// provider can run them without a process.

import { once } from "node:events";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colours on a terminal unless NO_COLOR is set or --no-color was given. */
  color: boolean;
  isTTY: boolean;
  /** Where `out` writes, for output written in pieces as it is made (see writeOut). */
  stdout?: NodeJS.WritableStream;
}

export function processIo(opts: { color?: boolean } = {}): Io {
  const isTTY = Boolean(process.stdout.isTTY);
  const color =
    opts.color !== false && !("NO_COLOR" in process.env) && (isTTY || "FORCE_COLOR" in process.env);
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
