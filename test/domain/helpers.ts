import type { OpContext } from "../../src/domain/operations.js";

export const NOW = "2026-03-01T12:00:00.000Z";

export function ctx(now = NOW): OpContext {
  let n = 0;
  return { now, newId: (prefix) => `${prefix}_${++n}` };
}
