/** At most this many rows per statement, so that no statement holds locks for long. */
export const BATCH_SIZE = 1000;

/**
 * Select a batch of ids, delete them by primary key, repeat until a batch comes back short.
 * Portable (SQLite has no DELETE ... LIMIT) and gentle on a busy MySQL.
 */
export async function deleteInBatches<Id>(
  select: (limit: number) => Promise<Id[]>,
  remove: (ids: Id[]) => Promise<unknown>,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const ids = await select(BATCH_SIZE);
    if (ids.length > 0) await remove(ids);
    deleted += ids.length;
    if (ids.length < BATCH_SIZE) return deleted;
  }
}
