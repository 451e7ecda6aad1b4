// The differential fuzz of the fast YAML reader (src/spec/fast-yaml.ts) against `yaml`:
// texts near the subset the fast reader takes (spec-like documents in every style, then
// mutated with the characters and lines that sit on the subset's edges), and a check that
// the fast reader either gives up, or returns what `yaml.parse` returns under the loader's
// options, with the positions the `yaml` path (yaml-doc.ts) records, or reports nesting too
// deep exactly where the `yaml` path does. Used by test/spec/fast-yaml-fuzz.test.ts (a few
// thousand texts, on src/) and bench/fuzz-yaml.mjs (100,000 and more, on dist/).

// ------------------------------------------------------------------ texts

const KEYS = ["email", "role", "name", "members", "to", "id", "seats", "settings", "version", "workspace", "subWorkspaces", "a", "b", "c"];
const ODD_KEYS = [
  "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "~", "1", "01", "-1", "0x1", "0o7", "1.5", ".inf", ".nan",
  "y", "yes", "no", "on", "off", "<<", "__proto__", "constructor", "toString", "hasOwnProperty", "a b", "a\u00a0", "a\u3000", "a\u2003", "é", "_", "a-", "-a",
  "a.b", "a:b", "?a", '"q"', "'q'", '"1"', "'2'", "k".repeat(1023), "k".repeat(1024), "k".repeat(1025), "",
];
const WORDS = [
  "a@b.c", "ops@acme.example", "creator", "viewer", "super_admin", "Acme Agency", "Client B - pilot", "http://x.example/a:b", "a:b", "a:", "a: b", "a #b", "a#b",
  "x]", "x}", "x,y", "x{y", "x[y", "-5", "-x", "--", "---", "...", "0", "-0", "+1", "+0", "007", "08", "1e3", "1E+3", "1.", "1.5e-3", ".5", "-.5", ".inf", "-.Inf",
  "+.INF", ".nan", ".NaN", "-.nan", "0x1F", "0X1F", "0o17", "0O17", "0b1", "~", "null", "Null", "nulL", "true", "TRUE", "True", "tRue", "yes", "no", "1_000", "12:30",
  "2026-01-01", "a b  c", "é ü", "\u00a0x\u00a0", "x\u00a0", "x\u2003", ":x", "?x", "!x", "&x", "*x", "%x", "@x", "`x", "|", ">", "> x", "a'b", 'a"b', "'", '"',
  "''", '""', "'it''s'", '"q"', "'q'", '"a\\"b"', '"a\\tb"', "'a''", "{}", "[]", "{ }", "[ ]", "{a: 1}", "[1, 2]", "99999999999999999999", "1e400", "-1e400",
];

/** @param {typeof import("fast-check")} fc */
export function yamlTexts(fc, opts = {}) {
  const maxDepth = opts.maxDepth ?? 8;
  const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,6}$/);
  const key = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...KEYS) }, { weight: 3, arbitrary: ident }, { weight: 1, arbitrary: fc.constantFrom(...ODD_KEYS) });
  const word = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9@._ -]{1,10}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) });
  const scalar = fc.oneof(
    { weight: 6, arbitrary: word },
    { weight: 1, arbitrary: word.map((w) => `'${w.replace(/'/g, "''")}'`) },
    { weight: 1, arbitrary: word.map((w) => `"${w.replace(/["\\]/g, "")}"`) },
    { weight: 1, arbitrary: fc.constant("") },
  );
  const { node } = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: scalar.map((s) => ({ t: "scalar", s })) },
      { weight: 2, arbitrary: fc.array(fc.tuple(key, tie("node")), { maxLength: 4 }).map((entries) => ({ t: "map", entries })) },
      { weight: 2, arbitrary: fc.array(tie("node"), { maxLength: 4 }).map((items) => ({ t: "seq", items })) },
    ),
  }));
  const style = fc.record({
    indent: fc.constantFrom(1, 2, 2, 2, 3, 4),
    seqIndent: fc.constantFrom(0, 0, 2, 2, 1, 3),
    flowProb: fc.constantFrom(0, 0.3, 0.6, 1),
    compact: fc.boolean(),
    comments: fc.constantFrom(0, 0, 0.2),
    blank: fc.constantFrom(0, 0, 0.2),
    spaces: fc.constantFrom(1, 1, 1, 2),
    crlf: fc.constantFrom(false, false, false, true),
    docStart: fc.constantFrom("", "", "", "---\n", "--- # c\n", "# c\n---\n"),
    seed: fc.integer({ min: 0, max: 2 ** 30 }),
  });
  const root = fc.array(fc.tuple(key, node), { minLength: 1, maxLength: 5 }).map((entries) => ({ t: "map", entries }));
  const deep = fc.record({
    n: fc.integer({ min: maxDepth - 2, max: maxDepth + 3 }),
    kind: fc.constantFrom("dashes", "flowSeq", "flowMap", "blockMap", "mixed"),
  }).map(({ n, kind }) => deepText(n, kind));
  const mutation = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom("insert", "insert", "insert", "delete", "dupLine", "dropLine", "indent", "dedent"),
    text: fc.constantFrom(
      " ", " ", "  ", "\t", "\r", "\n", "\r\n", "\ufeff", "\u00a0", "\u2028", "\u0085", "\u0000", "\u007f", "\ud800", "\udc00", "😀", "é",
      "#", " #", ":", ": ", "-", "- ", "{", "}", "[", "]", ",", ", ", "'", '"', "\\", "&a ", "*a", "!", "|", ">", "%", "@", "?", "? ", "`",
      "---\n", "...\n", "--- ", "%YAML 1.2\n", "<<: ", "null", "true", "1", "k".repeat(1030), "\u3000",
    ),
  });
  const base = fc.oneof(
    { weight: 9, arbitrary: fc.tuple(root, style).map(([r, s]) => render(r, s)) },
    { weight: 1, arbitrary: deep },
  );
  return fc
    .tuple(base, fc.array(mutation, { maxLength: 3 }), fc.constantFrom(true, false))
    .map(([text, muts, mutate]) => (mutate ? muts.reduce(mutate1, text) : text));
}

