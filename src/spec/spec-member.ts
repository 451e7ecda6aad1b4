// A member as the spec lists it. Where it was written is worked out only when something asks
// (a change, a warning or an error about that person): a 100k-member spec made 100k location
// objects at every load, and looked up 100k lines, for the few that a plan ever shows.

import type { SourceLocation } from "../model/diagnostics.js";
import type { DesiredMember } from "../model/desired.js";
import type { Role } from "../model/plan.gen.js";
import type { AnyPos, Locator } from "./positions.js";

export class SpecMember implements DesiredMember {
  readonly #loc: Locator;
  readonly #pos: AnyPos | undefined;
  readonly #fallback: SourceLocation;
  #source: SourceLocation | undefined;

  constructor(
    readonly email: string,
    readonly role: Role,
    readonly fromDefaults: boolean,
    readonly expires: string | null,
    loc: Locator,
    pos: AnyPos | undefined,
    fallback: SourceLocation,
  ) {
    this.#loc = loc;
    this.#pos = pos;
    this.#fallback = fallback;
  }

  /** The entry's own line and column (the same object each time it is asked for). */
  get source(): SourceLocation {
    return (this.#source ??= this.#loc.place(this.#pos) ?? this.#fallback);
  }
}
