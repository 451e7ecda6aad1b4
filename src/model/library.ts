// The library as a provider lists it, for resolving the names an asset share gives instead of
// ids. Read once per run, and only when the spec uses names.

import type { AssetType } from "./plan.gen.js";
import type { AssetState } from "./state.js";

export interface LibraryItem {
  id: string;
  name: string;
}

/** Items of each type asked for; a type not asked for is absent. */
export type Library = Partial<Record<AssetType, LibraryItem[]>>;

/**
 * The server has no list for this type (404, 405 or 501 on its endpoint): names of that type
 * cannot be resolved there, while ids still work. Not a failure of the world: the caller turns it
 * into an error at the share that asked.
 */
export class LibraryUnavailableError extends Error {
  constructor(
    readonly assetType: AssetType,
    /** What was asked, as it may be printed: `GET http://host/v2/avatars`. */
    readonly request: string,
    readonly status: number,
  ) {
    super(`${request} answered HTTP ${status}`);
    this.name = "LibraryUnavailableError";
  }
}

/** The library as an account's own asset list holds it: every workspace's items of these types. */
export function libraryFromAssets(assets: readonly AssetState[], types: readonly AssetType[]): Library {
  const out: Library = {};
  for (const t of types) out[t] = assets.filter((a) => a.type === t).map((a) => ({ id: a.id, name: a.name }));
  return out;
}
