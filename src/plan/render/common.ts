// What the text and markdown renderers share: symbols, verbs and the wording of a location.

import type { SourceLocation } from "../../model/diagnostics.js";
import type { Action, Change, Plan } from "../types.js";

export type RenderMode = "plan" | "drift";

/** One symbol per action, wherever a change is shown in one line (plans, progress, Pulumi's lastChanges). */
export const SYMBOL: Record<Action, string> = {
  create: "+",
  update: "~",
  delete: "-",
  replace: "±",
  approve: "✓",
  deny: "✗",
  noop: " ",
};

/** The changes people are shown; a noop is in the JSON plan only. */
export function shownChanges(plan: Plan): Change[] {
  return plan.changes.filter((c) => c.action !== "noop");
}

export function locationText(source: SourceLocation | null | undefined): string | null {
  return source ? `${source.file}:${source.line}:${source.col}` : null;
}

/**
 * User values (names, emails, reasons built from them) come from the spec and from the account;
 * a control character in one must not move the cursor or colour a terminal, nor break a line.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROLS = new RegExp(CONTROL.source, "g");

export function printable(s: string): string {
  if (!CONTROL.test(s)) return s;
  return s.replace(CONTROLS, (ch) =>
    ch === "\n" || ch === "\r" || ch === "\t" ? " " : `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** In drift mode a change is what apply would do to put the account back. */
export function driftVerb(action: Action): string {
  return `apply would ${action} it`;
}
