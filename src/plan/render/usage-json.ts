// The usage report as JSON (schema/usage.schema.json): byte for byte
// `JSON.stringify(report, null, 2)`, written a workspace at a time.

import type { UsageReport } from "../../model/usage.js";

export function renderUsageJson(report: UsageReport): string {
  return [...renderUsageJsonChunks(report)].join("");
}

/** `depth`: how many levels in the report is written (the plan's `headroom` is one). */
export function* renderUsageJsonChunks(report: UsageReport, depth = 0, newline = true): Generator<string> {
  const pad = "  ".repeat(depth);
  const head = JSON.stringify({ ...report, workspaces: [] }, null, 2).replace(/\n/g, `\n${pad}`);
  // The empty list is the last thing written: open it up and put the workspaces in.
  const at = head.lastIndexOf("[]");
  yield head.slice(0, at);
  if (report.workspaces.length === 0) yield "[]";
  else {
    const inner = `\n${pad}    `;
    for (let i = 0; i < report.workspaces.length; i++) {
      yield `${i === 0 ? "[" : ","}${inner}${JSON.stringify(report.workspaces[i], null, 2).replace(/\n/g, inner)}`;
    }
    yield `\n${pad}  ]`;
  }
  yield `${head.slice(at + 2)}${newline ? "\n" : ""}`;
}
