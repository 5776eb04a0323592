import pino, { type DestinationStream, type Logger } from "pino";
import { redactString, redactValue } from "./redact";
import { currentRequestRef } from "./request-context";

// The app's one logger. Production (APP_MODE=production): one JSON object per line on stdout, for a
// log shipper. Local: one readable line per entry. Every entry carries the serving request's
// reference id (`ref`) when there is one, and passes through redactValue, so secrets never land in
// a log whatever the caller hands it. Not `server-only`: the job worker (instrumentation) logs too.
export type LogFormat = "json" | "pretty";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace";

const LEVEL_NAMES: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

const PRETTY_SKIPPED = new Set(["level", "levelName", "time", "msg", "component", "ref", "pid", "hostname"]);

/** Line breaks and other control characters escaped, so a logged value can't forge a line of its own. */
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));

/** Local mode's line: `12:34:56 WARN  [bulk] message ref=… key=value`. */
export function prettyLine(entry: Record<string, unknown>): string {
  const { level, time, msg, component, ref } = entry;
  const rest = Object.entries(entry).filter(([k]) => !PRETTY_SKIPPED.has(k));
  const clock = typeof time === "number" ? new Date(time).toISOString().slice(11, 19) : "";
  const name = (LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5);
  const extras = rest.map(([k, v]) => {
    if (k === "err" && v && typeof v === "object" && "stack" in v) return `\n${String((v as { stack: unknown }).stack)}`;
    return ` ${k}=${typeof v === "string" ? oneLine(v) : JSON.stringify(v)}`;
  });
  return `${clock} ${name} ${component ? `[${String(component)}] ` : ""}${oneLine(String(msg ?? ""))}${ref ? ` ref=${String(ref)}` : ""}${extras.join("")}\n`;
}

function prettyDestination(out: (line: string) => void): DestinationStream {
  return { write: (line: string) => out(prettyLine(JSON.parse(line) as Record<string, unknown>)) };
}

export type LoggerOptions = {
  format?: LogFormat;
  level?: LogLevel;
  /** Where lines go (tests); default stdout. */
  write?: (line: string) => void;
};

export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.env.APP_MODE === "production" ? "json" : "pretty");
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const destination: DestinationStream = format === "json" ? { write } : prettyDestination(write);
  return pino(
    {
      level: options.level ?? parseLevel(process.env.LOG_LEVEL),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.epochTime,
      messageKey: "msg",
      // The request's reference id, read at write time (the logger outlives any one request).
      mixin: () => {
        const ref = currentRequestRef();
        return ref ? { ref } : {};
      },
      formatters: {
        level: (label, number) => ({ level: number, levelName: label }),
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        // The message string can carry a secret too (an error message quoting a URL with a cursor).
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === "string" ? redactString(a) : a)) as typeof args;
          return method.apply(this, redacted);
        },
      },
    },
    destination,
  );
}

function parseLevel(value: string | undefined): LogLevel {
  const levels: LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace"];
  return levels.find((l) => l === value) ?? "info";
}

const state = globalThis as unknown as { orcLogger?: Logger };

/** The process's logger, or a child named after the component (`[bulk]`, `[guard]`…). */
export function logger(component?: string): Logger {
  state.orcLogger ??= createLogger();
  return component ? state.orcLogger.child({ component }) : state.orcLogger;
}

/** Replaces the process's logger (suites that read what the app logs; scripts with another destination). */
export function replaceLogger(replacement: Logger): void {
  state.orcLogger = replacement;
}

/** `error` as the `err` field pino and log shippers expect. */
export function errorFields(error: unknown): { err: unknown } {
  return { err: error instanceof Error ? error : { message: String(error) } };
}
