import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * What an operator's WeChat Pay credentials must be before they are stored: the ids in their
 * documented shapes, the merchant private key an RSA private key, the APIv3 key exactly 32 bytes
 * (the AES-256-GCM key of notifications), the WeChat Pay public key an RSA public key. Pure: the
 * first problem found, by field, or the parsed keys.
 */

export type CredentialField = 'mchid' | 'appid' | 'merchantSerial' | 'privateKeyPem' | 'apiV3Key' | 'publicKeyId' | 'publicKeyPem';

export interface CredentialsInput {
  mchid: string;
  appid: string;
  merchantSerial: string;
  privateKeyPem: string;
  apiV3Key: string;
  publicKeyId: string;
  publicKeyPem: string;
}

export interface CredentialProblem {
  field: CredentialField;
  reason: string;
}

export interface CheckedCredentials {
  mchid: string;
  appid: string;
  /** Upper-case hex, as WeChat Pay writes serial numbers. */
  merchantSerial: string;
  privateKey: KeyObject;
  apiV3Key: string;
  publicKeyId: string;
  publicKey: KeyObject;
}

const SHAPES: ReadonlyArray<{ field: 'mchid' | 'appid' | 'merchantSerial' | 'publicKeyId'; pattern: RegExp; reason: string }> = [
  { field: 'mchid', pattern: /^\d{8,12}$/, reason: 'a merchant id (商户号) has 8 to 12 digits' },
  { field: 'appid', pattern: /^wx[0-9a-zA-Z]{16}$/, reason: 'an app id is wx and 16 letters or digits, e.g. wx1234567890abcdef' },
  { field: 'merchantSerial', pattern: /^[0-9A-Fa-f]{8,64}$/, reason: "the merchant API certificate's serial number is hex" },
  { field: 'publicKeyId', pattern: /^PUB_KEY_ID_\w{1,64}$/, reason: "the WeChat Pay public key's id is PUB_KEY_ID_…" },
];

/** The APIv3 key's length in bytes (UTF-8), which must be 32. */
export const APIV3_KEY_BYTES = 32;

export function checkCredentials(input: CredentialsInput): CheckedCredentials | CredentialProblem {
  for (const { field, pattern, reason } of SHAPES) {
    if (!pattern.test(input[field])) return { field, reason };
  }
  const privateKey = parseKey(input.privateKeyPem, 'private');
  if (!privateKey) return { field: 'privateKeyPem', reason: 'the merchant private key is not an RSA private key in PEM form' };
  if (Buffer.byteLength(input.apiV3Key, 'utf8') !== APIV3_KEY_BYTES) {
    return { field: 'apiV3Key', reason: `the APIv3 key has exactly ${APIV3_KEY_BYTES} bytes` };
  }
  const publicKey = parseKey(input.publicKeyPem, 'public');
  if (!publicKey) return { field: 'publicKeyPem', reason: 'the WeChat Pay public key is not an RSA public key in PEM form' };
  return {
    mchid: input.mchid,
    appid: input.appid,
    merchantSerial: input.merchantSerial.toUpperCase(),
    privateKey,
    apiV3Key: input.apiV3Key,
    publicKeyId: input.publicKeyId,
    publicKey,
  };
}

/** An RSA key of the kind asked for, from PEM text; null when it is anything else (a private key pasted as the public one included). */
function parseKey(pem: string, kind: 'private' | 'public'): KeyObject | null {
  const text = pem.trim();
  if (!text.startsWith('-----BEGIN ')) return null;
  if (kind === 'public' && /PRIVATE KEY-----/.test(text)) return null;
  try {
    const key = kind === 'private' ? createPrivateKey({ key: text, format: 'pem' }) : createPublicKey({ key: text, format: 'pem' });
    return key.asymmetricKeyType === 'rsa' ? key : null;
  } catch {
    return null;
  }
}

export function isProblem(c: CheckedCredentials | CredentialProblem): c is CredentialProblem {
  return 'reason' in c;
}
