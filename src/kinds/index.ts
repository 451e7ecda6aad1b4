// The registry: every resource kind's handler, under the kind it handles. The planner, the
// order, the renderers, the blast-radius limits and both providers look a kind up here (or
// walk KIND_LIST); a kind in the plan schema's `kind` list without an entry here does not
// compile. Adding a kind: docs/adding-a-kind.md.

import type { ResourceKind } from "../model/plan.js";
import { RESOURCE_KINDS } from "../model/plan.gen.js";
import type { KindHandler } from "./handler.js";
import { allocationKind } from "./allocation.js";
import { apikeyKind } from "./apikey.js";
import { assetShareKind } from "./asset-share.js";
import { contentShareKind } from "./content-share.js";
import { joinRequestKind } from "./join-request.js";
import { memberKind } from "./member.js";
import { subworkspaceKind } from "./subworkspace.js";
import { workspaceKind } from "./workspace.js";

export const KINDS: { readonly [K in ResourceKind]: KindHandler<K> } = {
  workspace: workspaceKind,
  subworkspace: subworkspaceKind,
  allocation: allocationKind,
  apikey: apikeyKind,
  member: memberKind,
  join_request: joinRequestKind,
  asset_share: assetShareKind,
  content_share: contentShareKind,
};

/** The handler of a change's kind. */
export function handlerOf(kind: ResourceKind): KindHandler {
  return KINDS[kind] as KindHandler;
}

/** Every handler, by `order`: the order the planner asks them for their changes. */
export const KIND_LIST: readonly KindHandler[] = RESOURCE_KINDS.map(handlerOf).sort((a, b) => a.order - b.order);

export type { BlastLimit, DriftKind, DriftReading, KindHandler, SandboxContext, ViewContext } from "./handler.js";
// Payload builders the Pulumi fine resources share with the planner.
export { subWorkspacePayloadOf } from "./subworkspace.js";
export { memberPayload } from "./member.js";
export { allocationPayload } from "./allocation.js";
export { assetSharePayload } from "./asset-share.js";
