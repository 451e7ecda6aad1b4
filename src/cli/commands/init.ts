// `hgw init [--github]`: a starter spec, .gitignore entries and (with --github) the CI
// workflows, in the current directory. Never overwrites a file.

import type { Register } from "../register.js";
import { EXIT, processIo } from "../io.js";
import { examples } from "../help.js";

export const registerInit: Register = (program, done) => {
  program
    .command("init")
    .summary("set up this repository for hgw")
    .description("set up this repository: a starter spec, .gitignore entries, and with --github the CI workflows")
    .option("--spec <file>", "where the starter spec goes", "workspaces.yaml")
    .option("--github", "also write .github/workflows/hgw-plan.yml, hgw-apply.yml and hgw-drift.yml")
    .addHelpText(
      "after",
      examples([
        ["npm install -D heygen-workspaces && npx hgw init", "in your repository: workspaces.yaml, with a $schema line your editor finds"],
        ["npx hgw init --github", "also the workflows: plan on pull requests, apply on merge, a daily drift check"],
      ]),
    )
    .action(async (flags: { spec: string; github?: boolean }) => {
      const { init } = await import("../init.js");
      const io = processIo({ color: program.opts<{ color?: boolean }>().color });
      const r = await init({ cwd: process.cwd(), spec: flags.spec, github: flags.github === true });
      for (const f of r.written) io.out(`wrote ${f}`);
      for (const f of r.kept) io.out(`kept  ${f} (it exists; hgw init never overwrites a file)`);
      if (r.ignored.length > 0) io.out(`added ${r.ignored.join(", ")} to .gitignore`);
      if (!r.installed) {
        io.err(
          "heygen-workspaces is not installed in this project, so the spec's $schema line points where it will be: " +
            "install it with `npm install -D heygen-workspaces` (CI runs that copy, and editors read its schema).",
        );
      }
      io.out(`\nNext: edit ${flags.spec}, then \`npx hgw plan\` to see what applying it would change.`);
      if (flags.github) {
        io.out(
          "The workflows read the API's URL from the repository variable HEYGEN_API_URL and its key from the secret " +
            "HEYGEN_API_KEY; apply runs in the environment heygen-production.",
        );
      }
      done(EXIT.ok);
    });
};
