// The contract document itself: it passes Redocly's OpenAPI linter (recommended rules), and
// the emulator serves every operation it describes and nothing it does not.

import { describe, expect, it } from "vitest";
import { lint, loadConfig } from "@redocly/openapi-core";
import { CONTRACT_PATH, loadContract } from "../../src/contract/openapi.js";
import { startEmulator } from "../../src/emulator/server.js";
import { seededAccount } from "./fixture.js";

describe("schema/admin-api.openapi.yaml", () => {
  it("passes the Redocly OpenAPI linter without errors or warnings", async () => {
    const config = await loadConfig({});
    const problems = await lint({ ref: CONTRACT_PATH, config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  it("has schemas that reject what the contract forbids", () => {
    const c = loadContract();
    expect(c.checkRequest("POST", "/v3/workspaces/ws_1/members", { email: "a@b.co", role: "owner" })).not.toEqual([]);
    expect(c.checkRequest("POST", "/v3/workspaces/ws_1/members", { email: "a@b.co", role: "viewer" })).toEqual([]);
    expect(c.checkResponse("GET", "/v3/members", 200, { data: [], has_more: false })).not.toEqual([]);
    expect(c.checkResponse("GET", "/v3/members", 200, { data: [], has_more: false, next_token: null })).toEqual([]);
    expect(c.checkResponse("GET", "/v3/members", 429, { error: { code: "rate_limit_exceeded", message: "x", param: null } })).toEqual([]);
  });

  it("is served whole by the emulator", async () => {
    const contract = loadContract();
    const emu = await startEmulator({ initialState: seededAccount(), adminKey: "hgw_sa_contract" });
    try {
      const missing: string[] = [];
      for (const op of contract.operations) {
        const path = op.template.replace(/:[a-z_]+/g, "x");
        const res = await fetch(`${emu.url}${path}`, {
          method: op.method,
          headers: { "x-api-key": emu.adminKey, "idempotency-key": `k-${op.method}-${path}` },
        });
        const body = (await res.json()) as { error?: { message: string } };
        if (res.status === 404 && body.error?.message.startsWith("no route")) missing.push(`${op.method} ${op.template}`);
        const errors = contract.checkResponse(op.method, path, res.status, body);
        if (errors.length) missing.push(`${op.method} ${op.template} ${res.status}: ${errors.join("; ")}`);
      }
      expect(missing).toEqual([]);
      const unknown = await fetch(`${emu.url}/v3/nothing-here`, { headers: { "x-api-key": emu.adminKey } });
      expect(unknown.status).toBe(404);
    } finally {
      await emu.close();
    }
  });
});
