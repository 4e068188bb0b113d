import { createHash, randomBytes } from 'node:crypto';
import type { web } from '@linli/contracts';
import { sql } from 'kysely';
import sharp from 'sharp';
import type { AppContext } from '../../context.ts';
import { DAY } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { UploadContentType } from '../../platform/db/schema.web.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../identity/index.ts';
import { matchesMagic, uploadId } from './uploads.rules.ts';

/** Uploads one person may make in 24 hours: enough for any day's work, a bound on what one account can store. */
export const DAILY_UPLOADS = 200;

/** Stores an image after checking that its bytes are the declared type; answers its id and URL. */
export async function storeUpload(ctx: AppContext, who: Principal, type: UploadContentType, bytes: Buffer): Promise<web.Upload> {
  if (!matchesMagic(type, bytes)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `the body is not a ${type} image`);
  const clean = await withoutMetadata(type, bytes);
  const now = ctx.clock.now();
  const id = uploadId(randomBytes(26));
  const stored = await ctx.db.transaction().execute(async (trx) => {
    // Uploads of one person queue here, so the count below sees every upload committed before
    // this one and a burst cannot pass the daily cap (a plain count-then-insert let it).
    await sql`select pg_advisory_xact_lock(hashtextextended(${`upload:${who.operatorId}:${who.kind}:${who.id}`}, 0))`.execute(trx);
    return trx
      .insertInto('uploads')
      .columns(['id', 'operator_id', 'uploaded_by_kind', 'uploaded_by_id', 'content_type', 'size', 'sha256', 'data', 'created_at'])
      .expression(
        trx
          .selectNoFrom([
            sql<string>`${id}`.as('id'),
            sql<string>`${who.operatorId}`.as('operator_id'),
            sql<string>`${who.kind}`.as('uploaded_by_kind'),
            sql<string>`${who.id}`.as('uploaded_by_id'),
            sql<string>`${type}`.as('content_type'),
            sql<number>`${clean.length}::integer`.as('size'),
            sql<string>`${createHash('sha256').update(clean).digest('hex')}`.as('sha256'),
            sql<Buffer>`${clean}::bytea`.as('data'),
            sql<Date>`${now}::timestamptz`.as('created_at'),
          ])
          .where(
            (eb) =>
              eb
                .selectFrom('uploads')
                .select((c) => c.fn.countAll<number>().as('n'))
                .where('operator_id', '=', who.operatorId)
                .where('uploaded_by_kind', '=', who.kind)
                .where('uploaded_by_id', '=', who.id)
                .where('created_at', '>', new Date(now.getTime() - DAY)),
            '<',
            DAILY_UPLOADS,
          ),
      )
      .returning('id')
      .executeTakeFirst();
  });
  if (!stored) throw new AppError('RATE_LIMITED', `at most ${DAILY_UPLOADS} uploads a day`);
  return { id, url: `/api/v1/uploads/${id}` };
}

/** Larger images are refused before they are decoded (a 48-megapixel phone photo still passes). */
const MAX_PIXELS = 64_000_000;

/**
 * The image decoded and encoded again in its own format without its metadata: EXIF (GPS position,
 * camera, time), XMP, IPTC and ICC profiles are dropped, so a photo served by URL tells nothing but
 * what it shows. The EXIF orientation is applied first, so photos stay upright. Bytes the decoder
 * cannot read are a 400 IMAGE_UNREADABLE.
 */
export async function withoutMetadata(type: UploadContentType, bytes: Buffer): Promise<Buffer> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    switch (type) {
      case 'image/jpeg':
        return await image.jpeg({ quality: 85 }).toBuffer();
      case 'image/png':
        return await image.png().toBuffer();
      case 'image/webp':
        return await image.webp({ quality: 85 }).toBuffer();
    }
  } catch (err) {
    throw new AppError('IMAGE_UNREADABLE', `the ${type} image cannot be read: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** An upload's bytes and type, or undefined. */
export async function readUpload(db: Executor, id: string): Promise<{ contentType: UploadContentType; data: Buffer } | undefined> {
  const row = await db.selectFrom('uploads').select(['content_type', 'data']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const data = Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
  return { contentType: row.content_type, data };
}
