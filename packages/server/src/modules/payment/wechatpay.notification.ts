import { AppError } from '../../platform/errors.ts';
import type { ReceivedNotification } from './payment.provider.ts';
import type { WechatPayCredentials } from './wechatpay.client.ts';
import { checkSignedMessage, decryptResource, type EncryptedResource } from './wechatpay.signing.ts';

/** A WeChat Pay notification whose signature verified and whose resource decrypted. */
export interface OpenedNotification {
  /** The notification's own id, when it has one. */
  id: string | undefined;
  eventType: string;
  /** The decrypted resource, JSON text. */
  plain: string;
  /** The signed nonce (Wechatpay-Nonce), for replay protection. */
  nonce: string;
}

/**
 * Checks a WeChat Pay notification as received — the signature over its exact bytes with the
 * WeChat Pay public key, the five-minute window — and decrypts its resource with the APIv3 key.
 * A forged, stale or undecryptable one is PAYMENT_SIGNATURE_INVALID, a body that is not JSON
 * MALFORMED_JSON; nothing is read from it before it verified.
 */
export function openNotification(creds: WechatPayCredentials, n: ReceivedNotification, nowSeconds: number): OpenedNotification {
  const refusal = checkSignedMessage(n.headers, n.rawBody, { id: creds.publicKeyId, publicKey: creds.publicKey }, nowSeconds);
  if (refusal) throw new AppError('PAYMENT_SIGNATURE_INVALID', `the notification does not verify (${refusal})`, { reason: refusal });
  let body: { id?: unknown; event_type?: unknown; resource?: EncryptedResource };
  try {
    body = JSON.parse(n.rawBody);
  } catch {
    throw new AppError('MALFORMED_JSON', 'the notification is not JSON');
  }
  const resource = body.resource;
  const plain =
    resource && typeof resource.ciphertext === 'string' && typeof resource.nonce === 'string'
      ? decryptResource(resource, creds.apiV3Key)
      : null;
  if (plain === null) throw new AppError('PAYMENT_SIGNATURE_INVALID', 'the notification resource does not decrypt with the APIv3 key');
  return {
    id: typeof body.id === 'string' ? body.id : undefined,
    eventType: String(body.event_type),
    plain,
    nonce: n.headers['wechatpay-nonce'] as string,
  };
}
