/**
 * `tclone config`: the interactive conversation that makes, edits, renames,
 * copies and deletes remotes and sets the config password. It prints what
 * rclone's prints, line for line, so that rclone's documentation applies.
 *
 * Answers come from any stdin, a terminal or a pipe, one line per
 * question. Nothing is saved until a step is complete, so input that ends
 * in the middle (a clean "Failed to read line: EOF" exit) leaves the
 * config file as it was.
 */
import { randomBytes } from "node:crypto";
import type { ConfigFile } from "../config/file.js";
import { obscure } from "../config/obscure.js";
import { askNewPassword, readHiddenLine, type PasswordIO } from "../config/password.js";
import { FsError } from "../fs/errors.js";
import { askedInConfig, formatOptionValue, parseOptionValue, type OptionSpec } from "../fs/options.js";
import { checkConfigName, ERR_INVALID_CHARACTERS } from "../fs/path.js";
import { backends, findBackend, type RegInfo } from "../fs/registry.js";
import type { Output } from "./output.js";
import { browserLogin } from "../lib/oauth2/backend.js";
import { openInBrowser } from "../lib/oauth2/flow.js";
import { tokenFromJson, tokenToJson, type Token } from "../lib/oauth2/token.js";
import { chooseLetter, type LineReader } from "./prompt.js";

/** What a choice list offers: the values and, for each, its help (may be ""). */
interface Choices {
  values: string[];
  help: string[];
}

/** Ways to change how the wizard reaches outside (for the CLI's logger, and for tests). */
export interface WizardHooks {
  /** Where NOTICE lines go (default: stderr). */
  notice?: (line: string) => void;
  /** Opens the browser for OAuth (default: xdg-open and friends). */
  openBrowser?: (url: string) => void | Promise<void>;
  /** The OAuth auth server's address (default: TCLONE_AUTH_BIND, else 127.0.0.1:53682). */
  bind?: string;
}

export class ConfigWizard {
  constructor(
    private readonly cf: ConfigFile,
    private readonly out: Output,
    private readonly lines: LineReader,
    /** Where password prompts go (stderr, as rclone). */
    private readonly promptOut: NodeJS.WritableStream = process.stderr,
    private readonly hooks: WizardHooks = {},
  ) {}

  /** A NOTICE line for the user (the OAuth flow's messages), on stderr as rclone's log. */
  private notice(line: string): void {
    if (this.hooks.notice) this.hooks.notice(line);
    else this.promptOut.write(`NOTICE: ${line}\n`);
  }

  private write(s: string): void {
    this.out.write(s);
  }

  /** rclone's newSection: a blank line between steps. */
  private section(): void {
    this.write("\n");
  }

  /** One answer, trimmed as rclone trims; end of input ends the conversation. */
  private async readLine(): Promise<string> {
    await this.out.flush();
    const line = await this.lines.readLine();
    if (line === undefined) throw new FsError("config", "Failed to read line: EOF");
    return line.trim();
  }

  /** A single-letter menu ("y) Yes this is OK (default)"); defaultIndex -1 for none. */
  private command(choices: string[], defaultIndex = -1): Promise<string> {
    return chooseLetter(this.out, this.lines, choices, defaultIndex);
  }

  /** A numbered list; the answer is a number or (unless exclusive) any value. */
  private async choose(prompt: string, kind: string, c: Choices, defaultValue: string, required: boolean, exclusive: boolean): Promise<string> {
    this.write(`Choose a number from below, or type in ${exclusive ? "an existing" : "your own"} ${kind}.\n`);
    if (defaultValue !== "") this.write(`Press Enter for the default (${defaultValue}).\n`);
    else if (!required) this.write("Press Enter to leave empty.\n");
    for (const [i, value] of c.values.entries()) {
      const lines = c.help[i] ? c.help[i].split("\n") : [];
      lines.push(`(${value})`);
      const num = String(i + 1).padStart(2);
      if (c.help[i] === undefined) {
        this.write(`${num} > ${value}\n`);
        continue;
      }
      const mid = Math.floor((lines.length - 1) / 2);
      for (const [j, line] of lines.entries()) {
        const sep = j === 0 ? "/" : j === lines.length - 1 ? "\\" : "|";
        this.write(`${j === mid ? num : "  "} ${sep} ${line}\n`);
      }
    }
    for (;;) {
      this.write(`${prompt}> `);
      const a = await this.readLine();
      if (a === "") {
        if (defaultValue !== "") return defaultValue;
        if (!required) return "";
        this.write("This value is required and it has no default.\n");
        continue;
      }
      if (/^[+-]?\d+$/.test(a)) {
        const n = Number.parseInt(a, 10);
        if (n >= 1 && n <= c.values.length) return c.values[n - 1]!;
        this.write("No choices with this number.\n");
        continue;
      }
      if (exclusive && !c.values.includes(a)) {
        this.write("This value must match an existing value.\n");
        continue;
      }
      return a;
    }
  }

