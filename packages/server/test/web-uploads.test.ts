import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAILY_UPLOADS } from '../src/modules/uploads/uploads.service.ts';
import { DAY, HOUR } from '../src/platform/clock.ts';
import { createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let world: World;
let resident: string;

// A real 1×1 PNG; a real JPEG and WebP are made in beforeAll. Files that only begin like a JPEG or a
// WebP pass the magic-byte check and are then refused by the decoder.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const fakeJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7)]);
const fakeWebp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([52, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(40, 1)]);
let jpeg: Buffer;
let webp: Buffer;

// Where a phone photo says it was taken: EXIF GPS tags (IFD3) beside the camera's own (IFD0).
const exif = {
  IFD0: { Make: 'LinliPhone', Model: 'Tracker 1' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 11/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '112/1 58/1 1200/100' },
};
const photo = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });

beforeAll(async () => {
  jpeg = await photo(8, 6).jpeg().toBuffer();
  webp = await photo(8, 6).webp().toBuffer();
  t = await startTestApp();
  world = await createWorld(t.ctx, { residents: 1 });
  resident = await t.login('resident', world.residents[0]!.phone);
});
afterAll(() => t.close());

const upload = (body: Buffer | string, type: string, token = resident) =>
  t.request('POST', '/api/v1/uploads', { ...(token ? { token } : {}), body, headers: { 'content-type': type } });

