// Generates docs/spec-reference.md from schema/workspaces.schema.json: every property with
// its type, default, description and example. `--check` exits 1 when the file is stale.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { isMain, writeOrCheck } from "./write-generated.mjs";

const root = new URL("..", import.meta.url);
const schemaPath = fileURLToPath(new URL("schema/workspaces.schema.json", root));
const outPath = fileURLToPath(new URL("docs/spec-reference.md", root));

// Sections in reading order: what a user meets first comes first.
const SECTIONS = [
  ["(top level)", null],
  ["workspace", "mainWorkspace"],
  ["sub-workspace", "subWorkspace"],
  ["defaults", "defaults"],
  ["policies", "policies"],
  ["settings", "settings"],
  ["member", "member"],
  ["allocation", "allocation"],
  ["subscription", "subscription"],
  ["asset share", "assetShare"],
  ["content share", "contentShare"],
  ["content user", "contentUser"],
  ["share page", "sharePage"],
  ["secret reference", "secretRef"],
  ["included file", "fragment"],
];

const anchor = (def) => SECTIONS.find(([, d]) => d === def)?.[0].replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();

function resolveRef(schema, ref) {
  const path = ref.replace(/^#\//, "").split("/");
  let node = schema;
  for (const p of path) node = node?.[p];
  return { node: node ?? {}, def: path[0] === "$defs" && path.length === 2 ? path[1] : null };
}

function merged(schema, prop) {
  // A $ref with siblings (description, default): the siblings win.
  if (!prop.$ref) return { node: prop, def: null };
  const { node, def } = resolveRef(schema, prop.$ref);
  const inner = node.$ref ? merged(schema, node) : { node, def };
  return { node: { ...inner.node, ...Object.fromEntries(Object.entries(prop).filter(([k]) => k !== "$ref")) }, def: inner.def ?? def };
}

function typeOf(schema, prop) {
  const { node, def } = merged(schema, prop);
  const link = def && anchor(def) ? `[${SECTIONS.find(([, d]) => d === def)[0]}](#${anchor(def)})` : null;
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((v) => `\`${v}\``).join(" | ");
  if (node.oneOf) return node.oneOf.map((o) => typeOf(schema, o)).join(" or ");
  if (node.type === "array") {
    const items = node.items ? typeOf(schema, node.items) : "any";
    return `list of ${items}`;
  }
  if (link) return link;
  let t = Array.isArray(node.type) ? node.type.join(" | ") : (node.type ?? "any");
  if (node.format) t += ` (${node.format})`;
  const bounds = [];
  if (node.minimum !== undefined) bounds.push(`≥ ${node.minimum}`);
  if (node.maximum !== undefined) bounds.push(`≤ ${node.maximum}`);
  if (bounds.length) t += ` ${bounds.join(", ")}`;
  return t;
}

// GitHub splits table rows on every "|" not escaped as "\|", inside code spans too, and
// shows "\|" as "|" there. Types are built with plain "|" and escaped once, here.
const cell = (s) => String(s).replace(/\|/g, "\\|").replace(/\n/g, " ");

export function generate(schema) {
  const out = [
    "# Spec reference",
    "",
    "<!-- Generated from schema/workspaces.schema.json by `node scripts/gen-spec-reference.mjs`. Do not edit by hand. -->",
    "",
    schema.description,
    "",
    "Put `# yaml-language-server: $schema=./node_modules/heygen-workspaces/schema/workspaces.schema.json` (the schema installed with `heygen-workspaces`, relative to the spec; `hgw init` writes it) at the top of a spec for completion and hover help in editors.",
    "Keys not listed here are errors (with a did-you-mean). Workspaces are named by their path of names (`parent/child`); `workspace` names the main workspace.",
    "",
  ];
  for (const [title, def] of SECTIONS) {
    const node = def ? schema.$defs[def] : schema;
    out.push(`## ${title}`, "", node.description ?? "", "");
    const required = new Set(node.required ?? []);
    out.push("| Property | Type | Default | Description | Example |", "|---|---|---|---|---|");
    for (const [name, prop] of Object.entries(node.properties ?? {})) {
      const { node: m } = merged(schema, prop);
      const example = (prop.examples ?? m.examples)?.[0];
      out.push(
        `| \`${name}\`${required.has(name) ? " (required)" : ""} | ${cell(typeOf(schema, prop))} | ${m.default !== undefined ? `\`${JSON.stringify(m.default)}\`` : ""} | ${cell(m.description ?? "")} | ${example !== undefined ? `\`${cell(JSON.stringify(example))}\`` : ""} |`,
      );
    }
    const ex = node.examples?.[0];
    if (ex !== undefined) out.push("", "Example:", "", "```json", JSON.stringify(ex, null, 2), "```");
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

if (isMain(import.meta.url)) await writeOrCheck(outPath, generate(JSON.parse(await readFile(schemaPath, "utf8"))), "docs/spec-reference.md", "node scripts/gen-spec-reference.mjs");