function deepText(n, kind) {
  switch (kind) {
    case "dashes":
      return `${"- ".repeat(n)}x\n`;
    case "flowSeq":
      return `a: ${"[".repeat(n)}${"]".repeat(n)}\n`;
    case "flowMap":
      return `a: ${"{b: ".repeat(n)}1${"}".repeat(n)}\n`;
    case "blockMap": {
      let t = "";
      for (let i = 0; i < n; i++) t += `${" ".repeat(i)}k${i}:\n`;
      return `${t}${" ".repeat(n)}v\n`;
    }
    default: {
      let t = "";
      for (let i = 0; i < n; i++) t += `${"  ".repeat(i)}- k${i}:\n`;
      return t;
    }
  }
}

function mutate1(text, m) {
  if (text.length === 0) return m.kind === "insert" ? m.text : text;
  const at = m.at % (text.length + 1);
  const lines = text.split("\n");
  const li = m.at % lines.length;
  switch (m.kind) {
    case "insert":
      return text.slice(0, at) + m.text + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + 1);
    case "dupLine":
      lines.splice(li, 0, lines[li]);
      return lines.join("\n");
    case "dropLine":
      lines.splice(li, 1);
      return lines.join("\n");
    case "indent":
      lines[li] = ` ${lines[li]}`;
      return lines.join("\n");
    default:
      lines[li] = lines[li].replace(/^ /, "");
      return lines.join("\n");
  }
}

/** A tiny deterministic PRNG, so that a style's choices follow from its seed. */
function prng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function render(root, style) {
  const rnd = prng(style.seed);
  const out = [];
  const sp = " ".repeat(style.spaces);
  const comment = () => (rnd() < style.comments ? " # c" : "");
  const line = (text) => {
    out.push(text);
    if (rnd() < style.blank) out.push("");
    if (rnd() < style.comments / 2) out.push(`${" ".repeat(Math.floor(rnd() * 4))}# note`);
  };
  /** One-line form, or null when the node has none we want. */
  const flow = (n) => {
    if (n.t === "scalar") return n.s;
    if (n.t === "seq") return `[${n.items.map((x) => flow(x) ?? "x").join(", ")}]`;
    return `{ ${n.entries.map(([k, v]) => `${k}: ${flow(v) ?? "x"}`).join(", ")} }`;
  };
  const inline = (n) => n.t === "scalar" || (n.t === "seq" && n.items.length === 0) || (n.t === "map" && n.entries.length === 0) || rnd() < style.flowProb;
  const block = (n, col) => {
    const pad = " ".repeat(col);
    if (n.t === "map") {
      for (const [k, v] of n.entries) {
        if (inline(v)) line(`${pad}${k}:${v.t === "scalar" && v.s === "" ? "" : sp + flow(v)}${comment()}`);
        else {
          line(`${pad}${k}:${comment()}`);
          block(v, v.t === "seq" ? col + style.seqIndent : col + style.indent);
        }
      }
    } else if (n.t === "seq") {
      for (const v of n.items) {
        if (inline(v)) line(`${pad}-${v.t === "scalar" && v.s === "" ? "" : sp + flow(v)}${comment()}`);
        else if (style.compact && ((v.t === "map" && v.entries.length > 0) || (v.t === "seq" && v.items.length > 0))) {
          // `- key: value` / `- - x`: the first line shares the dash's line.
          const before = out.length;
          block(v, col + 1 + style.spaces);
          out[before] = `${pad}-${sp}${out[before].slice(col + 1 + style.spaces)}`;
        } else {
          line(`${pad}-${comment()}`);
          block(v, col + style.indent);
        }
      }
    } else line(`${pad}${n.s}`);
  };
  block(root, 0);
  const nl = style.crlf ? "\r\n" : "\n";
  return style.docStart + out.join(nl) + nl;
}