describe('uploads', () => {
  it('stores an image and serves it back by its unguessable URL, without a login', async () => {
    const res = await upload(png, 'image/png');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.id).toMatch(/^upl_[0-9a-z]{26}$/);
    expect(res.body.url).toBe(`/api/v1/uploads/${res.body.id}`);

    const got = await t.app.server.inject({ method: 'GET', url: res.body.url });
    expect(got.statusCode).toBe(200);
    expect(await sharp(got.rawPayload).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 });
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(got.headers['x-content-type-options']).toBe('nosniff');

    const row = await t.ctx.db.selectFrom('uploads').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ operator_id: world.operatorId, uploaded_by_kind: 'resident', content_type: 'image/png' });
    expect(row.size).toBe(got.rawPayload.length);
    expect(row.uploaded_by_id).toBe(world.residents[0]!.id);
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts JPEG and WebP, with a parameter on the type, from any kind of login', async () => {
    const staff = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['merchandiser'])).phone);
    const j = await upload(jpeg, 'image/jpeg; charset=binary', staff);
    expect(j.status, JSON.stringify(j.body)).toBe(201);
    const w = await upload(webp, 'image/webp');
    expect(w.status).toBe(201);
    expect((await t.app.server.inject({ method: 'GET', url: w.body.url })).headers['content-type']).toBe('image/webp');
  });

  it('refuses other types, bodies that are not what they claim, strangers and unknown ids', async () => {
    for (const [body, type] of [
      ['hello', 'text/plain'],
      [JSON.stringify({ a: 1 }), 'application/json'],
      [png, 'application/pdf'],
      [png, 'image/gif'],
      [png, 'image/jpeg'],
      [fakeJpeg, 'image/webp'],
      [Buffer.alloc(0), 'image/png'],
    ] as const) {
      const res = await upload(body, type);
      expect(res.status, `${type}: ${JSON.stringify(res.body)}`).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect((await upload(png, 'image/png', '')).body.code).toBe('UNAUTHENTICATED');
    const missing = await t.request('GET', '/api/v1/uploads/upl_0000000000000000000000000a');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });

  it('strips EXIF and GPS from photos, keeps them upright, in their format and size', async () => {
    for (const [type, format, image] of [
      ['image/jpeg', 'jpeg', photo(40, 30).jpeg()],
      ['image/png', 'png', photo(40, 30).png()],
      ['image/webp', 'webp', photo(40, 30).webp()],
    ] as const) {
      const sent = await image.withExif(exif).toBuffer();
      const before = await sharp(sent).metadata();
      expect(before.exif?.length, type).toBeGreaterThan(0);
      expect(sent.includes('LinliPhone'), type).toBe(true);

      const res = await upload(sent, type);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const served = (await t.app.server.inject({ method: 'GET', url: res.body.url })).rawPayload;
      const after = await sharp(served).metadata();
      expect(after, type).toMatchObject({ format, width: 40, height: 30 });
      expect(after.exif, type).toBeUndefined();
      expect(after.xmp, type).toBeUndefined();
      expect(served.includes('LinliPhone'), type).toBe(false);
      expect(served.includes('Exif\0\0'), type).toBe(false);
      const stored = await t.ctx.db.selectFrom('uploads').select('data').where('id', '=', res.body.id).executeTakeFirstOrThrow();
      expect(Buffer.from(stored.data).equals(served)).toBe(true);
    }

    // A phone held upright writes a landscape sensor image and Orientation 6: stored turned, untagged.
    const turned = await photo(40, 30).jpeg().withExif(exif).withMetadata({ orientation: 6 }).toBuffer();
    const res = await upload(turned, 'image/jpeg');
    const served = (await t.app.server.inject({ method: 'GET', url: res.body.url })).rawPayload;
    const after = await sharp(served).metadata();
    expect(after).toMatchObject({ width: 30, height: 40 });
    expect(after.orientation).toBeUndefined();
    expect(after.exif).toBeUndefined();
  });

  it('refuses bytes that only begin like an image with 400 IMAGE_UNREADABLE', async () => {
    for (const [body, type] of [
      [fakeJpeg, 'image/jpeg'],
      [fakeWebp, 'image/webp'],
      [png.subarray(0, 40), 'image/png'],
    ] as const) {
      const res = await upload(body, type);
      expect(res.status, `${type}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.code).toBe('IMAGE_UNREADABLE');
    }
  });

  it('holds the daily cap under a burst of parallel uploads', async () => {
    const staff = await createStaff(t.ctx, world.operatorId, ['merchandiser']);
    const token = await t.login('staff', staff.phone);
    const left = 5;
    await t.ctx.db
      .insertInto('uploads')
      .values(
        Array.from({ length: DAILY_UPLOADS - left }, (_, i) => ({
          id: `upl_burst${String(i).padStart(21, '0')}`,
          operator_id: world.operatorId,
          uploaded_by_kind: 'staff' as const,
          uploaded_by_id: staff.id,
          content_type: 'image/png' as const,
          size: png.length,
          sha256: 'x',
          data: png,
          created_at: t.clock.now(),
        })),
      )
      .execute();
    // Images of different sizes finish decoding at different moments, so the requests interleave.
    const images = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        photo(8 + ((i * 37) % 32) * 24, 8 + i)
          .png()
          .toBuffer(),
      ),
    );
    const burst = await Promise.all(images.map((image) => upload(image, 'image/png', token)));
    expect(burst.filter((r) => r.status === 201)).toHaveLength(left);
    expect(burst.filter((r) => r.status !== 201).map((r) => r.body.code)).toEqual(Array(32 - left).fill('RATE_LIMITED'));
    const stored = await t.ctx.db
      .selectFrom('uploads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('uploaded_by_id', '=', staff.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(DAILY_UPLOADS);
  });

  it('allows one person DAILY_UPLOADS uploads in 24 hours', async () => {
    const leader = world.leaders[0]!;
    const token = await t.login('leader', leader.phone);
    const at = new Date(t.clock.now().getTime() - HOUR);
    await t.ctx.db
      .insertInto('uploads')
      .values(
        Array.from({ length: DAILY_UPLOADS - 1 }, (_, i) => ({
          id: `upl_test${String(i).padStart(22, '0')}`,
          operator_id: world.operatorId,
          uploaded_by_kind: 'leader' as const,
          uploaded_by_id: leader.id,
          content_type: 'image/png' as const,
          size: png.length,
          sha256: 'x',
          data: png,
          created_at: at,
        })),
      )
      .execute();
    expect((await upload(png, 'image/png', token)).status).toBe(201);
    const over = await upload(png, 'image/png', token);
    expect(over.body.code).toBe('RATE_LIMITED');
    t.clock.advance(DAY - HOUR + 1000);
    expect((await upload(png, 'image/png', token)).status).toBe(201);
  });

  it('has its own size limit; JSON bodies keep the global one', async () => {
    const max = t.ctx.config.uploadMaxBytes;
    expect(max).toBe(5 * 1024 * 1024);
    const big = Buffer.concat([png, Buffer.alloc(max + 1 - png.length)]);
    const declared = await upload(big, 'image/png');
    expect(declared.status).toBe(400);
    expect(declared.body.code).toBe('PAYLOAD_TOO_LARGE');
    // Without a Content-Length, the limit stops the body as it streams in.
    const streamed = await t.app.server.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      headers: { authorization: `Bearer ${resident}`, 'content-type': 'image/png' },
      payload: Readable.from([big]),
    });
    expect(streamed.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const atLimit = await upload(big.subarray(0, max), 'image/png');
    expect(atLimit.status).toBe(201);

    const json = await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone: 'x'.repeat(100 * 1024) } });
    expect(json.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('gives image URLs of product pictures and claim evidence the upload path', async () => {
    const admin = await t.login('staff', world.adminPhone);
    const image = (await upload(png, 'image/png', admin)).body.url;
    const product = await t.request('POST', '/api/v1/admin/products', {
      token: admin,
      body: {
        categoryId: world.categoryId,
        supplierId: world.supplierId,
        name: '宁乡花猪肉',
        temperatureClass: 'chilled',
        shelfLifeDays: 3,
        images: [image, 'https://img.example.com/pork.jpg'],
      },
    });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    expect(product.body.images).toEqual([image, 'https://img.example.com/pork.jpg']);
    for (const bad of ['/api/v1/uploads/../../etc/passwd', '/etc/passwd', 'javascript:alert(1)']) {
      const res = await t.request('PATCH', `/api/v1/admin/products/${product.body.id}`, { token: admin, body: { images: [bad] } });
      expect(res.body.code, bad).toBe('VALIDATION_FAILED');
    }
  });
});
