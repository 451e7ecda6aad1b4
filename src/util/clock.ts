// "Now" for planning and for the sandbox's and the emulator's accounts: the clock, or the
// ISO date-time in HGW_NOW, so that tests and demos can plan at a chosen moment (a key's
// age, an expiry) and get the same output every time.

import { UserError } from "../model/diagnostics.js";

/** The ISO time HGW_NOW names, or the clock's. A value that is no date-time is refused. */
export function nowIso(env: Record<string, string | undefined> = process.env): string {
  const fixed = env.HGW_NOW;
  if (fixed === undefined || fixed === "") return new Date().toISOString();
  const ms = Date.parse(fixed);
  if (!/^\d{4}-\d{2}-\d{2}/.test(fixed) || Number.isNaN(ms)) {
    throw new UserError({
      severity: "error",
      code: "bad-now",
      message: `HGW_NOW must be an ISO date-time such as 2026-12-31T09:00:00Z, not "${fixed}"`,
      hint: "unset HGW_NOW to use the clock",
    });
  }
  return new Date(ms).toISOString();
}

/** A clock for what keeps time (the sandbox, the emulator): HGW_NOW when set, else none (their own). */
export function fixedClock(env: Record<string, string | undefined> = process.env): (() => string) | undefined {
  if (env.HGW_NOW === undefined || env.HGW_NOW === "") return undefined;
  const now = nowIso(env);
  return () => now;
}
