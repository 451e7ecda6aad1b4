// Carries out a plan through a provider: under the provider's lock, after planning again to
// check that its changes still hold (plan/recheck.ts), concurrently where dependsOn allows and
// never in another order. A failure lets independent branches finish and skips what depends
// on it, transitively.

import { UserError, type Diagnostic } from "../model/diagnostics.js";
import type { DesiredAccount } from "../model/desired.js";
import { asUserError, haltsApply } from "../model/world-errors.js";
import { recheckPlan, staleDiagnostics } from "../plan/recheck.js";
import type { Change, Plan } from "../plan/types.js";
import { handlerOf } from "../kinds/index.js";
import type { ExecuteContext, ExecuteResult, Provider, SecretResolver } from "../model/provider.js";
import { checkSharePasswords, envSecretResolver, secretRefs } from "./secrets.js";

export interface ChangeRef {
  seq: number;
  address: string;
  kind: Change["kind"];
  action: Change["action"];
}

export interface ApplyCounts {
  total: number;
  applied: number;
  failed: number;
  skipped: number;
  running: number;
}

export type ApplyEvent =
  | { type: "begin"; counts: ApplyCounts; parallelism: number }
  | { type: "started"; change: ChangeRef; counts: ApplyCounts }
  | { type: "finished"; change: ChangeRef; counts: ApplyCounts; durationMs: number }
  | { type: "failed"; change: ChangeRef; counts: ApplyCounts; error: string }
  | { type: "skipped"; change: ChangeRef; counts: ApplyCounts; because: string }
  | { type: "end"; counts: ApplyCounts; durationMs: number };

export interface ApplyReport {
  /** Addresses, in the order they finished. */
  applied: string[];
  failed: { address: string; error: string; code?: string }[];
  /** `because`: the address of the failed change it depended on (directly or not). */
  skipped: { address: string; because: string }[];
  /**
   * Why the apply stopped starting changes before the end (the key was refused, the API is
   * gone, the disk is full), or null; then `notAttempted` lists what was never started.
   */
  halted: Diagnostic | null;
  notAttempted: string[];
  /** New API keys: shown once; write them with writeApiKeys, never log them. */
  apiKeys: { workspacePath: string; value: string }[];
  /** Changes of the plan the account already held when it was checked; not carried out again. */
  done: string[];
  /** Changes planning gave at other addresses when the plan was checked (run `hgw plan`). */
  elsewhere: number;
  durationMs: number;
}

export interface ApplyOptions {
  /** Changes in flight at once; default 8 (1 when the provider is not concurrent). */
  parallelism?: number;
  onEvent?: (e: ApplyEvent) => void;
  /** Default: `{ env }` from process.env. */
  resolveSecret?: SecretResolver;
  /** Named to anyone who has to wait for the lock. */
  holder?: string;
  /**
   * The spec the plan was made from: under the lock, plan again with the plan's options and
   * apply only while its changes come out the same (refused otherwise, naming each address).
   * Without it the plan is applied as it is, each write still conditional on its `before`.
   */
  recheck?: { desired: DesiredAccount; now?: string };
  /**
   * Stores a new API key durably (resolves once it is safe). With it, each key is created
   * undelivered, stored, then confirmed to the account before its change counts as done:
   * a key whose apply stopped in between stays undelivered, and the next plan rotates it.
   * Without it, keys are delivered at once and only collected in the report.
   */
  deliverApiKey?: (key: DeliveredKey) => Promise<void>;
}

export interface DeliveredKey {
  workspacePath: string;
  value: string;
  keyId: string | null;
  /** The key this one replaces (a rotation), to drop it from where keys are kept. */
  replaces: string | null;
}

const ref = (c: Change): ChangeRef => ({ seq: c.seq, address: c.address, kind: c.kind, action: c.action });

function errorText(e: unknown): { error: string; code?: string } {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === "string" ? { error: e.message, code } : { error: e.message };
  }
  return { error: String(e) };
}

