export type SpecStyle = "block" | "flow";
/** YAML text of a valid spec with N parent-billed sub-workspaces of M members each (deterministic). */
export function generateSpec(opts?: { subWorkspaces?: number; membersPerWorkspace?: number; style?: SpecStyle }): string;
/** The same spec as a root that includes `clients/*.yaml`, one fragment per `perFragment` sub-workspaces. */
export function generateSplitSpec(opts?: {
  subWorkspaces?: number;
  membersPerWorkspace?: number;
  style?: SpecStyle;
  perFragment?: number;
}): { root: string; fragments: Record<string, string> };
export function workspaceName(w: number, subWorkspaces: number): string;
