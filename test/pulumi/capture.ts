// Captures the `__provider` text of each resource kind from a real program run under mocks.

import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, runUnderMocks, type Registered } from "./project.js";

export const KINDS = ["WorkspaceTree", "SubWorkspace", "Member", "Allocation", "AssetShare"] as const;
export type Kind = (typeof KINDS)[number];

export function captureAll(projectDir: string): { providers: Record<Kind, string>; registered: Registered[]; failures: string[] } {
  copyFileSync(join(REPO, "test/pulumi/fixtures/all-resources.mjs"), join(projectDir, "all-resources.mjs"));
  const { registered, failures } = runUnderMocks(projectDir, join(projectDir, "all-resources.mjs"));
  const providers = {} as Record<Kind, string>;
  for (const k of KINDS) {
    const r = registered.find((x) => x.type === `pulumi-nodejs:dynamic/hgw:${k}`);
    if (r) providers[k] = r.inputs.__provider as string;
  }
  return { providers, registered, failures };
}
