// `hgw completion bash|zsh|fish`: prints a completion script made from the program's own
// commands and options.

import { Argument } from "commander";
import type { Register } from "../register.js";
import { EXIT, processIo } from "../io.js";
import { examples } from "../help.js";

const SHELLS = ["bash", "zsh", "fish"] as const;

export const registerCompletion: Register = (program, done) => {
  program
    .command("completion")
    .summary("print a shell completion script")
    .description("print a shell completion script (bash, zsh or fish)")
    .addArgument(new Argument("<shell>", "the shell to complete in").choices(SHELLS))
    .addHelpText(
      "after",
      examples([
        ["source <(hgw completion bash)", "complete hgw's commands and options in this bash session"],
        ["hgw completion zsh > \"${fpath[1]}/_hgw\"", "in every zsh session"],
        ["hgw completion fish > ~/.config/fish/completions/hgw.fish", "in every fish session"],
      ]),
    )
    .action(async (shell: "bash" | "zsh" | "fish") => {
      const { completionScript } = await import("../completion.js");
      processIo().out(completionScript(program, shell));
      done(EXIT.ok);
    });
};
