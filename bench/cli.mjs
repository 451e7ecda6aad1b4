// Whole commands, measured from outside as users run them, against the bare cost any tool
// must pay. B = a bare `node -e` that loads the spec's files with js-yaml and `JSON.parse`s
// the sandbox's account.json. Each command and B run in turn (A B A B …) in fresh
// processes under /usr/bin/time; CPU (user + sys) and peak RSS are taken pair by pair and
// the median of the per-pair ratios is quoted, with the medians of both sides beside it.
// Specs: block style, flow style (`- { email: …, role: … }`, as the README writes members)
// and split (a root that includes 100-sub-workspace fragments); 1% drift (fixture.mjs).
//
//   npm run bench:cli                        100k members (1,000 x 100), 5 pairs per command
//   node bench/cli.mjs --1m                  also 1M members (10,000 x 100), 3 pairs (--only-1m: just those)
//   node bench/cli.mjs --pairs N --only plan,export
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expectedPlan, makeAccount, makeSpec } from "./fixture.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const outDir = fileURLToPath(new URL("out/", import.meta.url));
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const only = arg("--only")?.split(",");
const pairsArg = arg("--pairs");
const scales = process.argv.includes("--only-1m") ? [] : [{ W: 1000, M: 100, pairs: Number(pairsArg ?? 5) }];
if (process.argv.includes("--1m") || process.argv.includes("--only-1m")) scales.push({ W: 10_000, M: 100, pairs: Number(pairsArg ?? 3) });

const TIME = "/usr/bin/time";
if (spawnSync(TIME, ["-f", "%M", "true"]).status !== 0) throw new Error(`${TIME} is needed (it reports the peak RSS of a child)`);

/** B: the least any tool must do. */
const BARE =
  'const y=require("js-yaml"),f=require("fs");' +
  'for(const p of process.argv.slice(1)){const t=f.readFileSync(p,"utf8");if(p.endsWith(".json"))JSON.parse(t);else y.load(t)}';

