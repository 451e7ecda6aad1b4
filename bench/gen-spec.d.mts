/** YAML text of a valid spec with N parent-billed sub-workspaces of M members each (deterministic). */
export function generateSpec(opts?: { subWorkspaces?: number; membersPerWorkspace?: number }): string;
