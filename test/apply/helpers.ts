import type { AccountState } from "../../src/model/state.js";
import { fingerprintState } from "../../src/model/fingerprint.js";
import type { Change, Plan } from "../../src/plan/types.js";
import { PLAN_FORMAT_VERSION } from "../../src/plan/types.js";

export function planOf(state: AccountState, changes: Omit<Change, "seq" | "reason" | "source">[]): Plan {
  const full: Change[] = changes.map((c, i) => ({ ...c, seq: i + 1, reason: "test", source: null }));
  const summary = { create: 0, update: 0, delete: 0, replace: 0, approve: 0, deny: 0 };
  for (const c of full) if (c.action !== "noop") summary[c.action]++;
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    specDigest: "sha256:test",
    specFiles: [],
    options: { targets: [], allowDelete: false, maxRemovalShare: null },
    stateFingerprint: fingerprintState(state),
    provider: "test",
    createdAt: "2026-03-01T12:00:00.000Z",
    changes: full,
    unmanaged: [],
    warnings: [],
    summary,
  };
}

export const invite = (path: string, email: string, role = "creator", dependsOn: string[] = []): Omit<Change, "seq" | "reason" | "source"> => ({
  address: `member[${path || "workspace"}](${email})`,
  kind: "member",
  action: "create",
  before: null,
  after: { workspacePath: path, workspaceId: null, email, role, status: "invited" },
  dependsOn,
});

export const removeMember = (path: string, email: string, role = "creator"): Omit<Change, "seq" | "reason" | "source"> => ({
  address: `member[${path || "workspace"}](${email})`,
  kind: "member",
  action: "delete",
  before: { workspacePath: path, workspaceId: null, email, role, status: "active" },
  after: null,
  dependsOn: [],
});
