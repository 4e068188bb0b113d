import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * WeChat Pay credentials per operator (module payment): one row per operator that takes WeChat Pay
 * with its own merchant account. The merchant private key and the APIv3 key are sealed under the
 * installation secret (platform/sealed.ts) and never answered; the WeChat Pay public key is not a
 * secret. `revision` grows with every change, so each process drops its built client when it
 * differs. An operator without a row pays through the installation's environment settings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table wechatpay_credentials (
  operator_id text primary key,
  mchid text not null,
  appid text not null,
  merchant_serial text not null,
  private_key_sealed text not null,
  apiv3_key_sealed text not null,
  public_key_id text not null,
  public_key_pem text not null,
  revision integer not null default 1,
  set_by text not null,
  set_at timestamptz not null
);
`,
  );
}
