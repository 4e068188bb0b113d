import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Values kept encrypted at rest under the installation's secret (webhook signing secrets; later,
 * payment credentials). AES-256-GCM with a key derived by HKDF-SHA256 from the installation
 * secret, a fresh 12-byte IV per value. Written as `v1.<base64url(iv | ciphertext | tag)>`: the
 * prefix names the scheme, so a later one can be read beside it.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const INFO = 'linli sealed v1';

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), INFO, 32));
}

/** `plaintext` encrypted and authenticated under `secret` (the installation secret). */
export function seal(secret: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

/** The plaintext of a sealed value; throws when it was sealed under another secret, altered, or is not a sealed value. */
export function unseal(secret: string, sealed: string): string {
  const [version, encoded, extra] = sealed.split('.');
  if (version !== VERSION || encoded === undefined || extra !== undefined) throw new Error('not a sealed value');
  const raw = Buffer.from(encoded, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('sealed value refused: another secret, or altered');
  }
}
