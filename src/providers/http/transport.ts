// How one HTTP attempt travels: Node's own http/https with keep-alive agents (the default), or
// a fetch-like function (tests record or script exchanges with one). Node's http is used
// rather than the global fetch because an abort reaches the socket for certain: fetch's
// request follows the caller's signal through a weak reference that garbage collection can
// cut (Node 20), leaving a request to a hung server open long after its timeout; and a
// client that closes must leave no socket behind to keep the process alive.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface Attempt {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Aborting it destroys the request and its socket. */
  signal: AbortSignal;
}

export interface Answer {
  status: number;
  statusText: string;
  header(name: string): string | null;
  text: string;
}

export interface Transport {
  send(url: string, a: Attempt): Promise<Answer>;
  /** Closes every socket the transport holds. */
  close(): void;
}

export function fetchTransport(fetchImpl: FetchLike): Transport {
  return {
    async send(url, a) {
      const r = await fetchImpl(url, { method: a.method, headers: a.headers, body: a.body, signal: a.signal });
      const text = await r.text();
      return { status: r.status, statusText: r.statusText, header: (n) => r.headers.get(n), text };
    },
    close: () => undefined,
  };
}

export function nodeTransport(maxSockets: number): Transport {
  const agents = {
    "http:": new HttpAgent({ keepAlive: true, maxSockets }),
    "https:": new HttpsAgent({ keepAlive: true, maxSockets }),
  };
  return {
    send(url, a) {
      return new Promise<Answer>((resolve, reject) => {
        if (a.signal.aborted) return reject(a.signal.reason);
        const u = new URL(url);
        const https = u.protocol === "https:";
        const headers: Record<string, string | number> = { ...a.headers };
        if (a.body !== undefined) headers["content-length"] = Buffer.byteLength(a.body);
        const req = (https ? httpsRequest : httpRequest)(u, { method: a.method, headers, agent: agents[https ? "https:" : "http:"] });
        const onAbort = (): void => {
          req.destroy(a.signal.reason instanceof Error ? a.signal.reason : new Error("aborted"));
        };
        a.signal.addEventListener("abort", onAbort, { once: true });
        const done = (): void => a.signal.removeEventListener("abort", onAbort);
        req.on("error", (e) => {
          done();
          reject(a.signal.aborted ? a.signal.reason : e);
        });
        req.on("response", (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (e) => {
            done();
            reject(a.signal.aborted ? a.signal.reason : e);
          });
          res.on("close", () => {
            // Closed before its end: the connection was lost mid-answer.
            if (res.complete) return;
            done();
            reject(a.signal.aborted ? a.signal.reason : Object.assign(new Error("connection lost mid-answer"), { code: "ECONNRESET" }));
          });
          res.on("end", () => {
            done();
            resolve({
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? "",
              header: (n) => {
                const v = res.headers[n.toLowerCase()];
                return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
              },
              text: Buffer.concat(chunks).toString("utf8"),
            });
          });
        });
        req.end(a.body);
      });
    },
    close() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}
