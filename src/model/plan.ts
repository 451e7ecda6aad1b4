// A Plan is a plain value. Its JSON form (schema/plan.schema.json) is the contract other
// tools consume; rendering only reads it, and apply executes its changes in its order. The
// payload of each kind of change is generated from that schema (plan.gen.ts); a change holds
// it as plain JSON, and `payloadOf` reads it back in its kind's shape.

import type { Diagnostic, SourceLocation } from "./diagnostics.js";
import type { Action, Payload, PayloadByKind, ResourceKind } from "./plan.gen.js";

export type { Action, PayloadByKind, ResourceKind } from "./plan.gen.js";

/** 2: plans record their spec files and planning options (apply re-plans from them). */
export const PLAN_FORMAT_VERSION = 2;

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
  /** Set when the change only takes away access past its `expires` date: that date (YYYY-MM-DD). */
  expired?: string;
}

/** Access the spec gives until a date within the notice window (see model/expiry.ts). */
export interface ExpiringItem {
  address: string;
  /** the last day of the access, YYYY-MM-DD */
  expires: string;
  /** 0: it ends today */
  daysLeft: number;
  source: SourceLocation;
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
  /** `--rotate-key` paths; absent when none were given. */
  rotateKeys?: string[];
  /** `--only-expired`; absent when false */
  onlyExpired?: boolean;
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
  /** Access ending within the notice window; absent when there is none. */
  expiring?: { withinDays: number; items: ExpiringItem[] };
}

/**
 * A payload in its kind's shape. The planner writes these shapes, and a plan read from a file
 * is checked against the schema they are generated from, so this is a reading, not a guess.
 */
export function payloadOf<K extends ResourceKind>(_kind: K, p: JsonObject): PayloadByKind[K];
export function payloadOf<K extends ResourceKind>(_kind: K, p: JsonObject | null): PayloadByKind[K] | null;
export function payloadOf<K extends ResourceKind>(_kind: K, p: JsonObject | null): PayloadByKind[K] | null {
  return p as unknown as PayloadByKind[K] | null;
}

/** A payload as the plain JSON a change holds. */
export function toJson(p: Payload | { [key: string]: unknown }): JsonObject {
  return p as unknown as JsonObject;
}
