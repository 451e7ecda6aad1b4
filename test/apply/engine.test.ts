import { describe, expect, it } from "vitest";
import { applyPlan, type ApplyEvent } from "../../src/apply/engine.js";
import { defaultAccount } from "../../src/domain/index.js";
import type { AccountState } from "../../src/model/state.js";
import { UserError } from "../../src/model/diagnostics.js";
import type { Change } from "../../src/plan/types.js";
import type { ExecuteContext, ExecuteResult, Provider } from "../../src/model/provider.js";
import { planOf } from "./helpers.js";

/** A fake provider: each change waits for the test to finish it, so ordering is observable. */
class FakeProvider implements Provider {
  readonly name = "fake";
  readonly capabilities = { concurrent: true };
  state: AccountState = defaultAccount("2026-03-01T12:00:00.000Z");
  log: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  locked: string[] = [];
  failOn = new Set<string>();
  results = new Map<string, ExecuteResult>();
  seenCtx: ExecuteContext[] = [];
  async read(): Promise<AccountState> {
    return this.state;
  }
  async execute(c: Change, ctx: ExecuteContext): Promise<ExecuteResult> {
    this.seenCtx.push(ctx);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.log.push(`start ${c.address}`);
    await new Promise((r) => setTimeout(r, 5));
    this.inFlight--;
    this.log.push(`end ${c.address}`);
    if (this.failOn.has(c.address)) throw new Error(`boom at ${c.address}`);
    return this.results.get(c.address) ?? {};
  }
  async lock(holder: string): Promise<() => Promise<void>> {
    this.locked.push(`lock ${holder}`);
    return async () => void this.locked.push("unlock");
  }
}

const ch = (address: string, dependsOn: string[] = []): Omit<Change, "seq" | "reason" | "source"> => ({
  address,
  kind: "member",
  action: "create",
  before: null,
  after: { workspacePath: "", workspaceId: null },
  dependsOn,
});

describe("applyPlan with a fake provider", () => {
  it("starts a change only after its dependencies and keeps parallelism", async () => {
    const p = new FakeProvider();
    const plan = planOf(p.state, [ch("a"), ch("b"), ch("c", ["a"]), ch("d", ["c", "b"]), ch("e"), ch("f")]);
    const report = await applyPlan(plan, p, { parallelism: 2, holder: "t" });
    expect(report.failed).toEqual([]);
    expect(report.applied.sort()).toEqual(["a", "b", "c", "d", "e", "f"]);
    const at = (s: string) => p.log.indexOf(s);
    expect(at("start c")).toBeGreaterThan(at("end a"));
    expect(at("start d")).toBeGreaterThan(at("end c"));
    expect(at("start d")).toBeGreaterThan(at("end b"));
    expect(p.maxInFlight).toBe(2);
    expect(p.locked).toEqual(["lock t", "unlock"]);
    // Independent changes start in plan order.
    expect(p.log.filter((l) => l.startsWith("start")).slice(0, 2)).toEqual(["start a", "start b"]);
  });

  it("runs one at a time for a provider that is not concurrent", async () => {
    const p = new FakeProvider();
    (p as { capabilities: { concurrent: boolean } }).capabilities = { concurrent: false };
    await applyPlan(planOf(p.state, [ch("a"), ch("b"), ch("c")]), p, { parallelism: 8 });
    expect(p.maxInFlight).toBe(1);
  });

  it("on a failure lets independent branches finish and skips dependants transitively", async () => {
    const p = new FakeProvider();
    p.failOn.add("a");
    const events: ApplyEvent[] = [];
    const plan = planOf(p.state, [ch("a"), ch("b", ["a"]), ch("c", ["b"]), ch("x"), ch("y", ["x"])]);
    const report = await applyPlan(plan, p, { onEvent: (e) => events.push(e) });
    expect(report.failed).toEqual([{ address: "a", error: "boom at a" }]);
    expect(report.skipped).toEqual([
      { address: "b", because: "a" },
      { address: "c", because: "a" },
    ]);
    expect(report.applied.sort()).toEqual(["x", "y"]);
    expect(p.log).not.toContain("start b");
    const end = events.at(-1)!;
    expect(end).toMatchObject({ type: "end", counts: { total: 5, applied: 2, failed: 1, skipped: 2, running: 0 } });
    expect(events.filter((e) => e.type === "started")).toHaveLength(3);
  });

  it("without a spec to plan again from, applies the plan whatever its fingerprint says", async () => {
    // The fingerprint is provenance: a live account always moves. What guards a saved plan is
    // planning again (recheck) and each write's precondition.
    const p = new FakeProvider();
    const plan = planOf(p.state, [ch("a")]);
    p.state = structuredClone(p.state);
    p.state.members.pop();
    const report = await applyPlan(plan, p);
    expect(report.applied).toEqual(["a"]);
    expect(report.done).toEqual([]);
  });

  it("fails before anything runs when secrets' variables are unset, naming every one", async () => {
    const p = new FakeProvider();
    const share = (address: string, env: string): Omit<Change, "seq" | "reason" | "source"> => ({
      ...ch(address),
      kind: "content_share",
      action: "update",
      after: { sharePage: { password: { env } } },
    });
    const plan = planOf(p.state, [share("content_share[video:vd_launch]", "HGW_TEST_UNSET_PW"), share("content_share[video:vd_two]", "HGW_TEST_UNSET_PW"), share("content_share[folder:fd_1]", "HGW_TEST_OTHER_PW")]);
    const e = await applyPlan(plan, p, {
      resolveSecret: (r) => {
        throw new UserError({ severity: "error", code: "secret-unset", message: `${r.env} is not set` });
      },
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    const ds = (e as UserError).diagnostics;
    expect(ds.map((d) => d.code)).toEqual(["secret-unset", "secret-unset"]);
    expect(ds[0]!.message).toBe("HGW_TEST_UNSET_PW is not set; needed by content_share[video:vd_launch], content_share[video:vd_two]; nothing was applied");
    expect(ds[1]!.message).toMatch(/^HGW_TEST_OTHER_PW is not set; needed by content_share\[folder:fd_1\]/);
    expect(p.log).toEqual([]);
    expect(p.locked).toEqual([]);
  });

  it("passes created workspace ids to later changes and collects API keys", async () => {
    const p = new FakeProvider();
    p.results.set("subworkspace[new]", { workspaceId: "ws_new" });
    p.results.set("apikey[new]", { apiKey: { workspacePath: "new", value: "hgw_sk_secret" } });
    const events: ApplyEvent[] = [];
    const plan = planOf(p.state, [
      { ...ch("subworkspace[new]"), kind: "subworkspace", after: { workspacePath: "new", workspaceId: null } },
      { ...ch("apikey[new]", ["subworkspace[new]"]), kind: "apikey" },
    ]);
    const report = await applyPlan(plan, p, { onEvent: (e) => events.push(e) });
    expect(p.seenCtx[1]!.workspaceIds.get("new")).toBe("ws_new");
    expect(report.apiKeys).toEqual([{ workspacePath: "new", value: "hgw_sk_secret" }]);
    expect(JSON.stringify(events)).not.toContain("hgw_sk_secret");
  });
});
