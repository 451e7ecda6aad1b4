// A purpose-made HTTP server on 127.0.0.1 for the answers a real API gives when things go
// wrong (401, 403, 5xx, 429, a page that is not JSON, no answer at all), and a TCP proxy that
// counts the requests passing through it. Both close every socket they hold when stopped.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, connect, type Socket } from "node:net";

export interface TinyServer {
  url: string;
  /** Requests seen, as "METHOD /path". */
  requests: string[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export async function startTinyServer(handler: Handler): Promise<TinyServer> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${(req.url ?? "").split("?")[0]}`);
    handler(req, res);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Answers `status` with a contract-shaped error body (and any extra headers). */
export function answer(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_tiny_${status}`, ...headers });
  res.end(JSON.stringify({ error: { code, message, param: null } }));
}

export interface CountingProxy {
  url: string;
  /** HTTP requests that reached the proxy (counted by request line). */
  requests(): number;
  /** Point new connections elsewhere (a restarted server). */
  retarget(port: number): void;
  close(): Promise<void>;
}

/**
 * Forwards TCP to 127.0.0.1:`port`, counting request lines on the way. When the target is
 * gone, a connection that arrives is counted once and then reset, as a client meets an API
 * that disappeared.
 */
export async function startCountingProxy(port: number, onRequest?: (n: number, method: string) => void): Promise<CountingProxy> {
  let target = port;
  let count = 0;
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => undefined);
  };
  const server = createTcpServer((client) => {
    track(client);
    const upstream = connect(target, "127.0.0.1");
    track(upstream);
    let seen = false;
    let gone = false;
    client.on("data", (d: Buffer) => {
      seen = true;
      for (const m of d.toString("latin1").matchAll(/^(GET|POST|PUT|PATCH|DELETE) \S+ HTTP\/1\.1/gm)) {
        count++;
        onRequest?.(count, m[1]!);
      }
      if (gone) client.destroy();
    });
    client.pipe(upstream);
    upstream.pipe(client);
    // A target that is gone: let the request arrive (and be counted), then reset.
    const drop = (): void => {
      gone = true;
      if (seen) client.destroy();
    };
    upstream.on("error", drop);
    upstream.on("close", drop);
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port: own } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${own}`,
    requests: () => count,
    retarget: (p) => (target = p),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
