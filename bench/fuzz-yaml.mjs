// The differential fuzz of the fast YAML reader at scale: `node bench/fuzz-yaml.mjs
// [--runs N] [--seed S]` (default 100,000 texts; `npm run bench:fuzz-yaml` builds first).
// Every text near the subset must be read as `yaml` reads it, with the same positions, or
// be left to `yaml` (see bench/yaml-fuzz.mjs); a difference fails with the smallest text
// fast-check shrinks it to. The test suite runs a few thousand of the same texts.
import fc from "fast-check";
import { parse } from "yaml";
import { fastParse } from "../dist/spec/fast-yaml.js";
import { SPEC_LIMITS, newBudget } from "../dist/spec/limits.js";
import { Locator } from "../dist/spec/positions.js";
import { readWithYaml } from "../dist/spec/yaml-doc.js";
import { checkText, yamlTexts } from "./yaml-fuzz.mjs";

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const runs = arg("--runs", 100_000);
const seed = arg("--seed", Date.now() % 2 ** 31);
const api = { fastParse, readWithYaml, Locator, parse, newBudget, SPEC_LIMITS };
const counts = { value: 0, "too-deep": 0, bail: 0 };

const t = performance.now();
fc.assert(
  fc.property(yamlTexts(fc), (text) => {
    counts[checkText(text, api)]++;
  }),
  { numRuns: runs, seed },
);
const s = ((performance.now() - t) / 1000).toFixed(1);
const pct = (n) => `${((100 * n) / runs).toFixed(1)}%`;
console.log(
  `fuzz-yaml: ${runs.toLocaleString("en-US")} texts (seed ${seed}) in ${s} s, no difference from yaml:` +
    ` ${counts.value.toLocaleString("en-US")} read by the fast reader (${pct(counts.value)}),` +
    ` ${counts["too-deep"].toLocaleString("en-US")} refused as too deep on both paths (${pct(counts["too-deep"])}),` +
    ` ${counts.bail.toLocaleString("en-US")} left to yaml (${pct(counts.bail)})`,
);
