import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { WechatpayCredentialsTable } from '../../platform/db/schema.payment-credentials.ts';

export type StoredCredentials = Selectable<WechatpayCredentialsTable>;

/** An operator's own WeChat Pay credentials as stored (secrets still sealed), or undefined. */
export function storedCredentials(db: Executor, operatorId: string): Promise<StoredCredentials | undefined> {
  return db.selectFrom('wechatpay_credentials').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
}

/** Which revision of its credentials an operator has (undefined: none): a cheap check before reusing a built client. */
export async function credentialsRevision(db: Executor, operatorId: string): Promise<number | undefined> {
  const row = await db.selectFrom('wechatpay_credentials').select('revision').where('operator_id', '=', operatorId).executeTakeFirst();
  return row?.revision;
}
