// The "Examples" block that ends every command's --help: a comment saying what each does,
// then the command as typed.

export function examples(list: readonly (readonly [command: string, what: string])[]): string {
  return `\nExamples:\n${list.map(([command, what]) => `  # ${what}\n  $ ${command}`).join("\n\n")}\n`;
}
