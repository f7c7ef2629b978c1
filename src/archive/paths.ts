/** Where the archive lives by default (kept apart from db.ts so the CLI starts without SQLite). */
export const DEFAULT_DB = 'storage/wenzheng.sqlite';
