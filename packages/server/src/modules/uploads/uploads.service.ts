import { createHash, randomBytes } from 'node:crypto';
import type { web } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { DAY } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { UploadContentType } from '../../platform/db/schema.web.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../identity/identity.service.ts';
import { matchesMagic, uploadId } from './uploads.rules.ts';

/** Uploads one person may make in 24 hours: enough for any day's work, a bound on what one account can store. */
export const DAILY_UPLOADS = 200;

/** Stores an image after checking that its bytes are the declared type; answers its id and URL. */
export async function storeUpload(ctx: AppContext, who: Principal, type: UploadContentType, bytes: Buffer): Promise<web.Upload> {
  if (!matchesMagic(type, bytes)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `the body is not a ${type} image`);
  const now = ctx.clock.now();
  const recent = await ctx.db
    .selectFrom('uploads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('operator_id', '=', who.operatorId)
    .where('uploaded_by_kind', '=', who.kind)
    .where('uploaded_by_id', '=', who.id)
    .where('created_at', '>', new Date(now.getTime() - DAY))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= DAILY_UPLOADS) throw new AppError('RATE_LIMITED', `at most ${DAILY_UPLOADS} uploads a day`);
  const id = uploadId(randomBytes(26));
  await ctx.db
    .insertInto('uploads')
    .values({
      id,
      operator_id: who.operatorId,
      uploaded_by_kind: who.kind,
      uploaded_by_id: who.id,
      content_type: type,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      data: bytes,
      created_at: now,
    })
    .execute();
  return { id, url: `/api/v1/uploads/${id}` };
}

/** An upload's bytes and type, or undefined. */
export async function readUpload(db: Executor, id: string): Promise<{ contentType: UploadContentType; data: Buffer } | undefined> {
  const row = await db.selectFrom('uploads').select(['content_type', 'data']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const data = Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
  return { contentType: row.content_type, data };
}
