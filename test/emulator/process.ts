// Starts `hgw emulator` as a real subprocess on 127.0.0.1 and stops it by its PID.

import { spawn, type ChildProcess } from "node:child_process";
import { hgwBin, repoRoot } from "../helpers/cli.js";

export interface EmulatorProcess {
  url: string;
  adminKey: string;
  pid: number;
  stdout: () => string;
  stderr: () => string;
  stop(): Promise<number | null>;
}

export function spawnEmulator(args: string[], env: Record<string, string | undefined> = {}): Promise<EmulatorProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [hgwBin, "emulator", "--port", "0", ...args], {
      cwd: repoRoot,
      env: { ...process.env, HEYGEN_API_KEY: undefined, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const timer = setTimeout(() => {
      // Never leave a half-started server behind.
      child.kill("SIGKILL");
      reject(new Error(`emulator did not start within 15 s: ${err}`));
    }, 15_000);
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const key = /admin key: (\S+)/.exec(out)?.[1] ?? env.HEYGEN_API_KEY;
      if (url && key) {
        clearTimeout(timer);
        resolve({
          url,
          adminKey: key,
          pid: child.pid!,
          stdout: () => out,
          stderr: () => err,
          stop: async () => {
            process.kill(child.pid!, "SIGTERM");
            return exited;
          },
        });
      }
    });
    child.on("error", reject);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${code}): ${err}`));
    });
  });
}
