// `hgw sandbox`: sets up the embedded sandbox account and plays the other side of the world
// (people accept invitations, ask to join, spend credits; library items and content appear).
// Registration only: what each subcommand does is in ../sandbox-actions.ts, loaded when one runs.

import type { Command } from "commander";
import type { Register } from "../register.js";
import { processIo, type Io } from "../io.js";
import { UserError } from "../../model/diagnostics.js";
import { examples } from "../help.js";

function int(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) {
      throw new UserError({ severity: "error", code: "bad-option", message: `${name} must be a whole number >= 0 (got "${v}")` });
    }
    return n;
  };
}

function withDir(cmd: Command): Command {
  return cmd.option("--sandbox-dir <dir>", "the sandbox account's directory (default: HGW_SANDBOX_DIR, else .hgw)");
}

const actions = (): Promise<typeof import("../sandbox-actions.js")> => import("../sandbox-actions.js");

export const registerSandbox: Register = (program, done) => {
  const io = (): Io => processIo({ color: program.opts<{ color?: boolean }>().color });
  const sb = program
    .command("sandbox")
    .summary("set up the sandbox account, play its other side")
    .description("set up the embedded sandbox account and play the other side (accept, request, use, …)")
    .addHelpText(
      "after",
      examples([
        ["hgw sandbox init --empty --seats 20", "start over with only a main workspace of 20 seats"],
        ["hgw sandbox accept producer@acme.example", "the invited person accepts; the next plan treats them as active"],
        ["hgw sandbox show", "print the account, with usage and rule violations"],
      ]),
    );

  withDir(sb.command("init").description("start a fresh sandbox account (the default one unless --empty)"))
    .option("--empty", "only the main workspace, with no members, library or content")
    .option("--name <name>", "the main workspace's name")
    .option("--seats <n>", "seat limit", int("--seats"))
    .option("--avatar-slots <n>", "avatar slots", int("--avatar-slots"))
    .option("--generative <n>", "generative credits", int("--generative"))
    .option("--api <n>", "API credits", int("--api"))
    .addHelpText("after", examples([["hgw sandbox init --name 'Acme Agency' --seats 50", "the default account (a small agency), renamed, with 50 seats"]]))
    .action(async (o: import("../sandbox-actions.js").InitOpts) => done(await (await actions()).init(o, io())));

  withDir(sb.command("show").description("print the sandbox account"))
    .option("--format <format>", "text or json", "text")
    .addHelpText("after", examples([["hgw sandbox show --format json > account.json", "the stored account as JSON"]]))
    .action(async (o: { sandboxDir?: string; format: string }) => done(await (await actions()).show(o, io())));

  withDir(sb.command("accept <email>").description("a pending invitation is accepted"))
    .option("--workspace <path>", "the workspace (default: wherever the invitation is, if only one)")
    .addHelpText("after", examples([["hgw sandbox accept dev@acme.example --workspace integrations", "dev@ accepts the invitation to integrations"]]))
    .action(async (email: string, o: { sandboxDir?: string; workspace?: string }) => done(await (await actions()).accept(email, o, io())));

  withDir(sb.command("request <workspace> <email>").description("a join request arrives"))
    .addHelpText("after", examples([["hgw sandbox request client-a walk-in@client-a.example", "someone asks to join client-a; the next plan approves or leaves it"]]))
    .action(async (workspace: string, email: string, o: { sandboxDir?: string }) => done(await (await actions()).request(workspace, email, o, io())));

  withDir(sb.command("use <workspace>").description("credits are consumed, avatar slots taken"))
    .option("--generative <n>", "generative credits", int("--generative"))
    .option("--api <n>", "API credits", int("--api"))
    .option("--avatar-slots <n>", "avatar slots", int("--avatar-slots"))
    .addHelpText("after", examples([["hgw sandbox use client-a --generative 1500", "client-a spends 1,500 generative credits; its allocation cannot go below that"]]))
    .action(async (workspace: string, o: { sandboxDir?: string; generative?: number; api?: number; avatarSlots?: number }) =>
      done(await (await actions()).use(workspace, o, io())),
    );

  withDir(sb.command("add-asset <type> <id> <name>").description("a library item (avatar, voice, brand_kit, template) appears"))
    .option("--workspace <path>", "whose library holds it", "workspace")
    .addHelpText("after", examples([["hgw sandbox add-asset avatar av_anna Anna", "an avatar appears in the main workspace's library, ready to share"]]))
    .action(async (type: string, id: string, name: string, o: { sandboxDir?: string; workspace: string }) =>
      done(await (await actions()).addAssetItem(type, id, name, o, io())),
    );

  withDir(sb.command("add-content <type> <id> <name>").description("a project, folder or video appears"))
    .option("--workspace <path>", "the workspace it is in", "workspace")
    .addHelpText("after", examples([["hgw sandbox add-content folder fd_campaigns Campaigns", "a folder appears, for a contentShares entry to manage"]]))
    .action(async (type: string, id: string, name: string, o: { sandboxDir?: string; workspace: string }) =>
      done(await (await actions()).addContentItem(type, id, name, o, io())),
    );

  withDir(sb.command("expire <email>").description("make a pending invitation expired (for tests)"))
    .option("--workspace <path>", "the workspace", undefined)
    .addHelpText("after", examples([["hgw sandbox expire producer@acme.example", "the invitation expires; the next plan re-sends it"]]))
    .action(async (email: string, o: { sandboxDir?: string; workspace?: string }) => done(await (await actions()).expire(email, o, io())));

  withDir(sb.command("reset").description("forget the sandbox account; the next command starts from the default one"))
    .addHelpText("after", examples([["hgw sandbox reset --sandbox-dir .hgw", "forget the account in .hgw/"]]))
    .action(async (o: { sandboxDir?: string }) => done(await (await actions()).reset(o, io())));
};
