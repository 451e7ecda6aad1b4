// `heygen-workspaces/pulumi`: HeyGen workspaces as Pulumi resources. `WorkspaceTree` manages
// a whole spec through the same planner as `hgw plan`; the finer resources compose one
// sub-workspace, member, allocation or asset share at a time with a stack's other resources.

import type * as pulumi from "@pulumi/pulumi";
import type { Quota } from "../model/state.js";
import type { AssetType, Role, Settings, WorkspacesSpec } from "../spec/types.gen.js";
import { allocation } from "./allocation.js";
import { assetShare } from "./asset-share.js";
import { member } from "./member.js";
import { subWorkspace } from "./sub-workspace.js";
import { providerFor } from "./providers.js";
import { tree, type ManagedWorkspace } from "./tree-ops.js";
import { isMissingPackage, missingPackageError, requireFromHere } from "../util/optional-deps.js";

export type { WorkspacesSpec } from "../spec/types.gen.js";

/** What the dynamic-provider host calls (through the tiny provider objects). */
export const providerOps = { tree, subWorkspace, member, allocation, assetShare };

const MODULE = "hgw";

/**
 * @pulumi/pulumi is an optional peer dependency (the CLI never needs it). Loaded with
 * `require` (it is CommonJS, so this is the same instance the program imports) to turn its
 * absence into one error that names it, instead of Node's "Cannot find package".
 */
function loadPulumi(): typeof pulumi {
  try {
    return requireFromHere("@pulumi/pulumi") as typeof pulumi;
  } catch (e) {
    if (isMissingPackage(e, "@pulumi/pulumi")) throw missingPackageError("@pulumi/pulumi", "heygen-workspaces/pulumi");
    throw e;
  }
}

const runtime = loadPulumi();

/** Which account to manage: the embedded sandbox (default) or an API over HTTP. */
export type ProviderArgs =
  | { kind: "sandbox"; /** default `<project dir>/.hgw` */ sandboxDir?: pulumi.Input<string> }
  | {
      kind: "http";
      /** default HEYGEN_API_URL in the environment `pulumi` runs in */
      apiUrl?: pulumi.Input<string>;
      /** default HEYGEN_API_KEY; kept as a Pulumi secret */
      apiKey?: pulumi.Input<string>;
    };

function providerInput(p: ProviderArgs | undefined): pulumi.Input<Record<string, unknown>> {
  if (!p || p.kind === "sandbox") return { kind: "sandbox", ...(p?.sandboxDir !== undefined ? { sandboxDir: p.sandboxDir } : {}) };
  return {
    kind: "http",
    ...(p.apiUrl !== undefined ? { apiUrl: p.apiUrl } : {}),
    ...(p.apiKey !== undefined ? { apiKey: runtime.secret(p.apiKey) } : {}),
  };
}

function secretOpts(opts: pulumi.CustomResourceOptions | undefined, secrets: string[]): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}

function replaceOpts(opts: pulumi.CustomResourceOptions, props: string[]): pulumi.CustomResourceOptions {
  return { ...opts, replaceOnChanges: [...(opts.replaceOnChanges ?? []), ...props] };
}

// ---------------------------------------------------------------- WorkspaceTree

export interface WorkspaceTreeArgs {
  /** The spec as an object (the type `hgw` generates from its schema)… */
  spec?: pulumi.Input<WorkspacesSpec>;
  /** …or the path of a spec file, relative to the project directory. */
  specPath?: pulumi.Input<string>;
  provider?: ProviderArgs;
  /** Delete sub-workspaces this tree managed and the spec dropped (never others). */
  allowDelete?: pulumi.Input<boolean>;
  /** With allowDelete: how many sub-workspaces one update may delete (default 5). */
  maxDeletions?: pulumi.Input<number>;
}

/** A managed workspace as the tree reports it (`workspaces`). */
export type ManagedWorkspaceOutput = ManagedWorkspace;