/** Runs argv under /usr/bin/time, stdout to a file (a 1M-member export is 70 MB). CPU in ms, RSS in MiB. */
function measure(argv, { keepStdout = false } = {}) {
  const outFile = join(outDir, "cli-stdout.txt");
  const fd = openSync(outFile, "w");
  let r;
  try {
    r = spawnSync(TIME, ["-f", "\n@@%U %S %M %e", ...argv], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 1 << 24,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", fd, "pipe"],
    });
  } finally {
    closeSync(fd);
  }
  if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`);
  const line = r.stderr.split("\n").reverse().find((l) => l.startsWith("@@"));
  const [user, sys, rssKB, wall] = line.slice(2).split(" ").map(Number);
  return { cpu: (user + sys) * 1000, rss: rssKB / 1024, wall: wall * 1000, stdout: keepStdout ? readFileSync(outFile, "utf8") : "" };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A and B in turn, `pairs` times; the median of per-pair ratios. */
function paired(a, b, pairs) {
  const rows = [];
  for (let i = 0; i < pairs; i++) rows.push({ a: a(), b: b() });
  const m = (f) => median(rows.map(f));
  return {
    cpu: m((r) => r.a.cpu),
    bCpu: m((r) => r.b.cpu),
    cpuRatio: m((r) => r.a.cpu / r.b.cpu),
    rss: m((r) => r.a.rss),
    bRss: m((r) => r.b.rss),
    rssRatio: m((r) => r.a.rss / r.b.rss),
    wall: m((r) => r.a.wall),
    bWall: m((r) => r.b.wall),
  };
}

/** Writes the spec in `style` under dir; returns the spec argument and every file B must load. */
function writeSpec(dir, W, M, style) {
  mkdirSync(dir, { recursive: true });
  const spec = makeSpec(W, M, style);
  if (typeof spec === "string") {
    const f = join(dir, "workspaces.yaml");
    writeFileSync(f, spec);
    return { arg: f, files: [f], bytes: spec.length };
  }
  const f = join(dir, "workspaces.yaml");
  writeFileSync(f, spec.root);
  const files = [f];
  let bytes = spec.root.length;
  for (const [p, text] of Object.entries(spec.fragments)) {
    const abs = join(dir, p);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    files.push(abs);
    bytes += text.length;
  }
  return { arg: f, files, bytes };
}

const { SandboxStore } = await import("../dist/providers/sandbox/index.js");
const { checkAccount } = await import("../dist/domain/index.js");
const hgw = [process.execPath, join(root, "bin", "hgw.js")];
const results = [];
console.log(
  `node ${process.version}, ${cpus().length} CPUs, load average before: ${loadavg().map((x) => x.toFixed(2)).join(", ")}` +
    "\nCPU = user + sys of the whole process; ratios are medians of per-pair ratios (A B A B …).",
);

for (const { W, M, pairs } of scales) {
  const members = W * M;
  const tag = `${members >= 1e6 ? `${members / 1e6}M` : `${members / 1e3}k`}`;
  const base = join(outDir, `cli-${W}x${M}`);
  rmSync(base, { recursive: true, force: true });
  const sandbox = join(base, "sandbox");
  const { state, counts } = makeAccount(W, M, Date.now());
  const violations = checkAccount(state);
  if (violations.length > 0) throw new Error(`the generated account breaks domain rules: ${JSON.stringify(violations.slice(0, 3))}`);
  await new SandboxStore({ dir: sandbox }).replace("bench:cli", state);
  const accountFile = join(sandbox, "account.json");
  const specs = Object.fromEntries(["block", "flow", "split"].map((style) => [style, writeSpec(join(base, style), W, M, style)]));
  const expect = expectedPlan(counts, M);
  console.log(
    `\n## ${tag} members (${W.toLocaleString("en-US")} sub-workspaces x ${M}), account.json ${(statSync(accountFile).size / 1e6).toFixed(1)} MB; ` +
      `specs: ${Object.entries(specs).map(([s, x]) => `${s} ${(x.bytes / 1e6).toFixed(1)} MB${x.files.length > 1 ? ` in ${x.files.length} files` : ""}`).join(", ")}`,
  );

  const bare = (style) => () => measure([process.execPath, "-e", BARE, ...specs[style].files, accountFile]);
  const cmds = [];
  for (const style of ["block", "flow", "split"]) {
    cmds.push({ name: `plan (${style})`, key: "plan", style, argv: [...hgw, "plan", specs[style].arg, "--sandbox-dir", sandbox], target: 1.25, rssTarget: 1.5 });
  }
  cmds.push({ name: "plan --format json (block)", key: "plan-json", style: "block", argv: [...hgw, "plan", specs.block.arg, "--sandbox-dir", sandbox, "--format", "json"], check: true });
  for (const style of ["block", "flow", "split"]) {
    cmds.push({ name: `validate (${style})`, key: "validate", style, argv: [...hgw, "validate", specs[style].arg] });
  }
  cmds.push({ name: "export", key: "export", style: "block", argv: [...hgw, "export", "--sandbox-dir", sandbox], target: 1.5 });

  for (const c of cmds) {
    if (only && !only.includes(c.key)) continue;
    // One untimed run first: a warm file cache for both sides, and a check of the output.
    const first = measure(c.argv, { keepStdout: c.check === true });
    if (c.check) {
      const plan = JSON.parse(first.stdout);
      for (const [k, v] of Object.entries(expect.summary)) {
        if (plan.summary[k] !== v) throw new Error(`${c.name}: the plan has ${plan.summary[k]} ${k}, the drift asks for ${v}`);
      }
      if (plan.unmanaged.length !== expect.unmanaged) throw new Error(`${c.name}: ${plan.unmanaged.length} unmanaged, expected ${expect.unmanaged}`);
    }
    const r = paired(() => measure(c.argv), bare(c.style), pairs);
    results.push({ tag, ...c, ...r });
    const verdict = c.target === undefined ? "" : ` — target ≤ ${c.target}x B: ${r.cpuRatio <= c.target ? "met" : "MISSED"}`;
    const rssVerdict = c.rssTarget === undefined ? "" : `, ≤ ${c.rssTarget}x B's: ${r.rssRatio <= c.rssTarget ? "met" : "MISSED"}`;
    console.log(
      `${tag} ${c.name.padEnd(27)} CPU ${r.cpuRatio.toFixed(2)}x B (${r.cpu.toFixed(0)} ms vs B ${r.bCpu.toFixed(0)} ms)` +
        `, peak RSS ${r.rss.toFixed(0)} MiB = ${r.rssRatio.toFixed(2)}x B's (${r.bRss.toFixed(0)} MiB)${rssVerdict}` +
        `, wall ${r.wall.toFixed(0)} ms (B ${r.bWall.toFixed(0)} ms)${verdict}`,
    );
  }
}

console.log(`\nload average after: ${loadavg().map((x) => x.toFixed(2)).join(", ")}`);
writeFileSync(join(outDir, "cli-results.json"), JSON.stringify(results, null, 2));
