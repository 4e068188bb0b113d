import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from './db/database.ts';
import { randomToken } from './ids.ts';

/**
 * The installation's secret (signs dev payment notifications, keys SMS-code hashes). Generated at
 * the first start and kept in the database, so it never lives in the repository and every API
 * process of one installation shares it.
 */
export async function loadInstallationSecret(db: Database): Promise<string> {
  await sql`insert into settings (key, value) values ('installation_secret', ${randomToken()})
            on conflict (key) do nothing`.execute(db);
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'installation_secret').executeTakeFirstOrThrow();
  return row.value;
}

export function hmac(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
