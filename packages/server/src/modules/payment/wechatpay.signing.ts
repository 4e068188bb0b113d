import { createDecipheriv, createSign, createVerify, type KeyObject, randomBytes } from 'node:crypto';

/**
 * WeChat Pay API v3's signatures, from its published rules (签名生成, 签名验证, 回调报文解密,
 * JSAPI 调起支付): SHA256withRSA (PKCS#1 v1.5) over newline-terminated lines, and AES-256-GCM
 * for notification resources. Pure functions over `node:crypto`; the client and the notification
 * check use them.
 */

export const SIGNATURE_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** How far a signed answer's or notification's timestamp may be from now (the documented 5 minutes). */
export const TIMESTAMP_WINDOW_SECONDS = 5 * 60;

/** The lines a request signature covers: method, path with query, timestamp, nonce, body (empty for GET). */
export function requestMessage(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  return `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The lines an answer's or a notification's signature covers (an empty body is an empty line). */
export function answerMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** SHA256withRSA of `message`, base64: a request's or the JSAPI payment parameters' signature. */
export function sign(message: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

export function verify(message: string, signatureBase64: string, publicKey: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) return false;
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

/** A request's nonce: 32 random hex characters, as the documentation's examples. */
export function newNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** The `Authorization` header of a signed request. */
export function authorization(p: { mchid: string; serialNo: string; nonce: string; timestamp: string; signature: string }): string {
  return (
    `${SIGNATURE_SCHEME} mchid="${p.mchid}",nonce_str="${p.nonce}",signature="${p.signature}",` +
    `timestamp="${p.timestamp}",serial_no="${p.serialNo}"`
  );
}

/** Why a signed answer or notification was refused; null when it verifies. */
export type SignatureRefusal = 'missing_headers' | 'unknown_serial' | 'stale_timestamp' | 'bad_signature';

/**
 * Checks the `Wechatpay-*` headers of an answer or a notification against its raw body: the key
 * id must be the configured WeChat Pay public key's, the timestamp within five minutes of
 * `nowSeconds`, and the signature must verify over the exact bytes received.
 */
export function checkSignedMessage(
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
  key: { id: string; publicKey: KeyObject },
  nowSeconds: number,
): SignatureRefusal | null {
  const timestamp = headers['wechatpay-timestamp'];
  const nonce = headers['wechatpay-nonce'];
  const signature = headers['wechatpay-signature'];
  const serial = headers['wechatpay-serial'];
  if (!timestamp || !nonce || !signature || !serial) return 'missing_headers';
  if (serial !== key.id) return 'unknown_serial';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_WINDOW_SECONDS) return 'stale_timestamp';
  return verify(answerMessage(timestamp, nonce, rawBody), signature, key.publicKey) ? null : 'bad_signature';
}

/** A notification's encrypted resource (AEAD_AES_256_GCM). */
export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string | undefined;
}

/**
 * Decrypts a notification's resource with the APIv3 key: the key is the 32 bytes of the key's
 * text, the IV the nonce's text, the associated data authenticated, and the last 16 bytes of the
 * base64 ciphertext the GCM tag. Returns null when it does not authenticate.
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string | null {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') return null;
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) return null;
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * The parameters a page inside WeChat passes to `WeixinJSBridge.invoke('getBrandWCPayRequest')`
 * or `wx.requestPayment`: signed with the merchant's key over appId, timeStamp, nonceStr and
 * package (`prepay_id=…`), one per line.
 */
export function jsapiPayParams(p: { appId: string; prepayId: string; privateKey: KeyObject; timestamp: string; nonce: string }) {
  const pkg = `prepay_id=${p.prepayId}`;
  return {
    appId: p.appId,
    timeStamp: p.timestamp,
    nonceStr: p.nonce,
    package: pkg,
    signType: 'RSA' as const,
    paySign: sign(`${p.appId}\n${p.timestamp}\n${p.nonce}\n${pkg}\n`, p.privateKey),
  };
}
