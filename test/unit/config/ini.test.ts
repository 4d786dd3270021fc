import { describe, expect, it } from "vitest";
import { isKind } from "../../../src/fs/errors.js";
import { DEFAULT_SECTION, IniFile } from "../../../src/config/ini.js";

describe("IniFile: reading", () => {
  it("keeps sections and keys in file order and reads `key: value` too", () => {
    const ini = IniFile.parse("[zeta]\ntype = local\nb: 2\na=1\n\n[alpha]\ntype = s3\n");
    expect(ini.sections()).toEqual(["zeta", "alpha"]);
    expect(ini.keys("zeta")).toEqual(["type", "b", "a"]);
    expect(ini.getValue("zeta", "b")).toBe("2");
    expect(ini.getValue("zeta", "a")).toBe("1");
  });

  it("splits at the first = or : so values may contain both", () => {
    const ini = IniFile.parse("[r]\nurl = http://h:8080/?a=b\ntoken = {\"a\":\"b=c\"}\n");
    expect(ini.getValue("r", "url")).toBe("http://h:8080/?a=b");
    expect(ini.getValue("r", "token")).toBe('{"a":"b=c"}');
  });

  it("skips a UTF-8 BOM and accepts CRLF line ends", () => {
    const ini = IniFile.parse("\ufeff[nounc]\r\ntype = local\r\nnounc = true\r\n\r\n[unc]\r\ntype = local\r\n");
    expect(ini.sections()).toEqual(["nounc", "unc"]);
    expect(ini.keys("nounc")).toEqual(["type", "nounc"]);
    expect(ini.getValue("nounc", "nounc")).toBe("true");
  });

  it("puts keys before any section into DEFAULT", () => {
    const ini = IniFile.parse("user = bob\n[a]\ntype = local\n");
    expect(ini.sections()).toEqual([DEFAULT_SECTION, "a"]);
    expect(ini.getValue("", "user")).toBe("bob");
    expect(ini.getValue(DEFAULT_SECTION, "user")).toBe("bob");
  });

  it("keeps a section that has no keys", () => {
    const ini = IniFile.parse("[empty]\n[full]\ntype = local\n");
    expect(ini.hasSection("empty")).toBe(true);
    expect(ini.keys("empty")).toEqual([]);
  });

  it("unquotes backtick and triple-quoted keys and values but keeps plain double quotes on values", () => {
    const ini = IniFile.parse('[c]\n`k:1` = `v``\n"""q"k=""" = """x"y"""\n"z=" = "kept"\n');
    expect(ini.keys("c")).toEqual(["k:1", 'q"k=', "z="]);
    expect(ini.getValue("c", "k:1")).toBe("v`");
    expect(ini.getValue("c", 'q"k=')).toBe('x"y');
    expect(ini.getValue("c", "z=")).toBe('"kept"');
  });

  it("numbers `-` keys per section", () => {
    const ini = IniFile.parse("[c]\n- = one\n- = two\n[d]\n- = three\n");
    expect(ini.keys("c")).toEqual(["#1", "#2"]);
    expect(ini.keys("d")).toEqual(["#1"]);
  });

  it("rejects a line without a separator, without echoing the rest of the line", () => {
    let caught: unknown;
    try {
      IniFile.parse("[a]\ntype = local\npass s3cr3t-value\n");
    } catch (err) {
      caught = err;
    }
    expect(isKind(caught, "config")).toBe(true);
    expect((caught as Error).message).toBe('could not parse line 3: no "=" or ":"');
    expect((caught as Error).message).not.toContain("s3cr3t");
  });

  it("rejects keys after an empty section name, as goconfig does", () => {
    expect(() => IniFile.parse("[]\na = b\n")).toThrow("empty section name not allowed");
    // An empty header alone is accepted (it names DEFAULT).
    expect(IniFile.parse("[]\n").sections()).toEqual([DEFAULT_SECTION]);
  });

  it("rejects an unterminated backtick value", () => {
    expect(() => IniFile.parse("[a]\nk = `open\n")).toThrow("could not parse line 2: unterminated quoted value");
    expect(() => IniFile.parse("[a]\n= v\n")).toThrow("could not parse line 2: empty key");
    expect(() => IniFile.parse('[a]\n"k = v\n')).toThrow("could not parse line 2: unterminated quoted key");
  });

  it("falls back from section a.b to a for missing keys", () => {
    const ini = IniFile.parse("[a]\ntype = local\nx = 1\n[a.b]\ntype = alias\n");
    expect(ini.getValue("a.b", "x")).toBe("1");
    expect(ini.getValue("a.b", "type")).toBe("alias");
    expect(ini.getValue("a.b", "nope")).toBeUndefined();
    expect(ini.getValue("missing", "type")).toBeUndefined();
  });

  it("expands %(name)s from DEFAULT, then the same section, else to nothing — with goconfig's cut-set quirk", () => {
    const ini = IniFile.parse("user = bob\n[a]\np = /home/%(user)s/x%(pass)s%(zz)s\npa = PA\n");
    // "%(pass)s" names "pa" (trailing s and ) are stripped as a set), exactly what rclone shows.
    expect(ini.getValue("a", "p")).toBe("/home/bob/xPA");
    expect(ini.getRaw("a", "p")).toBe("/home/%(user)s/x%(pass)s%(zz)s");
  });

  it("survives a DEFAULT value that refers to itself", () => {
    const ini = IniFile.parse("a = x%(a)s\n[s]\nk = %(a)s\n");
    expect(ini.getValue("s", "k")).toMatch(/^x+/);
  });
});

