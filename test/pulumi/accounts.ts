// The accounts the host tests run against: a temporary sandbox, and `hgw emulator` started
// as a subprocess (the real CLI on 127.0.0.1), each readable from the test to check it.

import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { AccountState } from "../../src/model/state.js";
import type { Provider } from "../../src/model/provider.js";
import { createHttpProvider } from "../../src/providers/http/index.js";
import { createSandboxProvider } from "../../src/providers/sandbox/index.js";
import { REPO } from "./project.js";

export interface TestAccount {
  name: string;
  /** The `provider` input of every resource. */
  settings: Record<string, unknown>;
  /** A provider of its own, to read the account and to change it out of band. */
  direct(): Provider;
  read(): Promise<AccountState>;
  close(): Promise<void>;
}

export function sandboxAccount(dir: string): TestAccount {
  const direct = (): Provider => createSandboxProvider({ dir });
  return { name: "sandbox", settings: { kind: "sandbox", sandboxDir: dir }, direct, read: () => direct().read(), close: async () => {} };
}

export async function emulatorAccount(workDir: string): Promise<TestAccount> {
  const adminKey = `hgw_admin_${Math.random().toString(36).slice(2)}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REPO, "bin/hgw.js"), "emulator", "--port", "0", "--quiet", "--state", join(workDir, "emulator.json")],
    {
      cwd: workDir,
      env: { ...process.env, HEYGEN_API_KEY: adminKey, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on("line", (line) => {
      const m = /listening on (\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`hgw emulator exited (${code}): ${err}`)));
  });
  const direct = (): Provider => createHttpProvider({ baseUrl: url, apiKey: adminKey, env: {} });
  return {
    name: "emulator",
    settings: { kind: "http", apiUrl: url, apiKey: adminKey },
    direct,
    read: () => direct().read(),
    close: async () => {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      process.kill(child.pid, "SIGTERM");
      await exited;
    },
  };
}