/**
 * A whole spec, planned and applied by `hgw`'s planner. Its checked inputs carry
 * `plannedChanges` (what the planner would change now), which is how `pulumi preview`
 * shows the addresses that change.
 */
export class WorkspaceTree extends runtime.dynamic.Resource {
  declare readonly accountId: pulumi.Output<string>;
  /** Addresses the tree manages, e.g. `subworkspace[client-a]`. */
  declare readonly managed: pulumi.Output<string[]>;
  /** The managed workspaces as the account holds them, by path ("" = main). */
  declare readonly workspaces: pulumi.Output<Record<string, ManagedWorkspaceOutput>>;
  /** `+ address` / `~ address` / `- address` of the last create or update. */
  declare readonly lastChanges: pulumi.Output<string[]>;
  /** What `pulumi refresh` found different from the spec. */
  declare readonly drift: pulumi.Output<string[]>;
  /** API keys created by the tree, by workspace path (secret). */
  declare readonly apiKeys: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: WorkspaceTreeArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("tree"),
      name,
      {
        ...(args.spec !== undefined ? { spec: args.spec } : {}),
        ...(args.specPath !== undefined ? { specPath: args.specPath } : {}),
        provider: providerInput(args.provider),
        allowDelete: args.allowDelete ?? false,
        ...(args.maxDeletions !== undefined ? { maxDeletions: args.maxDeletions } : {}),
        accountId: undefined,
        managed: undefined,
        workspaces: undefined,
        lastChanges: undefined,
        drift: undefined,
        apiKeys: undefined,
      },
      secretOpts(opts, ["apiKeys"]),
      MODULE,
      "WorkspaceTree",
    );
  }
}

// ---------------------------------------------------------------- SubWorkspace

export interface SubWorkspaceArgs {
  name: pulumi.Input<string>;
  /** Path of the parent ("workspace" or omitted: the main workspace). Changing it replaces. */
  parent?: pulumi.Input<string>;
  billing?: pulumi.Input<"parent" | "own">;
  apiAccess?: pulumi.Input<boolean>;
  image?: pulumi.Input<string>;
  settings?: pulumi.Input<Settings>;
  deletionProtection?: pulumi.Input<boolean>;
  /** own billing only */
  subscription?: pulumi.Input<Partial<Quota>>;
  provider?: ProviderArgs;
}

/** A sub-workspace; its id is the account's workspace id, so a rename is an update. */
export class SubWorkspace extends runtime.dynamic.Resource {
  declare readonly workspaceId: pulumi.Output<string>;
  /** Path from the main workspace, e.g. `client-a`; what Member and Allocation take. */
  declare readonly path: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly parent: pulumi.Output<string>;
  declare readonly billing: pulumi.Output<string>;
  declare readonly apiAccess: pulumi.Output<boolean>;
  declare readonly allocation: pulumi.Output<Quota | null>;
  /** The sub-workspace's API key when apiAccess is on (secret; shown once by the API). */
  declare readonly apiKey: pulumi.Output<string | null>;

  constructor(name: string, args: SubWorkspaceArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      providerFor("subWorkspace"),
      name,
      {
        name: args.name,
        parent: args.parent ?? "",
        billing: args.billing ?? "parent",
        apiAccess: args.apiAccess ?? false,
        ...(args.image !== undefined ? { image: args.image } : {}),
        ...(args.settings !== undefined ? { settings: args.settings } : {}),
        deletionProtection: args.deletionProtection ?? false,
        ...(args.subscription !== undefined ? { subscription: args.subscription } : {}),
        provider: providerInput(args.provider),
        workspaceId: undefined,
        path: undefined,
        allocation: undefined,
        apiKey: undefined,
      },
      replaceOpts(secretOpts(opts, ["apiKey"]), ["parent"]),
      MODULE,
      "SubWorkspace",
    );
  }
}

// ---------------------------------------------------------------- Member

