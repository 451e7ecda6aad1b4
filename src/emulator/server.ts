// `hgw emulator`: a real HTTP server (fastify) that serves schema/admin-api.openapi.yaml over
// an account held in memory and saved to a state file, with every domain rule enforced by
// the domain core, the caller's key checked for its role, and optional latency, a rate
// limit and injected faults.

import { randomBytes } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import type { AccountState } from "../model/state.js";
import { loadContract } from "../contract/openapi.js";
import { FaultInjector, RateLimiter, type Fault } from "./faults.js";
import { HttpError } from "../contract/errors.js";
import { KeyRing, keysFileFor, loadKeys, newSecret, type Principal } from "./keys.js";
import { IdempotencyStore } from "./idempotency.js";
import { registerRoutes, type RequestContext } from "./routes/index.js";
import { openAccountStore, type AccountStore } from "./store.js";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** The account file; null keeps the account in memory only. */
  stateFile?: string | null;
  /** A starting account when the state file does not exist yet. */
  initialState?: AccountState;
  latencyMs?: number;
  /** Requests per second; 0 = unlimited. */
  rateLimit?: number;
  /** Share of requests that meet an injected fault, 0..1. */
  faultRate?: number;
  seed?: number;
  /** The super admin key; default HEYGEN_API_KEY, else a generated one. */
  adminKey?: string;
  /** One line per request, never with a key in it. */
  log?: (line: string) => void;
  /** Called with every request and response the server handles (contract tests). */
  onExchange?: (x: Exchange) => void;
  now?: () => Date;
}

