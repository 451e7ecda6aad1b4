// The tail every generator shares: run as a script, write the generated file, or with
// --check exit 1 when the file on disk differs from what would be generated.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl) {
  return Boolean(process.argv[1]) && fileURLToPath(moduleUrl) === process.argv[1];
}

/** Writes `text` to `outPath`, or with --check fails naming `label` when the file is stale. */
export async function writeOrCheck(outPath, text, label, regenerate = "npm run gen") {
  if (!process.argv.includes("--check")) {
    await writeFile(outPath, text);
    return;
  }
  const current = await readFile(outPath, "utf8").catch(() => "");
  if (current !== text) {
    console.error(`${label} is stale: run \`${regenerate}\`.`);
    process.exit(1);
  }
}