  /** A free-form value. */
  private async enter(what: string, prompt: string, defaultValue: string, required: boolean): Promise<string> {
    if (defaultValue !== "") this.write(`Enter a ${what}. Press Enter for the default (${defaultValue}).\n`);
    else if (required) this.write(`Enter a ${what}.\n`);
    else this.write(`Enter a ${what}. Press Enter to leave empty.\n`);
    for (;;) {
      this.write(`${prompt}> `);
      const a = await this.readLine();
      if (a !== "") return a;
      if (defaultValue !== "") return defaultValue;
      if (!required) return "";
      this.write("This value is required and it has no default.\n");
    }
  }

  /**
   * Asks one option: its help, then a choice list (examples) or a value.
   * The answer is parsed and given back in canonical form. defaultValue is
   * the option's default, or its current value when editing.
   */
  private async chooseOption(o: OptionSpec, defaultValue: string): Promise<string> {
    this.write(`Option ${o.name}.\n`);
    const help = o.help.trim().replace(/\n\n/g, "\n");
    if (help !== "") this.write(help + "\n");
    if (o.isPassword) return this.passwordOption(o);
    const what = valueKind(o, defaultValue);
    for (;;) {
      const a =
        o.examples && o.examples.length > 0
          ? await this.choose(o.name, what, { values: o.examples.map((e) => e.value), help: o.examples.map((e) => e.help) }, defaultValue, o.required ?? false, o.exclusive ?? false)
          : await this.enter(what, o.name, defaultValue, o.required ?? false);
      if (a === "" || o.name === "Storage") return a;
      try {
        return formatOptionValue(o, parseOptionValue(o, a));
      } catch (err) {
        this.write(`Failed to parse ${JSON.stringify(a)}: ${(err as Error).message}\n`);
      }
    }
  }

  /** A password option: typed in (twice), generated, or left blank. The value returned is obscured. */
  private async passwordOption(o: OptionSpec): Promise<string> {
    this.write("Choose an alternative below." + (o.required ? "\n" : " Press Enter for the default (n).\n"));
    const menu = ["yYes, type in my own password", "gGenerate random password"];
    if (!o.required) menu.push("nNo, leave this optional password blank");
    const c = await this.command(menu, o.required ? -1 : 2);
    if (c === "n") return "";
    if (c === "y") return obscure(await askNewPassword("the", this.passwordIO()));
    for (;;) {
      this.write("Password strength in bits.\n64 is just about memorable\n128 is secure\n1024 is the maximum\n");
      const bits = await this.chooseNumber("Bits", 64, 1024);
      const password = randomBytes(Math.ceil(bits / 8)).toString("base64url");
      this.write(`Your password is: ${password}\n`);
      this.write(
        "Use this password? Please note that an obscured version of this \npassword (and not the password itself) will be stored under your \nconfiguration file, so keep this generated password in a safe place.\n",
      );
      if ((await this.command(["yYes", "nNo"], 0)) === "y") return obscure(password);
    }
  }

  private async chooseNumber(prompt: string, min: number, max: number): Promise<number> {
    for (;;) {
      this.write(`${prompt}> `);
      const a = await this.readLine();
      if (!/^[+-]?\d+$/.test(a)) {
        this.write(`Bad number: strconv.Atoi: parsing ${JSON.stringify(a)}: invalid syntax\n`);
        continue;
      }
      const n = Number.parseInt(a, 10);
      if (n >= min && n <= max) return n;
      this.write(`Out of range - ${min} to ${max} inclusive\n`);
    }
  }

  /** The whole conversation: the main menu until q. */
  async run(): Promise<void> {
    for (;;) {
      const names = this.cf.sections();
      let menu = ["eEdit existing remote", "nNew remote", "dDelete remote", "rRename remote", "cCopy remote", "sSet configuration password", "qQuit config"];
      if (names.length > 0) {
        this.write("Current remotes:\n\n");
        this.showRemotes();
        this.write("\n");
      } else {
        this.write("No remotes found, make a new one?\n");
        menu = [menu[1]!, ...menu.slice(-2)];
      }
      const c = await this.command(menu);
      switch (c) {
        case "e": {
          this.section();
          const name = await this.chooseRemote();
          this.section();
          await this.editRemote(name);
          break;
        }
        case "n": {
          this.section();
          const name = await this.newRemoteName();
          this.section();
          await this.newRemote(name);
          break;
        }
        case "d": {
          this.section();
          const name = await this.chooseRemote();
          this.section();
          this.cf.deleteSection(name);
          this.cf.save();
          break;
        }
        case "r":
        case "c": {
          this.section();
          const name = await this.chooseRemote();
          this.section();
          this.write(c === "r" ? `Enter new name for "${name}" remote.\n` : `Enter name for copy of "${name}" remote.\n`);
          const to = await this.newRemoteName();
          for (const k of this.cf.keys(name)) this.cf.setValue(to, k, this.cf.get(name, k) ?? "");
          if (c === "r") this.cf.deleteSection(name);
          this.cf.save();
          break;
        }
        case "s":
          this.section();
          await this.passwordMenu();
          break;
        case "q":
          return;
      }
      this.section();
    }
  }

