/** Where the archive lives by default, and how a `--db` value names one (kept apart from db.ts so the CLI starts without SQLite). */
export const DEFAULT_DB = 'storage/wenzheng.sqlite';

/** Whether a `--db` value is a PostgreSQL URL (anything else is a SQLite file path). */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** A PostgreSQL URL as it may be printed: the password replaced by `***`. */
export function redactUrl(target: string): string {
  if (!isPostgresUrl(target)) return target;
  try {
    const u = new URL(target);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return target.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
  }
}