describe("IniFile: writing", () => {
  it("round-trips a file with comments, DEFAULT keys and quoted keys", () => {
    const text = [
      "; top comment",
      "# second line",
      "default_key = dv",
      "",
      "# about one",
      "[one]",
      "type = number1",
      "; about fruit",
      "fruit = potato",
      "",
      "[two]",
      "type = number2",
      "`a=b` = c",
      "",
      "",
    ].join("\n");
    const ini = IniFile.parse(text);
    expect(ini.serialize()).toBe(text);
    expect(IniFile.parse(ini.serialize()).serialize()).toBe(text);
  });

  it("writes rclone's layout: spaces around =, a blank line after every section", () => {
    const ini = new IniFile();
    ini.setValue("one", "type", "number1");
    ini.setValue("one", "fruit", "potato");
    ini.setValue("two", "type", "number2");
    expect(ini.serialize()).toBe("[one]\ntype = number1\nfruit = potato\n\n[two]\ntype = number2\n\n");
    expect(ini.serialize("\r\n")).toBe("[one]\r\ntype = number1\r\nfruit = potato\r\n\r\n[two]\r\ntype = number2\r\n\r\n");
  });

  it("re-quotes keys with = or : and values with backticks like goconfig", () => {
    const ini = IniFile.parse('[c]\n`k:1` = `v``\n"""q"k=""" = """x"y"""\n- = one\n');
    expect(ini.serialize()).toBe('[c]\n`k:1` = "v`"\n`q"k=` = x"y\n- = one\n\n');
  });

  it("stores empty values and writes them as `key = `", () => {
    const ini = IniFile.parse("[y]\ntype = local\nnounc =\n");
    expect(ini.getValue("y", "nounc")).toBe("");
    expect(ini.serialize()).toBe("[y]\ntype = local\nnounc = \n\n");
  });

  it("keeps an existing key's place on update and appends new keys and sections", () => {
    const ini = IniFile.parse("[a]\ntype = local\nx = 1\n");
    ini.setValue("a", "type", "s3");
    ini.setValue("a", "y", "2");
    ini.setValue("b", "type", "local");
    expect(ini.serialize()).toBe("[a]\ntype = s3\nx = 1\ny = 2\n\n[b]\ntype = local\n\n");
  });

  it("deletes keys with their comments, and sections with theirs", () => {
    const ini = IniFile.parse("# sec\n[a]\n# c\nx = 1\ntype = local\n[b]\ntype = s3\n");
    expect(ini.deleteKey("a", "x")).toBe(true);
    expect(ini.deleteKey("a", "x")).toBe(false);
    expect(ini.serialize()).toBe("# sec\n[a]\ntype = local\n\n[b]\ntype = s3\n\n");
    expect(ini.deleteSection("a")).toBe(true);
    expect(ini.serialize()).toBe("[b]\ntype = s3\n\n");
    expect(ini.deleteSection("a")).toBe(false);
  });

  it("writes an empty file as nothing and a keyless section as its header", () => {
    expect(new IniFile().serialize()).toBe("");
    const ini = IniFile.parse("[empty]\n");
    expect(ini.serialize()).toBe("[empty]\n\n");
  });

  it("refuses an empty key", () => {
    const ini = new IniFile();
    expect(ini.setValue("a", "", "v")).toBe(false);
    expect(ini.hasSection("a")).toBe(false);
  });

  it("drops comments that are not followed by a key or section", () => {
    expect(IniFile.parse("[a]\ntype = local\n# trailing\n").serialize()).toBe("[a]\ntype = local\n\n");
  });
});
