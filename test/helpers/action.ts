// Runs a composite action's `run:` steps as GitHub does: each in `bash --noprofile --norc
// -eo pipefail`, in its working-directory, with its `env:` and the runner's files
// (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY). `${{ … }}` expressions are filled in from the inputs
// (with the action's defaults), `github.action_path`, `runner.temp` and earlier steps'
// outputs; any other expression fails the test, so nothing runs half-substituted.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { runProcess, type RunResult } from "./cli.js";

interface ActionStep {
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
}

export interface ActionFile {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface ActionRun extends RunResult {
  /** The action's outputs, as its `outputs:` map them from its steps. */
  outputs: Record<string, string>;
  summary: string;
}

export interface ActionContext {
  /** github.action_path: where the action (and the package around it) lies. */
  actionPath: string;
  /** The job's workspace (GITHUB_WORKSPACE), against which working-directory resolves. */
  workspace: string;
  /** The job's environment: what the workflow's env blocks give. */
  env?: Record<string, string | undefined>;
  runnerTemp?: string;
}

export async function readAction(file: string): Promise<ActionFile> {
  return parse(await readFile(file, "utf8")) as ActionFile;
}

/** Fills `${{ … }}` in `text`; throws on an expression it does not know. */
export function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const v = values[expr];
    if (v === undefined) throw new Error(`unknown expression \${{ ${expr} }} in "${text}"`);
    return v;
  });
}

/** Parses GITHUB_OUTPUT's `name=value` lines (the action writes no multi-line values). */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export async function runAction(action: ActionFile, inputs: Record<string, string>, ctx: ActionContext): Promise<ActionRun> {
  if (action.runs.using !== "composite") throw new Error(`not a composite action: ${action.runs.using}`);
  for (const name of Object.keys(inputs)) if (!(name in action.inputs)) throw new Error(`the action has no input "${name}"`);
  const values: Record<string, string> = {
    "github.action_path": ctx.actionPath,
    "github.workspace": ctx.workspace,
  };
  for (const [name, spec] of Object.entries(action.inputs)) {
    const v = inputs[name] ?? spec.default;
    if (v === undefined && spec.required) throw new Error(`input "${name}" is required`);
    values[`inputs.${name}`] = v ?? "";
  }
  const files = await mkdtemp(join(tmpdir(), "hgw-action-"));
  try {
    const outputFile = join(files, "output");
    const summaryFile = join(files, "summary");
    await writeFile(summaryFile, "");
    let last: RunResult = { code: 0, stdout: "", stderr: "" };
    let stdout = "";
    let stderr = "";
    const stepOutputs: Record<string, Record<string, string>> = {};
    for (const step of action.runs.steps) {
      if (step.uses) throw new Error(`this helper runs only run: steps, not uses: ${step.uses}`);
      if (step.shell !== "bash") throw new Error(`step ${step.id ?? "?"} must say shell: bash`);
      await writeFile(outputFile, "");
      const env: Record<string, string | undefined> = {
        ...ctx.env,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_ACTION_PATH: ctx.actionPath,
        GITHUB_WORKSPACE: ctx.workspace,
        RUNNER_TEMP: ctx.runnerTemp ?? files,
      };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(String(v), values);
      const cwd = resolve(ctx.workspace, substitute(step["working-directory"] ?? ".", values));
      last = await runProcess("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run ?? ""], { cwd, env });
      stdout += last.stdout;
      stderr += last.stderr;
      const outs = parseOutputs(await readFile(outputFile, "utf8"));
      if (step.id) {
        stepOutputs[step.id] = outs;
        for (const [k, v] of Object.entries(outs)) values[`steps.${step.id}.outputs.${k}`] = v;
      }
      if (last.code !== 0) break;
    }
    // An output whose step wrote nothing is empty, as on GitHub.
    const outputs: Record<string, string> = {};
    for (const [name, o] of Object.entries(action.outputs)) {
      const m = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(o.value);
      if (!m) throw new Error(`output ${name}: unexpected value ${o.value}`);
      outputs[name] = stepOutputs[m[1]!]?.[m[2]!] ?? "";
    }
    return { code: last.code, stdout, stderr, outputs, summary: await readFile(summaryFile, "utf8") };
  } finally {
    await rm(files, { recursive: true, force: true });
  }
}
