// A member as the spec lists it. Where it was written is worked out only when something asks
// (a change, a warning or an error about that person): a 100k-member spec made 100k location
// objects at every load, and looked up 100k lines, for the few that a plan ever shows.
// What the members of one list share (how to place them, whether they come from
// `defaults.members`) is kept once, in their origin: a member is five fields, which at a
// million members is a quarter less memory than eight.

import type { SourceLocation } from "../model/diagnostics.js";
import type { DesiredMember } from "../model/desired.js";
import type { Role } from "../model/plan.gen.js";
import type { AnyPos, Locator } from "./positions.js";

/** Shared by the members of a spec that come from one kind of list (own, or `defaults.members`). */
export class MemberOrigin {
  /** The locations asked for so far, so that a member's `source` is the same object each time. */
  private readonly placed = new Map<AnyPos, SourceLocation>();

  constructor(
    private readonly loc: Locator,
    private readonly fallback: SourceLocation,
    readonly fromDefaults: boolean,
  ) {}

  place(pos: AnyPos | undefined): SourceLocation {
    if (pos === undefined) return this.fallback;
    let at = this.placed.get(pos);
    if (at === undefined) {
      at = this.loc.place(pos) ?? this.fallback;
      this.placed.set(pos, at);
    }
    return at;
  }
}

export class SpecMember implements DesiredMember {
  readonly #origin: MemberOrigin;
  readonly #pos: AnyPos | undefined;

  constructor(
    readonly email: string,
    readonly role: Role,
    readonly expires: string | null,
    origin: MemberOrigin,
    pos: AnyPos | undefined,
  ) {
    this.#origin = origin;
    this.#pos = pos;
  }

  get fromDefaults(): boolean {
    return this.#origin.fromDefaults;
  }

  /** The entry's own line and column (the same object each time it is asked for). */
  get source(): SourceLocation {
    return this.#origin.place(this.#pos);
  }
}
