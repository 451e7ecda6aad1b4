// The only place that writes to the terminal. Commands get an Io so tests and the Pulumi
// provider can run them without a process.

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colours on a terminal unless NO_COLOR is set or --no-color was given. */
  color: boolean;
  isTTY: boolean;
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
  };
}

/** Exit codes: 0 ok / no changes, 1 error, 2 changes or drift (where asked). */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;
