// Reads the whole account: the lists are fetched concurrently with one another, 1000 items a
// page, and the long ones (members, workspaces) in parallel parts: their first page hands out
// a cursor for each part of the rest, and the parts are walked at once.

import type { AccountState } from "../../model/state.js";
import type { HttpClient } from "./client.js";
import {
  apiKeyFromWire,
  assetFromWire,
  assetShareFromWire,
  contentFromWire,
  joinRequestFromWire,
  memberFromWire,
  workspaceFromWire,
  type WirePage,
  type WireAccount,
  type WireApiKey,
  type WireAsset,
  type WireAssetShare,
  type WireContent,
  type WireJoinRequest,
  type WireMember,
  type WireWorkspace,
} from "../../contract/wire.js";

export const PAGE_LIMIT = 1000;
/** Parts a long list is read in at once; the client's concurrency caps what is in flight. */
export const PARALLEL_PARTS = 16;

/**
 * Every item of a list, in the server's order. With `parallel` > 1 the server may split what
 * follows the first page into parts (`next_tokens`), each walked with its own cursor.
 */
export async function listAll<T>(
  client: HttpClient,
  path: string,
  query: Record<string, string> = {},
  parallel = 1,
): Promise<T[]> {
  const first = await client.request<WirePage<T>>("GET", path, {
    query: { ...query, limit: PAGE_LIMIT, ...(parallel > 1 ? { parallel } : {}) },
  });
  const page = first.body;
  const cursors = page.next_tokens ?? (page.has_more && page.next_token !== null ? [page.next_token] : []);
  const parts = await Promise.all(cursors.map((token) => walk<T>(client, path, query, token)));
  return parts.length === 0 ? page.data : page.data.concat(...parts);
}

async function walk<T>(client: HttpClient, path: string, query: Record<string, string>, start: string): Promise<T[]> {
  const out: T[] = [];
  let token: string | null = start;
  while (token !== null) {
    const res: { body: WirePage<T> } = await client.request<WirePage<T>>("GET", path, { query: { ...query, limit: PAGE_LIMIT, token } });
    for (const item of res.body.data) out.push(item);
    token = res.body.has_more ? res.body.next_token : null;
  }
  return out;
}

export async function readAccount(client: HttpClient): Promise<AccountState> {
  const [account, workspaces, members, joinRequests, apiKeys, assets, assetShares, content] =
    await Promise.all([
      client.request<{ data: WireAccount }>("GET", "/v3/account"),
      listAll<WireWorkspace>(client, "/v3/workspaces", {}, PARALLEL_PARTS),
      listAll<WireMember>(client, "/v3/members", {}, PARALLEL_PARTS),
      listAll<WireJoinRequest>(client, "/v3/join-requests"),
      listAll<WireApiKey>(client, "/v3/api-keys"),
      listAll<WireAsset>(client, "/v3/assets"),
      listAll<WireAssetShare>(client, "/v3/asset-shares"),
      listAll<WireContent>(client, "/v3/content"),
    ]);
  return {
    account: { id: account.body.data.id, name: account.body.data.name },
    workspaces: workspaces.map(workspaceFromWire),
    members: members.map(memberFromWire),
    joinRequests: joinRequests.map(joinRequestFromWire),
    assets: assets.map(assetFromWire),
    assetShares: assetShares.map(assetShareFromWire),
    content: content.map(contentFromWire),
    apiKeys: apiKeys.map(apiKeyFromWire),
  };
}