  private showRemotes(): void {
    this.write(`${"Name".padEnd(20)} Type\n${"====".padEnd(20)} ====\n`);
    for (const name of [...this.cf.sections()].sort()) this.write(`${name.padEnd(20)} ${this.cf.get(name, "type") ?? ""}\n`);
  }

  private async chooseRemote(): Promise<string> {
    this.write("Select remote.\n");
    const names = [...this.cf.sections()].sort();
    return this.choose("remote", "value", { values: names, help: [] }, "", true, true);
  }

  /** Asks for the name of a new remote until it is usable. */
  private async newRemoteName(): Promise<string> {
    for (;;) {
      this.write("Enter name for new remote.\nname> ");
      const name = await this.readLine();
      if (name === "") {
        this.write("Can't use empty name.\n");
        continue;
      }
      if (this.cf.hasSection(name)) {
        this.write(`Remote "${name}" already exists.\n`);
        continue;
      }
      try {
        checkConfigName(name);
      } catch {
        this.write(`Can't use ${JSON.stringify(name)} as ${ERR_INVALID_CHARACTERS}.\n`);
        continue;
      }
      return name;
    }
  }

  private storageOption(): OptionSpec {
    const regs = [...backends()].filter((b) => !b.hide).sort((a, b) => (a.description < b.description ? -1 : a.description > b.description ? 1 : 0));
    return {
      name: "Storage",
      help: "Type of storage to configure.",
      type: "string",
      default: "",
      required: true,
      examples: regs.map((r) => ({ value: r.name, help: r.description })),
    };
  }

  private async newRemote(name: string): Promise<void> {
    let reg: RegInfo;
    for (;;) {
      const type = await this.chooseOption(this.storageOption(), "");
      try {
        reg = findBackend(type);
        break;
      } catch {
        this.write(`Bad remote ${JSON.stringify(type)}: didn't find backend called ${JSON.stringify(type)}\n`);
      }
    }
    this.cf.setValue(name, "type", reg.name);
    this.section();
    await this.askOptions(name, reg, false);
    await this.oauthStep(name, reg, false);
    await this.finish(name, reg);
  }

  private async editRemote(name: string): Promise<void> {
    const type = this.cf.get(name, "type") ?? "";
    let reg: RegInfo;
    try {
      reg = findBackend(type);
    } catch {
      throw new FsError("config", `couldn't find type of fs for ${JSON.stringify(name)}`);
    }
    this.write(`Editing existing "${name}" remote with options:\n`);
    this.showOptions(name, reg);
    this.write("\n");
    await this.askOptions(name, reg, true);
    await this.oauthStep(name, reg, true);
    await this.finish(name, reg);
  }

  /** Every option the wizard shows: the standard ones, then the advanced ones if wanted. */
  private async askOptions(name: string, reg: RegInfo, editing: boolean): Promise<void> {
    const shown = reg.options.filter(askedInConfig);
    for (const o of shown.filter((o) => !o.advanced)) await this.askOne(name, o, editing);
    const advanced = shown.filter((o) => o.advanced);
    if (advanced.length === 0) return;
    // As rclone 1.60, the question comes back after the advanced options until answered no.
    for (;;) {
      this.write("Edit advanced config?\n");
      const yes = (await this.command(["yYes", "nNo"], 1)) === "y";
      this.section();
      if (!yes) return;
      for (const o of advanced) await this.askOne(name, o, editing);
    }
  }

  private async askOne(name: string, o: OptionSpec, editing: boolean): Promise<void> {
    const def = formatOptionValue(o, o.default);
    const current = editing ? this.cf.get(name, o.name) : undefined;
    const v = await this.chooseOption(o, current ?? def);
    this.section();
    if (v === def) this.cf.deleteKey(name, o.name);
    else this.cf.setValue(name, o.name, v);
  }

  private showOptions(name: string, reg: RegInfo): void {
    for (const k of this.cf.keys(name)) {
      const spec = reg.options.find((o) => o.name === k);
      const v = spec?.isPassword ? "*** ENCRYPTED ***" : (this.cf.get(name, k) ?? "");
      this.write(`- ${k}: ${v}\n`);
    }
  }

