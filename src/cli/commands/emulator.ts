// `hgw emulator`: serve the REST contract locally (see src/emulator/). Prints one line
// `listening on URL` (and, when it generated one, `admin key: KEY` once), then one line per
// request on stderr, without keys. Stops on SIGINT/SIGTERM.

import type { Command } from "commander";
import type { Register } from "../register.js";
import { EXIT, processIo } from "../io.js";
import { UserError } from "../../model/diagnostics.js";
import { examples } from "../help.js";
import { redactUrl } from "../../model/world-errors.js";

interface ServeFlags {
  port: string;
  host: string;
  state?: string;
  latencyMs: string;
  rateLimit?: string;
  faultRate: string;
  seed: string;
  quiet?: boolean;
}

function bad(message: string): UserError {
  return new UserError({ severity: "error", code: "bad-flag", message });
}

function number(name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw bad(`--${name} must be a number from ${min} to ${max}, got "${value}"`);
  return n;
}

async function serve(flags: ServeFlags): Promise<number> {
  const io = processIo();
  const rate = flags.rateLimit === undefined ? 0 : number("rate-limit", flags.rateLimit.replace(/\/s$/, ""), 0);
  const { startEmulator } = await import("../../emulator/start.js");
  const emu = await startEmulator({
    port: number("port", flags.port, 0, 65535),
    host: flags.host,
    stateFile: flags.state ?? null,
    latencyMs: number("latency-ms", flags.latencyMs, 0),
    rateLimit: rate,
    faultRate: number("fault-rate", flags.faultRate, 0, 1),
    seed: number("seed", flags.seed, 0),
    log: flags.quiet ? undefined : (line) => io.err(line),
  });
  io.out(`listening on ${redactUrl(emu.url)}`);
  if (emu.adminKeyGenerated) io.out(`admin key: ${emu.adminKey}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emu.close();
  return EXIT.ok;
}

async function mintKey(flags: { state: string; role: string }): Promise<number> {
  if (flags.role !== "developer") {
    throw bad(`--role must be developer (sub-workspace keys come from POST /v3/workspaces/{id}/api-key)`);
  }
  const { mintDeveloperKey } = await import("../../emulator/keys.js");
  const key = await mintDeveloperKey(flags.state);
  processIo().out(`developer key ${key.id}: ${key.secret}`);
  return EXIT.ok;
}

export const registerEmulator: Register = (program: Command, done) => {
  const cmd = program
    .command("emulator")
    .summary("serve the REST contract over a local account")
    .description("serve the workspace administration API (schema/admin-api.openapi.yaml) locally")
    .option("--port <n>", "port; 0 picks a free one", "8484")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--state <file>", "account file (created with a default account when missing); default: in memory")
    .option("--latency-ms <n>", "delay added to every request", "0")
    .option("--rate-limit <n/s>", "requests per second before 429s")
    .option("--fault-rate <p>", "share of requests that meet an injected fault (5xx, 429 burst, slow, dropped)", "0")
    .option("--seed <n>", "seed of the fault schedule", "1")
    .option("--quiet", "do not log requests")
    .addHelpText(
      "after",
      examples([
        ["hgw emulator --port 8484 --state account.json", "serve a local account over the REST contract; prints its admin key once"],
        ["hgw emulator --port 0 --latency-ms 20 --rate-limit 50/s --fault-rate 0.05", "a slow, rate-limited, flaky API for testing clients"],
        ["hgw emulator keys --state account.json", "mint a developer key, for role tests"],
      ]),
    )
    .action(async (flags: ServeFlags) => done(await serve(flags)));
  cmd
    .command("keys")
    .description("mint a developer key for an emulator account (stored as a digest beside the state file)")
    .option("--state <file>", "the emulator's account file")
    .option("--role <role>", "developer", "developer")
    .addHelpText("after", examples([["hgw emulator keys --state account.json", "a developer key for the emulator serving account.json, to test what that role may do"]]))
    .action(async (flags: { state?: string; role: string }) => {
      // `hgw emulator keys --state F`: commander hands --state to the parent command.
      const state = flags.state ?? cmd.opts<ServeFlags>().state;
      if (!state) throw bad("hgw emulator keys needs --state FILE (the emulator's account file)");
      done(await mintKey({ state, role: flags.role }));
    });
};
