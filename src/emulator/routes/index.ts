// The contract's routes, one fastify plugin per resource: each parses and authorises, calls
// the domain operation, and answers in the contract's shape. Reads are filtered to what the
// key may see; writes need the super admin key; POSTs need an Idempotency-Key and replay
// stored answers (routes/kit.ts).

import type { FastifyInstance } from "fastify";
import { accountRoutes } from "./account.js";
import { apiKeyRoutes } from "./api-keys.js";
import { assetRoutes } from "./assets.js";
import { contentRoutes } from "./content.js";
import { joinRequestRoutes } from "./join-requests.js";
import { memberRoutes } from "./members.js";
import type { RequestContext, RoutePlugin } from "./kit.js";
import { workspaceRoutes } from "./workspaces.js";

const PLUGINS: readonly RoutePlugin[] = [accountRoutes, workspaceRoutes, memberRoutes, joinRequestRoutes, apiKeyRoutes, assetRoutes, contentRoutes];

export function registerRoutes(app: FastifyInstance, ctx: RequestContext): void {
  for (const plugin of PLUGINS) void app.register(plugin, { ctx });
}

export { etagOf, workspaceEtag, type RequestContext } from "./kit.js";