export async function applyPlan(plan: Plan, provider: Provider, opts: ApplyOptions = {}): Promise<ApplyReport> {
  const t0 = Date.now();
  const resolveSecret = opts.resolveSecret ?? envSecretResolver();
  // A missing secret should stop the apply before it starts, not halfway through; all of them
  // are named at once.
  const missing = missingSecrets(plan, resolveSecret);
  if (missing.length > 0) throw new UserError(missing);

  const release = provider.lock ? await provider.lock(opts.holder ?? `hgw apply (pid ${process.pid})`) : null;
  try {
    let toRun = plan;
    let done: string[] = [];
    let elsewhere = 0;
    if (opts.recheck) {
      const state = await provider.read();
      // Planned again as `hgw plan` plans: share-page passwords compared by the account.
      const passwordChecks = await checkSharePasswords(opts.recheck.desired, state, provider);
      const r = recheckPlan(plan, opts.recheck.desired, state, { now: opts.recheck.now, passwordChecks });
      if (r.differences.length > 0) throw new UserError(staleDiagnostics(r, plan));
      if (r.capacity.length > 0) {
        throw new UserError(
          r.capacity.map((d) => ({ ...d, message: `${d.message}; nothing was applied`, hint: `${d.hint ?? ""}${d.hint ? "; " : ""}the account no longer has the room this plan counted on: run \`hgw plan\` again` })),
        );
      }
      ({ plan: toRun, done, elsewhere } = r);
    }
    const report = await run(toRun, provider, opts, resolveSecret, t0);
    return { ...report, done, elsewhere };
  } finally {
    if (release) await release();
  }
}

function missingSecrets(plan: Plan, resolveSecret: SecretResolver): Diagnostic[] {
  const needs = new Map<string, { addresses: string[]; error: unknown }>();
  for (const r of secretRefs(plan.changes)) {
    const known = needs.get(r.env);
    if (known) {
      if (known.error !== null && !known.addresses.includes(r.address)) known.addresses.push(r.address);
      continue;
    }
    let error: unknown = null;
    try {
      resolveSecret({ env: r.env });
    } catch (e) {
      error = e;
    }
    needs.set(r.env, { addresses: [r.address], error });
  }
  const out: Diagnostic[] = [];
  for (const [env, { addresses, error }] of needs) {
    if (error === null) continue;
    const d = error instanceof UserError ? error.diagnostics[0] : undefined;
    out.push({
      severity: "error",
      code: d?.code ?? "secret-unset",
      message: `${d?.message ?? `the secret ${env} could not be read: ${error instanceof Error ? error.message : String(error)}`}; needed by ${addresses.join(", ")}; nothing was applied`,
      hint: d?.hint ?? `set ${env} before applying`,
    });
  }
  return out;
}

