/**
 * Logging in rclone's format:
 *   2026/11/23 06:41:38 ERROR : a.txt: file not in Local file system at /x
 * The subject ("a.txt") is whatever the message is about: an object's remote
 * path, an Fs's description, or nothing.
 */

export enum LogLevel {
  Emergency = 0,
  Alert = 1,
  Critical = 2,
  Error = 3,
  Warning = 4,
  Notice = 5,
  Info = 6,
  Debug = 7,
}

const LEVEL_NAMES: Record<LogLevel, string> = {
  [LogLevel.Emergency]: "EMERGENCY",
  [LogLevel.Alert]: "ALERT",
  [LogLevel.Critical]: "CRITICAL",
  [LogLevel.Error]: "ERROR",
  [LogLevel.Warning]: "WARNING",
  [LogLevel.Notice]: "NOTICE",
  [LogLevel.Info]: "INFO",
  [LogLevel.Debug]: "DEBUG",
};

export function logLevelName(l: LogLevel): string {
  return LEVEL_NAMES[l];
}

/** Parses DEBUG|INFO|NOTICE|ERROR (and the other level names), case-insensitively. */
export function parseLogLevel(s: string): LogLevel {
  const u = s.toUpperCase();
  for (const [k, v] of Object.entries(LEVEL_NAMES)) if (v === u) return Number(k) as LogLevel;
  throw new Error(`unknown log level "${s}"`);
}

/** Something a log line can be about. */
export type LogSubject = string | { toString(): string } | undefined;

export interface LogFormat {
  date: boolean;
  time: boolean;
  microseconds: boolean;
  utc: boolean;
  pid: boolean;
  nolevel: boolean;
  json: boolean;
}

export const DEFAULT_LOG_FORMAT: LogFormat = {
  date: true,
  time: true,
  microseconds: false,
  utc: false,
  pid: false,
  nolevel: false,
  json: false,
};

/** Parses `--log-format` (a comma list: date,time,microseconds,UTC,longfile,shortfile,pid,nolevel,json). */
export function parseLogFormat(s: string): LogFormat {
  const f: LogFormat = { date: false, time: false, microseconds: false, utc: false, pid: false, nolevel: false, json: false };
  for (const part of s.split(",").map((p) => p.trim().toLowerCase())) {
    switch (part) {
      case "date":
        f.date = true;
        break;
      case "time":
        f.time = true;
        break;
      case "microseconds":
        f.microseconds = true;
        break;
      case "utc":
        f.utc = true;
        break;
      case "pid":
        f.pid = true;
        break;
      case "nolevel":
        f.nolevel = true;
        break;
      case "json":
        f.json = true;
        break;
      default:
        break; // longfile/shortfile have no meaning here
    }
  }
  return f;
}

export type LogSink = (line: string) => void;

const pad2 = (n: number): string => (n < 10 ? "0" : "") + n;

export class Logger {
  level: LogLevel = LogLevel.Notice;
  format: LogFormat = { ...DEFAULT_LOG_FORMAT };
  /** Where finished lines go (each ends in "\n"). */
  sink: LogSink = (line) => {
    process.stderr.write(line);
  };

  enabled(level: LogLevel): boolean {
    return level <= this.level;
  }

  log(level: LogLevel, subject: LogSubject, msg: string): void {
    if (level > this.level) return;
    this.sink(this.formatLine(level, subject, msg));
  }

  debug(subject: LogSubject, msg: string): void {
    this.log(LogLevel.Debug, subject, msg);
  }
  info(subject: LogSubject, msg: string): void {
    this.log(LogLevel.Info, subject, msg);
  }
  notice(subject: LogSubject, msg: string): void {
    this.log(LogLevel.Notice, subject, msg);
  }
  error(subject: LogSubject, msg: string): void {
    this.log(LogLevel.Error, subject, msg);
  }
  critical(subject: LogSubject, msg: string): void {
    this.log(LogLevel.Critical, subject, msg);
  }

  /** A line with no level, as Go's log.Printf writes (e.g. "Failed to copy: …"). */
  plain(msg: string): void {
    this.sink(this.prefix(new Date()) + msg + "\n");
  }

  private prefix(now: Date): string {
    const f = this.format;
    let s = "";
    if (f.pid) s += `[${process.pid}] `;
    const utc = f.utc;
    if (f.date) {
      const y = utc ? now.getUTCFullYear() : now.getFullYear();
      const m = (utc ? now.getUTCMonth() : now.getMonth()) + 1;
      const d = utc ? now.getUTCDate() : now.getDate();
      s += `${y}/${pad2(m)}/${pad2(d)} `;
    }
    if (f.time || f.microseconds) {
      const h = utc ? now.getUTCHours() : now.getHours();
      const mi = utc ? now.getUTCMinutes() : now.getMinutes();
      const se = utc ? now.getUTCSeconds() : now.getSeconds();
      s += `${pad2(h)}:${pad2(mi)}:${pad2(se)}`;
      if (f.microseconds) s += "." + String(now.getMilliseconds() * 1000).padStart(6, "0");
      s += " ";
    }
    return s;
  }

  formatLine(level: LogLevel, subject: LogSubject, msg: string): string {
    const now = new Date();
    if (this.format.json) {
      const o: Record<string, string> = { time: now.toISOString(), level: LEVEL_NAMES[level].toLowerCase(), msg };
      if (subject !== undefined) o["object"] = String(subject);
      return JSON.stringify(o) + "\n";
    }
    let s = this.prefix(now);
    if (!this.format.nolevel) s += LEVEL_NAMES[level].padEnd(6) + ": ";
    if (subject !== undefined) s += String(subject) + ": ";
    return s + msg + "\n";
  }
}