export interface MemberArgs {
  /** Path of the workspace ("workspace" for the main one). Changing it replaces. */
  workspace: pulumi.Input<string>;
  /** Compared case-insensitively. Changing it replaces. */
  email: pulumi.Input<string>;
  role: pulumi.Input<Role>;
  provider?: ProviderArgs;
}

/** A member (an invitation until accepted). Id: `<workspaceId>/<email>`. */
export class Member extends runtime.dynamic.Resource {
  declare readonly workspace: pulumi.Output<string>;
  declare readonly workspaceId: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string>;
  declare readonly role: pulumi.Output<Role>;
  declare readonly status: pulumi.Output<"active" | "invited">;
  declare readonly expiresAt: pulumi.Output<string | null>;

  constructor(name: string, args: MemberArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      providerFor("member"),
      name,
      {
        workspace: args.workspace,
        email: args.email,
        role: args.role,
        provider: providerInput(args.provider),
        workspaceId: undefined,
        status: undefined,
        expiresAt: undefined,
      },
      replaceOpts(opts, ["workspace", "email"]),
      MODULE,
      "Member",
    );
  }
}

// ---------------------------------------------------------------- Allocation

export interface AllocationArgs {
  /** Path of a parent-billed sub-workspace. */
  workspace: pulumi.Input<string>;
  seats?: pulumi.Input<number>;
  avatarSlots?: pulumi.Input<number>;
  generativeCredits?: pulumi.Input<number>;
  apiCredits?: pulumi.Input<number>;
  provider?: ProviderArgs;
}

/**
 * What a parent-billed sub-workspace may draw from its parent's pools. Only the keys given
 * are managed; deleting it gives back all the sub-workspace does not use. Id: workspace id.
 */
export class Allocation extends runtime.dynamic.Resource {
  declare readonly workspace: pulumi.Output<string>;
  declare readonly workspaceId: pulumi.Output<string>;
  declare readonly seats: pulumi.Output<number>;
  declare readonly avatarSlots: pulumi.Output<number>;
  declare readonly generativeCredits: pulumi.Output<number>;
  declare readonly apiCredits: pulumi.Output<number>;
  declare readonly usage: pulumi.Output<Quota>;

  constructor(name: string, args: AllocationArgs, opts: pulumi.CustomResourceOptions = {}) {
    const keys = {
      seats: args.seats,
      avatarSlots: args.avatarSlots,
      generativeCredits: args.generativeCredits,
      apiCredits: args.apiCredits,
    };
    super(
      providerFor("allocation"),
      name,
      {
        workspace: args.workspace,
        ...Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)),
        provider: providerInput(args.provider),
        workspaceId: undefined,
        usage: undefined,
      },
      replaceOpts(opts, ["workspace"]),
      MODULE,
      "Allocation",
    );
  }
}

// ---------------------------------------------------------------- AssetShare

export interface AssetShareArgs {
  assetType: pulumi.Input<AssetType>;
  assetId: pulumi.Input<string>;
  /** Workspace whose library holds the item (default: the main workspace). */
  from?: pulumi.Input<string>;
  /** Sub-workspace that receives it. */
  to: pulumi.Input<string>;
  provider?: ProviderArgs;
}

/** A library item shared to a sub-workspace; any change of its ends is a new share. */
export class AssetShare extends runtime.dynamic.Resource {
  declare readonly fromWorkspaceId: pulumi.Output<string>;
  declare readonly toWorkspaceId: pulumi.Output<string>;

  constructor(name: string, args: AssetShareArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      providerFor("assetShare"),
      name,
      {
        assetType: args.assetType,
        assetId: args.assetId,
        from: args.from ?? "",
        to: args.to,
        provider: providerInput(args.provider),
        fromWorkspaceId: undefined,
        toWorkspaceId: undefined,
      },
      replaceOpts(opts, ["assetType", "assetId", "from", "to"]),
      MODULE,
      "AssetShare",
    );
  }
}
