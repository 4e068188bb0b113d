import type { UploadContentType } from '../../platform/db/schema.web.ts';

export const IMAGE_TYPES: readonly UploadContentType[] = ['image/jpeg', 'image/png', 'image/webp'];

/** The media type of a Content-Type header, without parameters, if it is one of the accepted images. */
export function imageTypeOf(header: string | undefined): UploadContentType | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return IMAGE_TYPES.find((t) => t === type);
}

const startsWith = (bytes: Uint8Array, at: number, magic: readonly number[]) =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Whether the bytes begin as the declared image type does (its magic number). */
export function matchesMagic(type: UploadContentType, bytes: Uint8Array): boolean {
  switch (type) {
    case 'image/jpeg':
      return startsWith(bytes, 0, [0xff, 0xd8, 0xff]);
    case 'image/png':
      return startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/webp':
      return startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP'));
  }
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/** An upload id: `upl_` and 26 random base32 characters (130 bits), so its URL cannot be guessed. */
export function uploadId(random: Uint8Array): string {
  let out = 'upl_';
  for (const b of random.subarray(0, 26)) out += ALPHABET[b % 32];
  return out;
}
