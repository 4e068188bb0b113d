import type { Executor, Tx } from './database.ts';

/**
 * Runs `work` in a transaction: the caller's when `db` is one already (so a module's write joins
 * another's, all or nothing), else a new one.
 */
export function inTransaction<T>(db: Executor, work: (trx: Tx) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Tx) : db.transaction().execute(work);
}
