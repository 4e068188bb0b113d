import { z } from 'zod';
import { Timestamp } from './common.ts';

/**
 * An operator's own WeChat Pay merchant account (admins). The merchant private key and the APIv3 key
 * go in and never come out: the state says only whether each is set.
 */

const Pem = (what: string) =>
  z.string().min(1).max(10_000).describe(`${what} in PEM form (-----BEGIN … KEY----- …), pasted or read from the file`);

/**
 * Setting or replacing the credentials. The ids' shapes and the keys are checked by the server
 * (WECHATPAY_CREDENTIALS_INVALID with `details.field`). When credentials are already set, an
 * absent `privateKeyPem` or `apiV3Key` keeps the stored one.
 */
export const SetWechatPayCredentials = z.strictObject({
  mchid: z.string().trim().max(64).describe('the merchant id (商户号): 8 to 12 digits'),
  appid: z.string().trim().max(64).describe('the app id bound to the merchant (公众号/小程序 AppID), wx + 16 letters or digits'),
  merchantSerial: z.string().trim().max(128).describe("the merchant API certificate's serial number (商户API证书序列号), hex"),
  privateKeyPem: Pem('the merchant private key (apiclient_key.pem), RSA').optional(),
  apiV3Key: z.string().max(256).optional().describe('the APIv3 key: exactly 32 bytes'),
  publicKeyId: z.string().trim().max(128).describe("the WeChat Pay public key's id, PUB_KEY_ID_…"),
  publicKeyPem: Pem('the WeChat Pay public key (微信支付公钥), RSA'),
});

export const WechatPayCredentialSource = z
  .enum(['operator', 'installation', 'none'])
  .describe("whose credentials this operator's WeChat Pay uses: its own, the installation's environment settings, or none");

/** What is set, never a secret. */
export const WechatPayCredentialsState = z.object({
  provider: z.enum(['dev', 'wechatpay']).describe("the installation's payment provider (LINLI_PAYMENT_PROVIDER)"),
  source: WechatPayCredentialSource,
  /** The operator's own credentials; null when it has none. */
  own: z
    .object({
      mchid: z.string(),
      appid: z.string(),
      merchantSerial: z.string(),
      publicKeyId: z.string(),
      privateKeySet: z.literal(true),
      apiV3KeySet: z.literal(true),
      publicKeySet: z.literal(true),
      setAt: Timestamp,
      setBy: z.object({ id: z.string(), name: z.string().nullable() }),
    })
    .nullable(),
  notifyUrl: z.string().nullable().describe('where WeChat Pay posts this operator’s notifications'),
});

/** One signed, harmless call to WeChat Pay with the operator's credentials. */
export const WechatPayConnectionTest = z.object({
  ok: z.boolean().describe('WeChat Pay accepted the signature and linli verified its answer'),
  code: z.string().describe('WeChat Pay’s answer code (ORDER_NOT_EXIST is the expected proof), or what failed'),
  message: z.string(),
});
