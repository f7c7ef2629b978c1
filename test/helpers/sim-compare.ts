/** Compares an archive with the simulator's ground truth, field by field. */
import type { Archive } from '../../src/archive/db.js';
import { resolveDepartment } from '../../src/extract/departments.js';
import type { Truth } from '../../src/simulate/index.js';

export interface Mismatch {
  id: string;
  field: string;
  archive: unknown;
  truth: unknown;
}

/** Every truth message against the archive row; plus archive rows the truth does not know. */
export async function compareWithTruth(archive: Archive, truth: Truth): Promise<Mismatch[]> {
  const rows = await archive.db
    .selectFrom('message')
    .leftJoin('department', 'department.id', 'message.departmentId')
    .select([
      'message.sourceId',
      'message.externalId',
      'message.url',
      'message.title',
      'message.postedAt',
      'message.status',
      'message.firstReplyAt',
      'message.replyCount',
      'message.goneAt',
      'message.departmentId',
      'department.name as department',
    ])
    .execute();
  const aliases = new Map(
    (await archive.db.selectFrom('departmentAlias').selectAll().execute()).map((a) => [a.alias, a.departmentId]),
  );
  /** The department the archive files a printed name under (names are resolved to canonical ones). */
  const departmentOf = (printed: string | null | undefined) => {
    const name = resolveDepartment(printed)?.name;
    return name ? (aliases.get(name) ?? `unknown: ${printed}`) : null;
  };
  const byKey = new Map(rows.map((r) => [`${r.sourceId}:${r.externalId}`, r]));
  const out: Mismatch[] = [];
  const deleted = new Set(((truth as unknown as { deleted?: { externalId: string }[] }).deleted ?? []).map((d) => `cnhubei-minsheng:${d.externalId}`));
  for (const t of truth.messages) {
    const id = `${t.source}:${t.externalId}`;
    const r = byKey.get(id);
    if (!r) {
      out.push({ id, field: '(missing)', archive: null, truth: t.url });
      continue;
    }
    byKey.delete(id);
    const pairs: [string, unknown, unknown][] = [
      ['url', r.url, t.url],
      ['title', r.title, t.title],
      ['postedAt', r.postedAt, t.postedAt],
      ['status', r.status, t.status],
      ['firstReplyAt', r.firstReplyAt, t.firstReplyAt],
      ['replyCount', r.replyCount, t.replyCount],
      ['department', r.departmentId, departmentOf(t.department)],
    ];
    for (const [field, a, b] of pairs) if (a !== b) out.push({ id, field, archive: a, truth: b });
  }
  // Left over: archive rows that the board no longer shows must be ones it deleted.
  for (const id of byKey.keys()) if (!deleted.has(id)) out.push({ id, field: '(extra)', archive: id, truth: null });
  return out;
}
