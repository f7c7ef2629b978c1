/** Bad input for a snapshot (a date, a folder, an empty archive, a damaged earlier snapshot): the CLI exits 2. */
export class SnapshotInputError extends Error {
  override name = 'SnapshotInputError';
}
