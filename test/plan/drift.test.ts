// Drift reports: unauthorized apart from expected, and never two verdicts at once.

import { describe, expect, it } from "vitest";
import { defaultAccount } from "../../src/domain/index.js";
import { classifyDrift } from "../../src/plan/drift.js";
import { tryPlan } from "../../src/plan/plan.js";
import { renderDriftMarkdown, renderDriftText } from "../../src/plan/render/drift.js";
import { loadSpecObject } from "../../src/spec/index.js";

const now = "2026-11-25T00:00:00.000Z";
const spec = {
  version: 1,
  workspace: { name: "Acme Agency", members: [{ email: "ops@acme.example", role: "super_admin" }, { email: "legacy@acme.example", role: "creator" }] },
  subWorkspaces: [{ name: "client-a", allocation: { seats: 3, avatarSlots: 1, generativeCredits: 2000 }, members: [{ email: "reviewer@client-a.example", role: "viewer" }] }],
};

function report(mutate: (s: ReturnType<typeof defaultAccount>) => void) {
  const state = defaultAccount(now);
  mutate(state);
  const plan = tryPlan(loadSpecObject(spec).desired!, state, { now }).plan!;
  return { plan, drift: classifyDrift(plan) };
}

describe("drift", () => {
  it("a matching account has none", () => {
    const { plan, drift } = report(() => {});
    expect(drift).toEqual({ items: [], unauthorized: 0, expected: 0, upcoming: [] });
    expect(renderDriftText(plan, drift, { color: false })).toBe("No drift. The account matches the spec.\n");
  });

  it("a request left waiting is expected drift, and the report does not also say 'No drift'", () => {
    const { plan, drift } = report((s) => s.joinRequests.push({ id: "jr_1", workspaceId: "ws_client_a", email: "x@y.example", requestedAt: now }));
    expect(drift.unauthorized).toBe(0);
    expect(drift.expected).toBe(1);
    for (const out of [renderDriftText(plan, drift, { color: false }), renderDriftMarkdown(plan, drift)]) {
      expect(out).toMatch(/0 unauthorized, 1 expected/);
      expect(out).toContain("join_request[client-a](x@y.example)");
      expect(out).not.toMatch(/No drift/);
    }
  });

  it("a member added outside the spec is unauthorized, with the change that undoes it", () => {
    const { plan, drift } = report((s) =>
      s.members.push({ workspaceId: "ws_client_a", email: "intruder@client-a.example", role: "creator", status: "active", invitedAt: null, expiresAt: null }),
    );
    expect(drift.items).toEqual([expect.objectContaining({ address: "member[client-a](intruder@client-a.example)", kind: "unauthorized" })]);
    expect(renderDriftText(plan, drift, { color: false })).toMatch(/- member\[client-a\]\(intruder@client-a\.example\)/);
  });
});