export interface Exchange {
  method: string;
  url: string;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface RunningEmulator {
  url: string;
  adminKey: string;
  /** True when the admin key was generated here (the CLI prints it once). */
  adminKeyGenerated: boolean;
  close(): Promise<void>;
  /** The account as it is now (tests). */
  state(): AccountState;
  /** Injected faults by kind, e.g. `drop after`, `500 before`, `burst429`. */
  faultStats(): Record<string, number>;
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
    fault: Fault;
    started: number;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The log names the path only: a query may carry what a log should not keep. */
const pathOnly = (url: string): string => url.replace(/[?#].*$/s, "");

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const contract = loadContract();
  const store = await openAccountStore(opts.stateFile ?? null, opts.initialState);
  const keysFile = opts.stateFile ? keysFileFor(opts.stateFile) : null;
  const keys = new KeyRing(await loadKeys(keysFile));
  const envKey = process.env.HEYGEN_API_KEY;
  const adminKey = opts.adminKey ?? (envKey && envKey.length > 0 ? envKey : newSecret("hgw_sa"));
  const adminKeyGenerated = opts.adminKey === undefined && !(envKey && envKey.length > 0);
  keys.addEphemeral(adminKey, "super_admin", "key_super_admin");
  const faults = new FaultInjector(opts.faultRate ?? 0, opts.seed ?? 1);
  const limiter = opts.rateLimit && opts.rateLimit > 0 ? new RateLimiter(opts.rateLimit) : null;
  const log = opts.log ?? (() => {});
  const stats: Record<string, number> = {};
  const ctx: RequestContext = {
    store,
    keys,
    idempotency: new IdempotencyStore(),
    now: opts.now ?? (() => new Date()),
  };

  const app = Fastify({
    logger: false,
    genReqId: () => `req_${randomBytes(8).toString("hex")}`,
    // 1000-item pages of members fit well below this.
    bodyLimit: 1024 * 1024,
  });
  app.decorateRequest("principal", null);

  const fail = (reply: FastifyReply, err: HttpError): FastifyReply => reply.code(err.status).send(err.body());

  app.addHook("onRequest", async (req, reply) => {
    req.started = Date.now();
    req.fault = { kind: "none" };
    reply.header("x-request-id", req.id);
    if (opts.latencyMs) await sleep(opts.latencyMs);
    if (limiter) {
      const wait = limiter.take();
      if (wait !== null) {
        reply.header("retry-after", String(wait));
        return fail(reply, new HttpError(429, "rate_limit_exceeded", "too many requests"));
      }
    }
    if (faults.burstLeft > 0) {
      faults.burstLeft--;
      reply.header("retry-after", "1");
      return fail(reply, new HttpError(429, "rate_limit_exceeded", "too many requests (injected burst)"));
    }
    const header = req.headers["x-api-key"];
    req.principal = keys.identify(typeof header === "string" ? header : undefined, store.state);
    if (!req.principal) {
      return fail(reply, new HttpError(401, "unauthorized", "missing or unknown X-Api-Key"));
    }
    const fault = faults.draw();
    if (fault.kind !== "none") {
      const when = "when" in fault && req.method !== "GET" ? ` ${fault.when}` : "";
      const what = fault.kind === "error" ? `${fault.status}` : fault.kind;
      stats[what + when] = (stats[what + when] ?? 0) + 1;
      log(`${req.id} fault ${what}${when} ${req.method} ${pathOnly(req.url)}`);
    }
    switch (fault.kind) {
      case "burst429":
        reply.header("retry-after", "1");
        return fail(reply, new HttpError(429, "rate_limit_exceeded", "too many requests (injected burst)"));
      case "slow":
        await sleep(fault.ms);
        return;
      case "error":
        if (fault.when === "before" || req.method === "GET") {
          return fail(reply, new HttpError(fault.status, "internal_error", "injected fault"));
        }
        req.fault = fault;
        return;
      case "drop":
        if (fault.when === "before" || req.method === "GET") {
          req.raw.socket.destroy();
          return reply.hijack();
        }
        req.fault = fault;
        return;
      case "none":
        return;
    }
  });

  app.addHook("preValidation", async (req, reply) => {
    const hasBody = req.method === "POST" || req.method === "PUT" || req.method === "PATCH";
    const errors = hasBody ? contract.checkRequest(req.method, req.url, req.body) : [];
    if (errors.length > 0) {
      return fail(reply, new HttpError(400, "validation_error", `invalid body: ${errors.slice(0, 3).join("; ")}`));
    }
  });

  // A fault "after": the write is committed, then the answer is lost.
  app.addHook("onSend", async (req, reply, payload) => {
    const f = req.fault;
    if (f.kind === "error" && reply.statusCode < 300) {
      reply.code(f.status);
      return JSON.stringify(new HttpError(f.status, "internal_error", "injected fault after commit").body());
    }
    if (f.kind === "drop" && reply.statusCode < 300) {
      req.raw.socket.destroy();
    }
    return payload;
  });

  app.addHook("onResponse", async (req, reply) => {
    const who = req.principal ? req.principal.keyId : "-";
    log(`${req.id} ${req.method} ${pathOnly(req.url)} ${reply.statusCode} ${Date.now() - req.started}ms key=${who}`);
  });

  if (opts.onExchange) {
    const hook = opts.onExchange;
    app.addHook("onSend", async (req, reply, payload) => {
      let responseBody: unknown = null;
      try {
        responseBody = typeof payload === "string" && payload !== "" ? JSON.parse(payload) : null;
      } catch {
        responseBody = payload;
      }
      hook({
        method: req.method,
        url: req.url,
        status: reply.statusCode,
        requestBody: req.body,
        responseBody,
        headers: reply.getHeaders() as Exchange["headers"],
      });
      return payload;
    });
  }

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
    if (error instanceof HttpError) return fail(reply, error);
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) log(`${req.id} internal error: ${error.message}`);
    const code = status === 404 ? "not_found" : status < 500 ? "validation_error" : "internal_error";
    return fail(reply, new HttpError(status, code, status === 500 ? "internal error" : error.message));
  });
  app.setNotFoundHandler((req, reply) =>
    fail(reply, new HttpError(404, "not_found", `no route ${req.method} ${req.url.split("?")[0]}`)),
  );

  registerRoutes(app, ctx);

  const address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  return {
    url: address,
    adminKey,
    adminKeyGenerated,
    state: () => store.state,
    faultStats: () => ({ ...stats }),
    async close() {
      await app.close();
      await store.flush();
    },
  };
}

export type { FastifyReply, FastifyRequest };
