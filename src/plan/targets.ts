// `--target`: a typo must not read as "No changes". Every target has to name something the
// plan could name (a change, or a resource in the spec or the account); one that names nothing
// is an error with the nearest address. A targeted plan says that it is partial.

import { address, targetMatches } from "../model/address.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { DesiredAccount } from "../model/desired.js";
import type { AccountState } from "../model/state.js";
import { pathOf } from "../domain/account-index.js";
import { didYouMean } from "../spec/did-you-mean.js";
import type { AddressContext, Matching } from "../kinds/context.js";
import { KIND_LIST } from "../kinds/index.js";

/** What planning found before targeting: its changes, what it left alone, and the matching. */
export interface Planned {
  drafts: readonly { address: string }[];
  unmanaged: readonly { address: string }[];
  matching: Matching;
}

export function targetingWarning(targets: string[]): Diagnostic {
  return {
    severity: "warning",
    code: "targeting",
    message: `resource targeting is in effect: this plan covers only ${targets.join(", ")} and what they need; changes the spec asks for elsewhere are left out`,
    hint: "target for exceptional cases (recovering from a mistake, working around a limit); run `hgw plan` without --target to see every change",
  };
}

/** Every address the plan could name: its changes, and what each kind names in the spec and the account. */
function knownAddresses(d: Planned, desired: DesiredAccount, state: AccountState): Set<string> {
  const { matching } = d;
  const known = new Set<string>([address.workspace()]);
  for (const c of d.drafts) known.add(c.address);
  for (const u of d.unmanaged) known.add(u.address);
  // Account workspaces by the path the plan gives them: the spec's after a rename.
  const pathById = new Map<string, string>();
  for (const w of state.workspaces) pathById.set(w.id, matching.byStateId.get(w.id)?.desired.path ?? pathOf(matching.idx, w));
  const workspacePaths = new Set([...pathById.values(), ...desired.workspaces.map((w) => w.path)]);
  const ctx: AddressContext = { desired, state, pathOf: (id) => pathById.get(id), workspacePaths };
  for (const kind of KIND_LIST) for (const a of kind.addresses(ctx)) known.add(a);
  return known;
}

export function checkTargets(targets: string[], d: Planned, desired: DesiredAccount, state: AccountState): Diagnostic[] {
  let known: Set<string> | null = null;
  const out: Diagnostic[] = [];
  for (const t of targets) {
    // The common case, a target that names a planned change, needs no index of the account.
    if (d.drafts.some((c) => targetMatches(t, c.address))) continue;
    known ??= knownAddresses(d, desired, state);
    if ([...known].some((a) => targetMatches(t, a))) continue;
    const kind = /^[a-z_]+/.exec(t)?.[0] ?? "";
    const sameKind = [...known].filter((a) => a.startsWith(`${kind}[`) || a === kind);
    const near = didYouMean(t, sameKind) ?? didYouMean(t, known);
    out.push({
      severity: "error",
      code: "unknown-target",
      message: `--target ${t} matches nothing in the spec or the account`,
      hint: near
        ? `did you mean ${near}?`
        : "addresses look like subworkspace[client-a], member[client-a](alice@client-a.example), allocation[client-a]; `hgw plan` prints the addresses of every change",
      address: t,
    });
  }
  return out;
}
