// Reads the whole account: every list endpoint is walked page by page (1000 a page), and the
// lists are fetched concurrently with one another.

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
  type Page,
  type WireAccount,
  type WireApiKey,
  type WireAsset,
  type WireAssetShare,
  type WireContent,
  type WireJoinRequest,
  type WireMember,
  type WireWorkspace,
} from "./wire.js";

export const PAGE_LIMIT = 1000;

export async function listAll<T>(
  client: HttpClient,
  path: string,
  query: Record<string, string> = {},
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (;;) {
    const res = await client.request<Page<T>>("GET", path, {
      query: { ...query, limit: PAGE_LIMIT, token },
    });
    out.push(...res.body.data);
    if (!res.body.has_more || res.body.next_token === null) return out;
    token = res.body.next_token;
  }
}

export async function readAccount(client: HttpClient): Promise<AccountState> {
  const [account, workspaces, members, joinRequests, apiKeys, assets, assetShares, content] =
    await Promise.all([
      client.request<{ data: WireAccount }>("GET", "/v3/account"),
      listAll<WireWorkspace>(client, "/v3/workspaces"),
      listAll<WireMember>(client, "/v3/members"),
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
