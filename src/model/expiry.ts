// Expiring access: an `expires` date is the last day of the access, read as a UTC calendar
// date. It is past once today (the date of `now`, UTC) is after it; it is "expiring" while
// it is within the notice window and not past. Nothing expires early: on the date itself the
// access still holds.

import type { SourceLocation } from "./diagnostics.js";
import type { ExpiringItem } from "./plan.js";

const DAY = 24 * 3600 * 1000;

/** The UTC date of an ISO time, YYYY-MM-DD. */
export const today = (now: string): string => new Date(now).toISOString().slice(0, 10);

/** Whether access that ends on `expires` is gone at `now`. */
export function isPast(expires: string | null | undefined, now: string): expires is string {
  return expires != null && today(now) > expires;
}

/** Whole days from today to `expires` (negative when past). */
export function daysLeft(expires: string, now: string): number {
  return Math.round((Date.parse(`${expires}T00:00:00Z`) - Date.parse(`${today(now)}T00:00:00Z`)) / DAY);
}

/** An item for the plan's `expiring` list, or null when `expires` is absent, past or beyond the window (the address is made only then: most items have no `expires`). */
export function expiringItem(address: () => string, expires: string | null, source: SourceLocation, now: string, withinDays: number): ExpiringItem | null {
  if (expires === null) return null;
  const left = daysLeft(expires, now);
  return left >= 0 && left <= withinDays ? { address: address(), expires, daysLeft: left, source } : null;
}

/** The reason a change gives for removing access that expired. */
export const expiredReason = (expires: string): string => `expired on ${expires}`;

/** A real calendar date (the schema checks the shape, YYYY-MM-DD). */
export function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
