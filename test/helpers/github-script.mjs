// Runs one `actions/github-script` step body the way the action does: an async function of
// `require`, `github` (an authenticated Octokit with `rest` and `paginate`), `context` and
// `core`, in the job's working directory. The GitHub API is whatever GITHUB_API_URL points
// at (a fake one served by the test). Prints {outputs, failures} as JSON on stdout.

import { createRequire } from "node:module";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";

const input = JSON.parse(process.env.GHS_INPUT ?? "{}");
const github = new Octokit({ auth: process.env.GITHUB_TOKEN, baseUrl: process.env.GITHUB_API_URL, request: { retries: 0 } });
const outputs = {};
const failures = [];
const core = {
  setFailed(message) {
    failures.push(String(message));
    process.exitCode = 1;
  },
  setOutput(name, value) {
    outputs[name] = value;
  },
  info() {},
  warning() {},
};
const AsyncFunction = (async () => {}).constructor;
try {
  const fn = new AsyncFunction("require", "github", "context", "core", input.script);
  await fn(createRequire(join(process.cwd(), "github-script.js")), github, input.context, core);
} catch (e) {
  // As the action does with an uncaught error.
  core.setFailed(e instanceof Error ? e.message : String(e));
}
process.stdout.write(JSON.stringify({ outputs, failures }));