  /**
   * For OAuth backends: get a token, through the browser here ("Use auto
   * config?" y) or by pasting what `tclone authorize` printed on a machine
   * that has one (n). When editing, only if the user wants a new token.
   */
  private async oauthStep(name: string, reg: RegInfo, editing: boolean): Promise<void> {
    if (!reg.oauth) return;
    if (editing && (this.cf.get(name, "token") ?? "") !== "") {
      this.write("Already have a token - refresh?\n");
      const refresh = (await this.command(["yYes", "nNo"], 0)) === "y";
      this.section();
      if (!refresh) return;
    }
    this.write("Use auto config?\n * Say Y if not sure\n * Say N if you are working on a remote or headless machine\n\n");
    const auto = (await this.command(["yYes", "nNo"], 0)) === "y";
    this.section();
    let token: Token;
    if (auto) {
      await this.out.flush();
      token = await browserLogin(reg.oauth, { get: (k) => this.cf.get(name, k) }, {
        ...(this.hooks.bind ? { bind: this.hooks.bind } : {}),
        print: (l) => this.notice(l),
        openBrowser: this.hooks.openBrowser ?? openInBrowser,
      });
    } else {
      this.write(
        "Option config_token.\nFor this to work, you will need tclone available on a machine that has\na web browser available.\n" +
          "For more help and alternate methods see: https://rclone.org/remote_setup/\n" +
          "Execute the following on the machine with the web browser (same tclone\nversion recommended):\n" +
          `\ttclone authorize ${JSON.stringify(reg.name)}\nThen paste the result.\nEnter a value.\n`,
      );
      for (;;) {
        this.write("config_token> ");
        const pasted = await this.readLine();
        try {
          token = tokenFromJson(pasted);
          if (token.accessToken === "") throw new Error("no access token");
          break;
        } catch {
          this.write("Couldn't decode response - try again (make sure you are using a matching version of tclone on both sides)\n");
        }
      }
      this.section();
    }
    this.cf.setValue(name, "token", tokenToJson(token));
  }

  /** The summary and "Keep this remote?"; saves what was kept. */
  private async finish(name: string, reg: RegInfo): Promise<void> {
    this.write("Configuration complete.\nOptions:\n");
    this.showOptions(name, reg);
    this.write(`Keep this "${name}" remote?\n`);
    switch (await this.command(["yYes this is OK", "eEdit this remote", "dDelete this remote"], 0)) {
      case "e":
        this.section();
        return this.editRemote(name);
      case "d":
        this.cf.deleteSection(name);
        break;
    }
    this.cf.save();
  }

  /** The configuration password menu. */
  private async passwordMenu(): Promise<void> {
    for (;;) {
      const had = this.cf.isEncrypted();
      if (this.cf.isEncrypted()) {
        this.write("Your configuration is encrypted.\n");
        const c = await this.command(["cChange Password", "uUnencrypt configuration", "qQuit to main menu"]);
        if (c === "q") return;
        if (c === "u") {
          this.cf.removePassword();
          continue;
        }
      } else {
        this.write("Your configuration is not encrypted.\nIf you add a password, you will protect your login information to cloud services.\n");
        if ((await this.command(["aAdd Password", "qQuit to main menu"])) === "q") return;
      }
      const pw = await askNewPassword("NEW configuration", this.passwordIO());
      try {
        this.cf.setPassword(pw);
      } catch (err) {
        throw new FsError("config", `Failed to set config password: ${(err as Error).message}`);
      }
      this.cf.save();
      this.write(had ? "Password changed\n" : "Password set\n");
    }
  }

  /** Passwords read through the same line reader, hidden when stdin is a terminal. */
  private passwordIO(): PasswordIO {
    return {
      stdin: process.stdin,
      output: this.promptOut as PasswordIO["output"],
      stdout: process.stdout,
      readPassword: async () => {
        const tty = process.stdin as NodeJS.ReadStream;
        if (!(this.lines.isInteractive() && tty.isTTY)) return this.readLine();
        await this.out.flush();
        return this.lines.suspended(() => readHiddenLine(tty, this.promptOut as PasswordIO["output"]));
      },
    };
  }
}

/** How rclone names the kind of value an option takes ("boolean value (true or false)"). */
function valueKind(o: OptionSpec, defaultValue: string): string {
  if (o.type === "bool") return "boolean value (true or false)";
  if (defaultValue === "") return "value";
  switch (o.type) {
    case "string":
      return "string value";
    case "encoding":
      return "encoder.MultiEncoder value";
    case "size":
      return "fs.SizeSuffix value";
    case "duration":
      return "fs.Duration value";
    case "int":
      return "int value";
    case "commaList":
      return "fs.CommaSepList value";
    case "spaceList":
      return "fs.SpaceSepList value";
    default:
      return `${o.type} value`;
  }
}
