// Drives the real `@pulumi/pulumi` dynamic-provider host over gRPC the way the engine does,
// without the Pulumi CLI: start `cmd/dynamic-provider/index.js` as a child process in a
// project directory, read its port from the first stdout line, and call ResourceProvider.
// gRPC, protobuf and the stubs are loaded from @pulumi/pulumi's own folder so the message
// classes are the ones the host serializes with.

import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
/** How the engine sends a value that is not known yet (during a preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf stubs have no useful types here */
type Msg = any;

export type Props = Record<string, unknown>;

export interface DiffAnswer {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface Host {
  pid: number;
  stderr: () => string;
  configure(): Promise<void>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(urn: string, id: string, olds: Props, news: Props, oldInputs: Props): Promise<DiffAnswer>;
  create(urn: string, props: Props): Promise<{ id: string; outs: Props }>;
  read(urn: string, id: string, props: Props, inputs: Props): Promise<{ id: string; outs: Props; inputs: Props | null }>;
  update(urn: string, id: string, olds: Props, news: Props, oldInputs: Props): Promise<Props>;
  delete(urn: string, id: string, props: Props, oldInputs: Props): Promise<void>;
  close(): Promise<void>;
}

/** Where @pulumi/pulumi lives, as seen from `fromDir` (the project directory). */
function pulumiDir(fromDir: string): string {
  const req = createRequire(join(fromDir, "noop.js"));
  return dirname(req.resolve("@pulumi/pulumi/package.json"));
}

/**
 * The engine keeps secrets as wrapped values and, for a provider that does not accept
 * secrets (the dynamic host answers acceptSecrets=false), sends them back unwrapped.
 */
export function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SECRET_SIG] === SECRET_VALUE) return unwrapSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}

export function isSecret(v: unknown): boolean {
  return !!v && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE;
}

export async function startHost(projectDir: string, env: Record<string, string> = {}): Promise<Host> {
  const dir = pulumiDir(projectDir);
  const req = createRequire(join(dir, "package.json"));
  const grpc = req("@grpc/grpc-js");
  const structpb = req("google-protobuf/google/protobuf/struct_pb");
  const pb = req("./proto/provider_pb");
  const stubs = req("./proto/provider_grpc_pb");

  const child: ChildProcess = spawn(process.execPath, [join(dir, "cmd/dynamic-provider/index.js"), "127.0.0.1:1"], {
    cwd: projectDir,
    env: {
      ...process.env,
      PULUMI_NODEJS_PROJECT: "hgw-test",
      PULUMI_PROJECT: "hgw-test",
      PULUMI_NODEJS_STACK: "dev",
      PULUMI_STACK: "dev",
      PULUMI_CONFIG: "{}",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", (line) => resolve(Number(line.trim())));
    child.once("exit", (code) => reject(new Error(`dynamic-provider host exited (${code}): ${err}`)));
  });
  const client = new stubs.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

  const struct = (o: Props): Msg => structpb.Struct.fromJavaScript(o);
  const call = <T>(method: string, request: Msg): Promise<T> =>
    new Promise((resolve, reject) =>
      client[method](request, (e: Error | null, r: T) => (e ? reject(new Error(`${method}: ${e.message}`)) : resolve(r))),
    );
  const toJs = (s: Msg): Props => (s ? (s.toJavaScript() as Props) : {});

  return {
    pid: child.pid!,
    stderr: () => err,
    async configure() {
      const r = new pb.ConfigureRequest();
      r.setArgs(struct({}));
      r.setAcceptsecrets(true);
      r.setAcceptresources(true);
      const resp = await call<Msg>("configure", r);
      if (resp.getAcceptsecrets()) throw new Error("the dynamic host is expected to refuse secrets");
    },
    async check(urn, olds, news) {
      const r = new pb.CheckRequest();
      r.setUrn(urn);
      r.setOlds(struct(olds));
      r.setNews(struct(news));
      const resp = await call<Msg>("check", r);
      return {
        inputs: toJs(resp.getInputs()),
        failures: resp.getFailuresList().map((f: Msg) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(urn, id, olds, news, oldInputs) {
      const r = new pb.DiffRequest();
      r.setUrn(urn);
      r.setId(id);
      r.setOlds(struct(unwrapSecrets(olds) as Props));
      r.setNews(struct(news));
      r.setOldInputs(struct(oldInputs));
      const resp = await call<Msg>("diff", r);
      const C = pb.DiffResponse.DiffChanges;
      const c = resp.getChanges();
      return {
        changes: c === C.DIFF_NONE ? "none" : c === C.DIFF_SOME ? "some" : "unknown",
        replaces: resp.getReplacesList(),
        deleteBeforeReplace: resp.getDeletebeforereplace(),
      };
    },
    async create(urn, props) {
      const r = new pb.CreateRequest();
      r.setUrn(urn);
      r.setProperties(struct(props));
      const resp = await call<Msg>("create", r);
      return { id: resp.getId(), outs: toJs(resp.getProperties()) };
    },
    async read(urn, id, props, inputs) {
      const r = new pb.ReadRequest();
      r.setUrn(urn);
      r.setId(id);
      r.setProperties(struct(unwrapSecrets(props) as Props));
      r.setInputs(struct(inputs));
      const resp = await call<Msg>("read", r);
      return { id: resp.getId(), outs: toJs(resp.getProperties()), inputs: resp.getInputs() ? toJs(resp.getInputs()) : null };
    },
    async update(urn, id, olds, news, oldInputs) {
      const r = new pb.UpdateRequest();
      r.setUrn(urn);
      r.setId(id);
      r.setOlds(struct(unwrapSecrets(olds) as Props));
      r.setNews(struct(news));
      r.setOldInputs(struct(oldInputs));
      const resp = await call<Msg>("update", r);
      return toJs(resp.getProperties());
    },
    async delete(urn, id, props, oldInputs) {
      const r = new pb.DeleteRequest();
      r.setUrn(urn);
      r.setId(id);
      r.setProperties(struct(unwrapSecrets(props) as Props));
      r.setOldInputs(struct(oldInputs));
      await call<Msg>("delete", r);
    },
    async close() {
      client.close();
      if (child.exitCode === null && child.pid) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        process.kill(child.pid, "SIGTERM");
        await exited;
      }
    },
  };
}
