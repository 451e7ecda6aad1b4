// The provider objects Pulumi serializes into every resource's `__provider` input. They are
// kept tiny on purpose: each method loads the real engine from the user's project directory
// (the host's working directory) and hands over. Nothing here may capture a module, a class
// instance or a native handle, or the text grows and breaks when the host runs it.

import type * as pulumi from "@pulumi/pulumi";

export type OpsKind = "tree" | "subWorkspace" | "member" | "allocation" | "assetShare";

/** The operations, as `heygen-workspaces/pulumi` exports them under `providerOps`. */
interface Ops {
  check(olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: unknown): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: unknown): Promise<void>;
}

/**
 * Resolves `heygen-workspaces/pulumi` as the user's program does: from the project
 * directory, through the package's `exports`. Runs inside the host, so it may use only
 * globals and dynamic imports.
 */
async function loadOps(kind: string): Promise<Ops> {
  const { createRequire } = await import("node:module");
  const { pathToFileURL } = await import("node:url");
  const resolved = createRequire(`${process.cwd()}/package.json`).resolve("heygen-workspaces/pulumi");
  const m = (await import(pathToFileURL(resolved).href)) as { providerOps: Record<string, Ops> };
  return m.providerOps[kind]!;
}

export function providerFor(kind: OpsKind): pulumi.dynamic.ResourceProvider {
  return {
    check: async (olds, news) => (await loadOps(kind)).check(olds, news),
    diff: async (id, olds, news) => (await loadOps(kind)).diff(id, olds, news),
    create: async (inputs) => (await loadOps(kind)).create(inputs),
    read: async (id, props) => (await loadOps(kind)).read(id, props),
    update: async (id, olds, news) => (await loadOps(kind)).update(id, olds, news),
    delete: async (id, props) => (await loadOps(kind)).delete(id, props),
  };
}
