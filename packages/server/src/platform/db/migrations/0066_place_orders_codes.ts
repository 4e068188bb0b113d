import type { Kysely } from 'kysely';
import { loadOrderingSql } from './0030_checkout_function.ts';

/**
 * The batch checkout write (ordering's place-orders.sql) tries the pickup code candidates in rounds
 * of one statement each (every order's first, then the next for the few whose code was taken)
 * instead of a second, per-order copy of the orders insert. Same writes and failures.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await loadOrderingSql(db, 'place-orders.sql', 'b75906a79c8df15bd22ca6be4fbaa7fc382b81f74b5e53c890550886bf0eb57f');
}