async function run(plan: Plan, provider: Provider, opts: ApplyOptions, resolveSecret: SecretResolver, t0: number): Promise<ApplyReport> {
  const changes = [...plan.changes].sort((a, b) => a.seq - b.seq);
  const parallelism = provider.capabilities.concurrent ? Math.max(1, opts.parallelism ?? 8) : 1;
  const emit = opts.onEvent ?? (() => undefined);
  const report: ApplyReport = { applied: [], failed: [], skipped: [], halted: null, notAttempted: [], apiKeys: [], done: [], elsewhere: 0, durationMs: 0 };
  const counts: ApplyCounts = { total: changes.length, applied: 0, failed: 0, skipped: 0, running: 0 };
  const snap = (): ApplyCounts => ({ ...counts });

  // Dependencies: every earlier change at an address in dependsOn. A later one is ignored:
  // apply never reorders, and waiting on it could never end.
  const byAddress = new Map<string, Change[]>();
  for (const c of changes) {
    const list = byAddress.get(c.address);
    if (list) list.push(c);
    else byAddress.set(c.address, [c]);
  }
  const waitingOn = new Map<Change, number>();
  const dependants = new Map<Change, Change[]>();
  for (const c of changes) {
    let n = 0;
    for (const addr of new Set(c.dependsOn)) {
      for (const d of byAddress.get(addr) ?? []) {
        if (d.seq >= c.seq) continue;
        n++;
        const list = dependants.get(d);
        if (list) list.push(c);
        else dependants.set(d, [c]);
      }
    }
    waitingOn.set(c, n);
  }

  const ctx: ExecuteContext = {
    resolveSecret,
    workspaceIds: new Map(),
    planId: plan.stateFingerprint,
    ...(opts.deliverApiKey ? { awaitKeyDelivery: true } : {}),
  };
  // A new key is stored, then confirmed, before its change counts as done.
  const deliver = async (c: Change, result: ExecuteResult): Promise<ExecuteResult> => {
    const k = result.apiKey;
    if (!k || !opts.deliverApiKey) return result;
    const replaces = c.action === "replace" ? ((c.before as { keyId?: unknown } | null)?.keyId ?? null) : null;
    await opts.deliverApiKey({ workspacePath: k.workspacePath, value: k.value, keyId: k.keyId ?? null, replaces: typeof replaces === "string" ? replaces : null });
    if (k.workspaceId && k.keyId && provider.confirmApiKey) {
      await provider.confirmApiKey({ workspacePath: k.workspacePath, workspaceId: k.workspaceId, keyId: k.keyId });
    }
    return result;
  };
  const ready: Change[] = changes.filter((c) => waitingOn.get(c) === 0);
  const skippedSet = new Set<Change>();
  const begun = new Set<Change>();
  emit({ type: "begin", counts: snap(), parallelism });

  const skipDependants = (failed: Change, because: string): void => {
    const stack = [...(dependants.get(failed) ?? [])];
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (skippedSet.has(c)) continue;
      skippedSet.add(c);
      counts.skipped++;
      report.skipped.push({ address: c.address, because });
      emit({ type: "skipped", change: ref(c), counts: snap(), because });
      stack.push(...(dependants.get(c) ?? []));
    }
  };

  const finish = (c: Change): void => {
    for (const d of dependants.get(c) ?? []) {
      const left = waitingOn.get(d)! - 1;
      waitingOn.set(d, left);
      if (left === 0 && !skippedSet.has(d)) insertBySeq(ready, d);
    }
  };

  await new Promise<void>((resolveAll) => {
    const pump = (): void => {
      while (report.halted === null && counts.running < parallelism && ready.length > 0) {
        const c = ready.shift()!;
        if (skippedSet.has(c)) continue;
        begun.add(c);
        counts.running++;
        emit({ type: "started", change: ref(c), counts: snap() });
        const started = Date.now();
        // Through a then(), so a provider that throws synchronously fails only this change.
        const exec: Promise<ExecuteResult> =
          c.action === "noop" ? Promise.resolve({}) : Promise.resolve().then(() => provider.execute(c, ctx)).then((r) => deliver(c, r));
        exec.then(
          (result) => {
            counts.running--;
            counts.applied++;
            report.applied.push(c.address);
            if (result.workspaceId && handlerOf(c.kind).yieldsWorkspace) {
              const path = (c.after as { workspacePath?: unknown } | null)?.workspacePath;
              if (typeof path === "string") ctx.workspaceIds.set(path, result.workspaceId);
            }
            if (result.apiKey) report.apiKeys.push({ workspacePath: result.apiKey.workspacePath, value: result.apiKey.value });
            emit({ type: "finished", change: ref(c), counts: snap(), durationMs: Date.now() - started });
            finish(c);
            pump();
          },
          (e: unknown) => {
            counts.running--;
            counts.failed++;
            const { error, code } = errorText(e);
            report.failed.push(code ? { address: c.address, error, code } : { address: c.address, error });
            emit({ type: "failed", change: ref(c), counts: snap(), error });
            // What every later change would meet too stops the apply: nothing new is started.
            if (report.halted === null && haltsApply(e)) report.halted = asUserError(e)?.diagnostics[0] ?? null;
            if (report.halted === null) skipDependants(c, c.address);
            pump();
          },
        );
      }
      if (counts.running === 0 && (ready.length === 0 || report.halted !== null)) resolveAll();
    };
    pump();
  });

  if (report.halted !== null) {
    report.notAttempted = changes.filter((c) => !begun.has(c) && !skippedSet.has(c)).map((c) => c.address);
  }
  report.durationMs = Date.now() - t0;
  emit({ type: "end", counts: snap(), durationMs: report.durationMs });
  return report;
}

function insertBySeq(list: Change[], c: Change): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.seq < c.seq) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, c);
}
