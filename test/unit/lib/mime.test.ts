/**
 * lib/mime: Go's TypeByExtension rules on synthetic databases, and the
 * installed rclone's lsjson MimeType for thousands of names on this system.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MIME_DEFAULT, MimeTable, mimeTypeByExtension, mimeTypeByName, pathExt } from "../../../src/lib/mime.js";

const tmp = mkdtempSync(join(tmpdir(), "tclone-mime-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe("pathExt (Go's path.Ext)", () => {
  it("takes the suffix from the last dot of the last element", () => {
    expect(pathExt("a.tar.gz")).toBe(".gz");
    expect(pathExt("dir.d/file")).toBe("");
    expect(pathExt("dir/.bashrc")).toBe(".bashrc");
    expect(pathExt("a.")).toBe(".");
    expect(pathExt("noext")).toBe("");
    expect(pathExt("")).toBe("");
  });
});

describe("MimeTable rules", () => {
  it("reads globs2 in weight order, first entry per exact extension wins, built-ins win", () => {
    const globs = file(
      "globs2",
      [
        "# comment",
        "80:text/html:*.html",
        "60:application/x-first:*.dup",
        "50:application/x-second:*.dup",
        "50:application/javascript:*.js",
        "50:text/x-c++src:*.C:cs",
        "50:text/x-csrc:*.c",
        "50:application/x-troff-man:*.[1-9]",
        "50:application/x-sharedlib:*.so.[0-9]*",
        "50:application/x-core:core:cs",
        "50:text/X-Upper:*.up",
        "50:Text/Plain:*.tp",
        "50:text/plain; format=flowed:*.ff",
        "50:application/x-bad type:*.bad",
        "50:image/x-crlf:*.crlf\r",
      ].join("\n"),
    );
    const t = MimeTable.load({ globs: [join(tmp, "missing"), globs], typeFiles: [file("unused.types", "x/y z\n")] });
    expect(t.typeByExtension(".html")).toBe("text/html; charset=utf-8");
    expect(t.typeByExtension(".dup")).toBe("application/x-first");
    expect(t.typeByExtension(".js")).toBe("text/javascript; charset=utf-8");
    expect(t.typeByExtension(".C")).toBe("text/x-c++src; charset=utf-8");
    expect(t.typeByExtension(".c")).toBe("text/x-csrc; charset=utf-8");
    expect(t.typeByExtension(".CPP")).toBe("");
    expect(t.typeByExtension(".1")).toBe("");
    expect(t.typeByExtension(".so.1")).toBe("");
    expect(t.typeByExtension(".up")).toBe("text/x-upper; charset=utf-8");
    expect(t.typeByExtension(".tp")).toBe("Text/Plain");
    expect(t.typeByExtension(".ff")).toBe("");
    expect(t.typeByExtension(".bad")).toBe("");
    expect(t.typeByExtension(".crlf")).toBe("image/x-crlf");
    // mime.types ("x/y z") is not read when a globs2 file exists.
    expect(t.typeByExtension(".z")).toBe("");
    // rclone's fallbacks fill the gaps.
    expect(t.typeByExtension(".mkv")).toBe("video/x-matroska");
    expect(t.typeByExtension(".ts")).toBe("video/MP2T");
    expect(t.typeByExtension(".TS")).toBe("video/MP2T");
  });

  it("falls back to mime.types files, where later entries override, built-ins too", () => {
    const a = file("a.types", "# c\napplication/javascript js\ntext/x-one one two # three\nimage/x-a\timg  IMG2\n");
    const b = file("b.types", "text/x-two two\n");
    const t = MimeTable.load({ globs: [join(tmp, "nope")], typeFiles: [a, join(tmp, "nope.types"), b] });
    expect(t.typeByExtension(".js")).toBe("application/javascript");
    expect(t.typeByExtension(".one")).toBe("text/x-one; charset=utf-8");
    expect(t.typeByExtension(".two")).toBe("text/x-two; charset=utf-8");
    expect(t.typeByExtension(".three")).toBe("");
    expect(t.typeByExtension(".IMG")).toBe("image/x-a");
    expect(t.typeByExtension(".IMG2")).toBe("image/x-a");
    expect(t.typeByExtension(".img2")).toBe("image/x-a");
  });

  it("with no system files has only the built-ins and rclone's own registrations", () => {
    const t = MimeTable.load({ globs: [], typeFiles: [] });
    expect(t.typeByExtension(".PNG")).toBe("image/png");
    expect(t.typeByExtension(".mp3")).toBe("audio/mpeg");
    expect(t.typeByExtension(".srt")).toBe("application/x-subrip");
    expect(t.typeByExtension(".txt")).toBe("text/plain; charset=utf-8"); // from the Drive backend
    expect(t.typeByExtension(".URL")).toBe("application/x-link-url");
    expect(t.typeByExtension(".rtf")).toBe("application/rtf");
    expect(t.typeByExtension(".yaml")).toBe("");
  });

  it("gives octet-stream when nothing is known", () => {
    expect(mimeTypeByName("noext")).toBe(MIME_DEFAULT);
    expect(mimeTypeByName("x.definitely-not-a-type")).toBe(MIME_DEFAULT);
    expect(mimeTypeByName("dir.png/file")).toBe(MIME_DEFAULT);
    expect(mimeTypeByName("dir/file.PNG")).toBe("image/png");
    expect(mimeTypeByExtension(".definitely-not")).toBe("");
  });
});

// ---------------------------------------------------------------------------

const haveRclone = spawnSync("rclone", ["version"], { env: { ...process.env, RCLONE_CONFIG: "/dev/null" } }).status === 0;

/** Every plain extension the system database names, plus mime.types, plus odd cases. */
function oracleNames(): string[] {
  const exts = new Set<string>();
  for (const f of ["/usr/share/mime/globs2", "/usr/local/share/mime/globs2"]) {
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, "utf8").split("\n")) {
      const glob = line.split(":")[2];
      if (glob?.startsWith("*.")) exts.add(glob.slice(1));
    }
  }
  if (existsSync("/etc/mime.types")) {
    for (const line of readFileSync("/etc/mime.types", "utf8").split("\n")) {
      if (line.startsWith("#")) continue;
      for (const e of line.split(/\s+/).slice(1)) if (e) exts.add("." + e);
    }
  }
  for (const e of [
    ".flac", ".mpga", ".mpega", ".mp2", ".mp3", ".m4a", ".oga", ".ogg", ".opus", ".spx", ".wav", ".tiff", ".tif",
    ".dif", ".dv", ".fli", ".mpeg", ".mpg", ".mpe", ".ts", ".mp4", ".qt", ".mov", ".ogv", ".webm", ".avi", ".mpv",
    ".mkv", ".srt", ".avif", ".css", ".gif", ".htm", ".html", ".jpeg", ".jpg", ".js", ".json", ".mjs", ".pdf",
    ".png", ".svg", ".wasm", ".webp", ".xml", ".txt", ".1", ".9", ".anim1", ".[1-9]", ".so.1", ".", ".İ", ".ÄPK",
  ]) {
    exts.add(e);
  }
  const names = new Set<string>(["noext", ".bashrc", "a.tar.gz", "a.tar.GZ", "Makefile", "core", "x.y.z"]);
  for (const e of exts) {
    if (e.includes("/") || e.length > 200) continue;
    names.add("f" + e);
    names.add("u" + e.toUpperCase());
    names.add("m" + e.slice(0, 2) + e.slice(2).toUpperCase());
  }
  return [...names];
}

describe.runIf(haveRclone)("oracle: rclone lsjson MimeType", () => {
  it("matches for every extension this system knows, in three letter cases", () => {
    const dir = join(tmp, "oracle");
    mkdirSync(dir);
    mkdirSync(join(dir, "sub.png"));
    const names = oracleNames();
    for (const n of names) writeFileSync(join(dir, n), "");
    writeFileSync(join(dir, "sub.png", "inner"), "");
    const r = spawnSync("rclone", ["lsjson", "-R", "--no-modtime", dir], {
      env: { ...process.env, RCLONE_CONFIG: "/dev/null" },
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    expect(r.status).toBe(0);
    const items = JSON.parse(r.stdout) as Array<{ Path: string; MimeType: string; IsDir: boolean }>;
    const mismatches: string[] = [];
    for (const item of items) {
      const ours = item.IsDir ? "inode/directory" : mimeTypeByName(item.Path);
      if (ours !== item.MimeType) mismatches.push(`${item.Path}: rclone ${item.MimeType}, ours ${ours}`);
    }
    expect(items.length).toBe(names.length + 2);
    expect(names.length).toBeGreaterThan(1000);
    expect(mismatches).toEqual([]);
  });
});
