/** obscure and reveal. */
import { FsError } from "../../fs/errors.js";
import { obscure, reveal } from "../../config/obscure.js";
import type { Cli } from "../cli.js";

async function firstLineOfStdin(): Promise<string> {
  let data = "";
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    data += chunk.toString("utf8");
    const nl = data.indexOf("\n");
    if (nl >= 0) return data.slice(0, nl).replace(/\r$/, "");
  }
  return data;
}

export async function runObscure(cli: Cli, args: string[]): Promise<void> {
  let plain = args[0]!;
  if (plain === "-" && !process.stdin.isTTY) plain = await firstLineOfStdin();
  cli.out.write(obscure(plain) + "\n");
}

export async function runReveal(cli: Cli, args: string[]): Promise<void> {
  let text: string;
  try {
    text = reveal(args[0]!);
  } catch (err) {
    throw err instanceof FsError ? err : new FsError("usage", String(err));
  }
  cli.out.write(text + "\n");
}
