/**
 * Logging for runs: plain lines or JSON lines (`--log-format json`), tagged by subsystem,
 * always on stderr so stdout stays the command's output. With JSON logs every stderr line is
 * one JSON object: lines other code writes (Crawlee, Node warnings, the CLI's own errors) are
 * wrapped as they pass (`jsonStderr`).
 */
export type LogFormat = 'text' | 'json';
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  child(subsystem: string): Logger;
}

let defaultFormat: LogFormat = 'text';
let quiet = false;

/** Sets the process-wide log format (from --log-format; the CLI also wraps stderr with `jsonStderr`). */
export function setLogFormat(format: LogFormat): void {
  defaultFormat = format;
}

/** The process-wide log format. */
export function logFormat(): LogFormat {
  return defaultFormat;
}

/** Silences info/debug lines (tests). */
export function setQuiet(q: boolean): void {
  quiet = q;
}

/** One log line as JSON: time, level, subsystem, message, then the fields. */
export function jsonLine(level: Level, subsystem: string, msg: string, fields?: Record<string, unknown>): string {
  return `${JSON.stringify({ t: new Date().toISOString(), level, subsystem, msg, ...fields })}\n`;
}

/**
 * Writes one line on stderr in the process's log format, whatever the logger settings (errors
 * and the run report of the CLI): JSON with `--log-format json`, else `text` as given.
 */
export function stderrLine(level: Level, subsystem: string, text: string, fields?: Record<string, unknown>): void {
  if (defaultFormat === 'json') process.stderr.write(jsonLine(level, subsystem, text, fields));
  else process.stderr.write(`${text}\n`);
}

export function createLogger(subsystem: string): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (quiet && (level === 'info' || level === 'debug')) return;
    if (level === 'debug' && !process.env.WENZHENG_DEBUG) return;
    if (defaultFormat === 'json') {
      process.stderr.write(jsonLine(level, subsystem, msg, fields));
    } else {
      const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
      process.stderr.write(`[${subsystem}] ${level === 'info' ? '' : `${level}: `}${msg}${extra}\n`);
    }
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    debug: (m, f) => write('debug', m, f),
    child: (s) => createLogger(`${subsystem}.${s}`),
  };
}

const wrapped = new WeakSet<NodeJS.WritableStream>();

/**
 * Makes every line written to `stream` a JSON object: lines that already are one pass as they
 * are, any other text (a library's log line, a warning, a stack) becomes
 * `{"t","level":"info"|"warn","subsystem":"stderr","msg":<the line>}`. Partial lines wait for
 * their end; carriage-return redraws are dropped. Idempotent.
 */
export function jsonStderr(stream: NodeJS.WritableStream): void {
  if (wrapped.has(stream)) return;
  wrapped.add(stream);
  const original = stream.write.bind(stream) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  let pending = '';
  const wrap = (line: string): string => {
    // Terminal colour and erase codes mean nothing in a JSON line.
    const trimmed = line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trim();
    if (!trimmed) return '';
    if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
      try {
        JSON.parse(trimmed);
        return `${trimmed}\n`;
      } catch {
        // not JSON after all: wrapped below
      }
    }
    const level: Level = /\b(warn|warning)\b/i.test(trimmed) ? 'warn' : /\berror\b/i.test(trimmed) ? 'error' : 'info';
    return jsonLine(level, 'stderr', trimmed);
  };
  (stream as { write: unknown }).write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    // A carriage return redraws a terminal line: only the last drawing of a line counts.
    const out = lines.map((l) => wrap(l.split('\r').pop() ?? '')).join('');
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (!out) {
      cb?.();
      return true;
    }
    return cb ? original(out, cb) : original(out);
  };
  process.once('exit', () => {
    if (pending.trim()) original(wrap(pending));
    pending = '';
  });
}
