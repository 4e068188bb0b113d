import type { Kysely } from 'kysely';

/** Reserved for the logistics area's tables; filled by the change that adds them. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
