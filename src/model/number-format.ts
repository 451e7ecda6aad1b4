// Numbers in messages and reports, grouped as toLocaleString("en-US") writes them. Whole
// numbers are grouped by hand: the first toLocaleString call loads ICU's number formatting,
// 40-120 ms of a plan's CPU for a few reasons or a usage table.

export function grouped(x: number): string {
  return Number.isSafeInteger(x) && !Object.is(x, -0) ? String(x).replace(/\B(?=(\d{3})+$)/g, ",") : x.toLocaleString("en-US");
}