// ------------------------------------------------------------------ the check

/**
 * Checks one text. `api` holds the implementations under test (src/ in vitest, dist/ in the
 * benchmark). Returns what happened: "value", "too-deep" or "bail"; throws on a difference.
 * @param {string} text
 * @param {{ fastParse: Function, readWithYaml: Function, Locator: any, parse: Function, newBudget: Function, SPEC_LIMITS: any }} api
 */
export function checkText(text, api, maxDepth = 8) {
  const file = "f";
  const loc = new api.Locator(new Map([[file, text]]));
  const fast = api.fastParse(text, file, { maxDepth, store: loc.store, rethrow: true });
  if (!fast.ok && "bail" in fast) return "bail";
  const slow = api.readWithYaml(text, file, loc, api.newBudget({ ...api.SPEC_LIMITS, depth: maxDepth }));
  if (!fast.ok) {
    // Too deep: the `yaml` path refuses the text too, at the same place when it reads it as YAML.
    const errs = slow.diagnostics.filter((d) => d.severity === "error");
    if (errs.length === 0) fail(text, "the fast reader says too deep, the yaml path reads it", slow.value);
    const deep = errs.find((d) => d.code === "yaml-too-deep");
    const at = loc.at(file, fast.tooDeep);
    if (deep && (deep.source.line !== at.line || deep.source.col !== at.col)) fail(text, `too deep at ${at.line}:${at.col}, the yaml path says ${deep.source.line}:${deep.source.col}`);
    if (!deep && errs.every((d) => d.code !== "yaml-syntax" && d.code !== "duplicate-key")) fail(text, `too deep, the yaml path says ${errs[0].code}`);
    return "too-deep";
  }
  let expected;
  try {
    expected = api.parse(text, { uniqueKeys: true, merge: true, logLevel: "error" });
  } catch (e) {
    fail(text, `the fast reader read it, yaml.parse throws ${e.message.split("\n")[0]}`, fast.value);
  }
  same(fast.value, expected, "$", text, "yaml.parse");
  if (slow.diagnostics.length > 0) fail(text, `the yaml path reports ${slow.diagnostics[0].code}: ${slow.diagnostics[0].message}`);
  same(fast.value, slow.value, "$", text, "the yaml path");
  samePositions(fast.value, slow.value, loc, "$", text);
  return "value";
}

function fail(text, why, got) {
  const e = new Error(`${why}\ntext: ${JSON.stringify(text)}${got === undefined ? "" : `\nfast reader: ${safeJson(got)}`}`);
  e.text = text;
  throw e;
}

function safeJson(v) {
  try {
    return JSON.stringify(v, (_, x) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x));
  } catch {
    return String(v);
  }
}

/** Deep equality that tells -0 from 0, NaN from anything, and keys in another order apart. */
function same(a, b, path, text, what) {
  if (typeof a === "number" && typeof b === "number") {
    if (!Object.is(a, b)) fail(text, `${path}: ${a} here, ${b} from ${what}`);
    return;
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    if (a !== b) fail(text, `${path}: ${safeJson(a)} here, ${safeJson(b)} from ${what}`);
    return;
  }
  if (Array.isArray(a) !== Array.isArray(b)) fail(text, `${path}: a list on one side only (${what})`);
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join("\u0000") !== kb.join("\u0000")) fail(text, `${path}: keys ${safeJson(ka)} here, ${safeJson(kb)} from ${what}`);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) fail(text, `${path}: another prototype than ${what}'s`);
  for (const k of ka) same(a[k], b[k], `${path}.${k}`, text, what);
}

function samePositions(a, b, loc, path, text) {
  if (a === null || typeof a !== "object") return;
  const eq = (x, y, what) => {
    if (!x || !y || x.line !== y.line || x.col !== y.col || x.file !== y.file) {
      fail(text, `${path}${what}: placed at ${x ? `${x.line}:${x.col}` : "nothing"} by the fast reader, ${y ? `${y.line}:${y.col}` : "nothing"} by the yaml path`);
    }
  };
  eq(loc.node(a), loc.node(b), "");
  for (const k of Object.keys(a)) {
    eq(loc.key(a, k, "key"), loc.key(b, k, "key"), `.${k} (key)`);
    eq(loc.key(a, k, "value"), loc.key(b, k, "value"), `.${k}`);
    samePositions(a[k], b[k], loc, `${path}.${k}`, text);
  }
}
