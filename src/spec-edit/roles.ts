// The roles a member may have, as the schema lists them; small enough to load when the CLI
// registers its commands (for `--role`'s choices and completion).

import type { Role } from "../spec/types.gen.js";

export const ROLES = ["super_admin", "developer", "creator", "viewer"] as const satisfies readonly Role[];

// Fails to compile when the schema gains a role that ROLES lacks.
const everyRole: Record<Role, (typeof ROLES)[number]> = { super_admin: "super_admin", developer: "developer", creator: "creator", viewer: "viewer" };
void everyRole;

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
