import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of per-operator WeChat Pay credentials (migration 0037, module payment). */

/** An operator's own WeChat Pay merchant account; the two secrets sealed, never answered. */
export interface WechatpayCredentialsTable {
  operator_id: string;
  mchid: string;
  appid: string;
  /** The merchant API certificate's serial number (商户API证书序列号), upper-case hex. */
  merchant_serial: string;
  /** The merchant private key (PEM), sealed under the installation secret (platform/sealed.ts). */
  private_key_sealed: string;
  /** The APIv3 key (32 bytes), sealed likewise. */
  apiv3_key_sealed: string;
  public_key_id: string;
  /** The WeChat Pay public key (SPKI PEM): not a secret. */
  public_key_pem: string;
  /** Grows with every change: a process rebuilds its client when it differs. */
  revision: Generated<number>;
  /** The staff member who set them last. */
  set_by: string;
  set_at: Timestamp;
}

export interface PaymentCredentialTables {
  wechatpay_credentials: WechatpayCredentialsTable;
}
