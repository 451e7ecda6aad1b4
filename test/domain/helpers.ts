import type { OpContext } from "../../src/domain/checks.js";

export const NOW = "2026-03-01T12:00:00.000Z";

let n = 0;
export function ctx(now = NOW): OpContext {
  return { now, newId: (prefix) => `${prefix}_${++n}` };
}
