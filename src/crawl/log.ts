/**
 * Logging for runs: plain lines or JSON lines (`--log-format json`), tagged by subsystem,
 * always on stderr so stdout stays the command's output.
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

/** Sets the process-wide log format (from --log-format). */
export function setLogFormat(format: LogFormat): void {
  defaultFormat = format;
}

/** Silences info/debug lines (tests). */
export function setQuiet(q: boolean): void {
  quiet = q;
}

export function createLogger(subsystem: string): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (quiet && (level === 'info' || level === 'debug')) return;
    if (level === 'debug' && !process.env.WENZHENG_DEBUG) return;
    if (defaultFormat === 'json') {
      process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level, subsystem, msg, ...fields })}\n`);
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
