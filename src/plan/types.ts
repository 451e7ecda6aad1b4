// A Plan is a plain value. Its JSON form (schema/plan.schema.json) is the contract other
// tools consume; rendering only reads it, and apply executes its changes in its order.

import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import type { ResourceKind } from "../model/address.js";

/** 2: plans record their spec files and planning options (apply re-plans from them). */
export const PLAN_FORMAT_VERSION = 2;

export type Action = "create" | "update" | "delete" | "replace" | "approve" | "deny" | "noop";

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

export interface Change {
  /** Position in the plan's order, from 1; apply never reorders. */
  seq: number;
  address: string;
  kind: ResourceKind;
  action: Action;
  /** The resource as the account holds it (null on create); secrets redacted. */
  before: JsonObject | null;
  /** The resource as it will be (null on delete); secrets only as references. */
  after: JsonObject | null;
  /** For people; never drives apply. */
  reason: string;
  /** The spec line that asks for this change; null when nothing in the spec does (a removal). */
  source: SourceLocation | null;
  /** Addresses of changes that must finish first. */
  dependsOn: string[];
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  replace: number;
  approve: number;
  deny: number;
}

/** One file a plan was made from, so that `apply --plan` reads and checks the same ones. */
export interface SpecFile {
  /** Relative to the git repository's root (else the directory the plan was made in), with `/`. */
  path: string;
  /** sha256 of the file's bytes */
  digest: string;
}

/** How a plan was made, so that apply can make it again against the account as it is then. */
export interface PlanningOptions {
  targets: string[];
  allowDelete: boolean;
  /** null: the spec's policies.maxMemberRemovalShare (else the default) */
  maxRemovalShare: number | null;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** sha256 over the spec files it was made from */
  specDigest: string;
  /** Each spec file, in the order they were read (the root first); empty when not made from files. */
  specFiles: SpecFile[];
  options: PlanningOptions;
  /** sha256 over the account state it was made from: provenance only (apply re-plans instead). */
  stateFingerprint: string;
  provider: string;
  createdAt: string;
  changes: Change[];
  /** Resources in the account that the spec does not manage and that are left alone. */
  unmanaged: { address: string; reason: string }[];
  warnings: Diagnostic[];
  summary: PlanSummary;
}

export interface PlanOptions {
  allowDelete?: boolean;
  /** Overrides policies.maxMemberRemovalShare. */
  maxRemovalShare?: number;
  /** Account-wide limits for one plan (blast-radius.ts); each overrides its policy and default. */
  maxDeletions?: number;
  maxMemberRemovals?: number;
  maxShareRevocations?: number;
  targets?: string[];
  /** Refuse targets that name nothing in the spec or the account (targets a person typed). */
  checkTargets?: boolean;
  /**
   * Share pages (`type:id`) whose password was compared with the spec's secret: true when
   * it matches. A page with a password that is not in here is taken to match (the secret
   * was not at hand), and the plan says so.
   */
  passwordChecks?: ReadonlyMap<string, boolean>;
  /** ISO time "now", so plans are reproducible in tests. */
  now?: string;
  provider?: string;
}
