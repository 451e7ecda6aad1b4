// A Plan is a plain value. Its JSON form (schema/plan.schema.json) is the contract other
// tools consume; rendering only reads it, and apply executes its changes in its order.

import type { Diagnostic, SourceLocation } from "../model/diagnostics.js";
import type { ResourceKind } from "../model/address.js";

export const PLAN_FORMAT_VERSION = 1;

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

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** sha256 over the spec files it was made from */
  specDigest: string;
  /** sha256 over the account state it was made from; apply refuses a plan whose state moved */
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
