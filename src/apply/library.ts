// The library, read for planning only when the spec names items (`name:` on an asset share):
// one read per run, of the types named, through the provider and its key.

import { UserError, type Diagnostic } from "../model/diagnostics.js";
import type { DesiredAccount, DesiredAssetShare } from "../model/desired.js";
import { LibraryUnavailableError, type Library } from "../model/library.js";
import type { AssetType } from "../model/plan.gen.js";
import type { Provider } from "../model/provider.js";

/** The types the spec names by name, in the order first named; empty when it gives only ids. */
export function namedTypes(desired: DesiredAccount): AssetType[] {
  return [...new Set(desired.assetShares.filter((s) => s.name !== null && s.id === null).map((s) => s.type))];
}

function label(s: DesiredAssetShare): string {
  const at = s.nameSource ?? s.source;
  return `${s.type} "${s.name}" (${at.file}:${at.line}:${at.col})`;
}

/**
 * The library items of the types the spec names, or undefined when it names none (nothing is
 * read). A server without a list for a type is an error at the first share that names one,
 * naming every such share, not a failure of the whole API.
 */
export async function readLibrary(desired: DesiredAccount, provider: Provider): Promise<Library | undefined> {
  const types = namedTypes(desired);
  if (types.length === 0) return undefined;
  const named = (type: AssetType): DesiredAssetShare[] => {
    const seen = new Set<unknown>();
    return desired.assetShares.filter((s) => s.type === type && s.id === null && !seen.has(s.nameSource) && seen.add(s.nameSource));
  };
  if (!provider.library) {
    const first = named(types[0]!)[0]!;
    throw new UserError(unavailable(first, `the ${provider.name} provider cannot list the library`, types.flatMap(named)));
  }
  try {
    return await provider.library(types);
  } catch (e) {
    if (!(e instanceof LibraryUnavailableError)) throw e;
    const shares = named(e.assetType);
    throw new UserError(unavailable(shares[0]!, `the API has no list of ${e.assetType}s: ${e.request} answered HTTP ${e.status}`, shares));
  }
}

function unavailable(first: DesiredAssetShare, why: string, shares: DesiredAssetShare[]): Diagnostic {
  const more = shares.length > 1 ? `; also named: ${shares.slice(1).map(label).join(", ")}` : "";
  return {
    severity: "error",
    code: "library-unavailable",
    message: `asset share ${first.type} "${first.name}" names its item, and ${why}, so the name cannot be resolved${more}`,
    hint: "give the item's `id:` instead of `name:` (`hgw export` writes ids); ids are checked against the account's own asset list",
    source: first.nameSource ?? first.source,
  };
}
