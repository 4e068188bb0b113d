import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertApplicationTransition } from '../src/modules/leader-applications/leader-applications.rules.ts';
import { createStaff, createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let world: World;
let support: string;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx);
  support = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
  admin = await t.login('staff', world.adminPhone);
});
afterAll(() => t.close());

const point = { name: '梅溪湖·金茂悦7栋便利店', address: '岳麓区梅溪湖路88号', lat: 28.2035, lng: 112.8901, openingHours: '08:00-21:00' };
const application = (over: Record<string, unknown> = {}) => ({
  name: '周阿姨',
  pickupPoint: point,
  note: '在小区开便利店五年，业主群有三百多人',
  ...over,
});
const shop = (method: string, token: string, body?: unknown) => t.request(method, '/api/v1/shop/leader-applications', { token, body });
const staffApi = (method: string, url: string, body?: unknown, as = support) =>
  t.request(method, `/api/v1/admin/leader-applications${url}`, { token: as, body });

/** A new resident (registered at first login) with their token and phone. */
async function newResident() {
  const phone = nextPhone();
  return { phone, token: await t.login('resident', phone) };
}

describe('leader applications', () => {
  it('a resident applies; approval makes them a leader with the proposed pickup point who logs in with their phone', async () => {
    const r = await newResident();
    const applied = await shop('POST', r.token, application());
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    expect(applied.body).toMatchObject({
      status: 'pending',
      name: '周阿姨',
      phone: r.phone,
      pickupPoint: point,
      reason: null,
      leaderId: null,
      decidedAt: null,
    });
    expect((await shop('GET', r.token)).body.items.map((a: { id: string }) => a.id)).toEqual([applied.body.id]);
    // one open application at a time
    const again = await shop('POST', r.token, application({ name: '周阿姨2' }));
    expect(again.body.code).toBe('CONFLICT');
    await expect(t.login('leader', r.phone)).rejects.toThrow();

    t.clock.advance(60_000);
    const approved = await staffApi('POST', `/${applied.body.id}/approve`, { level: 2 });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decidedAt: t.clock.now().toISOString(),
      decidedBy: { name: expect.any(String) },
    });
    expect(approved.body.leaderId).toMatch(/^ldr_/);
    expect(approved.body.pickupPointId).toMatch(/^pp_/);

    const leaderToken = await t.login('leader', r.phone);
    const me = await t.request('GET', '/api/v1/leader/me', { token: leaderToken });
    expect(me.body).toMatchObject({
      id: approved.body.leaderId,
      phone: r.phone,
      name: '周阿姨',
      status: 'active',
      level: 2,
      pickupPoints: [{ id: approved.body.pickupPointId, ...point, status: 'open' }],
    });
    // the applicant sees the outcome, and is told
    expect((await shop('GET', r.token)).body.items[0]).toMatchObject({ status: 'approved', leaderId: approved.body.leaderId });
    const notes = await t.request('GET', '/api/v1/shop/notifications', { token: r.token });
    expect(notes.body.items.map((n: { title: string }) => n.title)).toContain('团长申请已通过');
    // a leader does not apply again
    expect((await shop('POST', r.token, application())).body.code).toBe('CONFLICT');
    // decided once
    expect((await staffApi('POST', `/${applied.body.id}/approve`, {})).body.code).toBe('INVALID_STATE');
    expect((await staffApi('POST', `/${applied.body.id}/reject`, { reason: 'x' })).body.code).toBe('INVALID_STATE');
  });

  it('a rejection carries the reason to the applicant, who may apply again; a rejected one is not approved', async () => {
    const r = await newResident();
    const first = (await shop('POST', r.token, application())).body;
    expect((await staffApi('POST', `/${first.id}/reject`, { reason: '  ' })).body.code).toBe('VALIDATION_FAILED');
    const rejected = await staffApi('POST', `/${first.id}/reject`, { reason: '附近已有自提点' }, admin);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '附近已有自提点', leaderId: null });
    expect((await staffApi('POST', `/${first.id}/approve`, {})).body.code).toBe('INVALID_STATE');
    expect((await shop('GET', r.token)).body.items[0]).toMatchObject({ id: first.id, status: 'rejected', reason: '附近已有自提点' });

    t.clock.advance(60_000);
    const second = await shop('POST', r.token, application({ pickupPoint: { ...point, name: '另一个店' } }));
    expect(second.status).toBe(201);
    expect((await shop('GET', r.token)).body.items.map((a: { id: string }) => a.id)).toEqual([second.body.id, first.id]);
  });

  it('refuses approval when the phone already belongs to a leader, keeping nothing of the attempt', async () => {
    const r = await newResident();
    const a = (await shop('POST', r.token, application({ name: '重复的人' }))).body;
    // meanwhile an admin registers this phone as a leader directly
    const direct = await t.request('POST', '/api/v1/admin/leaders', { token: support, body: { phone: r.phone, name: '直接登记' } });
    expect(direct.status).toBe(201);
    const res = await staffApi('POST', `/${a.id}/approve`, {});
    expect(res.body.code).toBe('CONFLICT');
    expect(res.body.message).toMatch(/already belongs to leader 直接登记/);
    expect(res.body.details).toMatchObject({ field: 'phone', leaderId: direct.body.id });
    expect((await staffApi('GET', `/${a.id}`)).body.status).toBe('pending');
    const points = await t.request('GET', `/api/v1/admin/pickup-points?leaderId=${direct.body.id}`, { token: support });
    expect(points.body.total).toBe(0);
  });

  it('lists applications paged, newest first, by status', async () => {
    const before = (await staffApi('GET', '?pageSize=200')).body.total as number;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      t.clock.advance(60_000);
      const r = await newResident();
      ids.push((await shop('POST', r.token, application({ name: `申请人${i}` }))).body.id);
    }
    await staffApi('POST', `/${ids[0]}/reject`, { reason: '资料不全' });
    const page = await staffApi('GET', '?pageSize=2');
    expect(page.body).toMatchObject({ page: 1, pageSize: 2, total: before + 3 });
    expect(page.body.items.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[1]]);
    const pending = (await staffApi('GET', '?status=pending&pageSize=200')).body;
    expect(pending.items.every((a: { status: string }) => a.status === 'pending')).toBe(true);
    expect(pending.items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([ids[1], ids[2]]));
    expect(pending.items.map((a: { id: string }) => a.id)).not.toContain(ids[0]);
    const rejected = (await staffApi('GET', '?status=rejected')).body.items;
    expect(rejected.find((a: { id: string }) => a.id === ids[0])).toMatchObject({
      reason: '资料不全',
      decidedBy: { name: expect.any(String) },
    });
    expect((await staffApi('GET', '?status=gone')).body.code).toBe('VALIDATION_FAILED');
  });

  it('validates the application with the contract', async () => {
    const r = await newResident();
    expect((await shop('POST', r.token, application({ note: '' }))).body.code).toBe('VALIDATION_FAILED');
    expect((await shop('POST', r.token, application({ pickupPoint: { ...point, lat: 91 } }))).body.code).toBe('VALIDATION_FAILED');
    expect((await shop('POST', r.token, application({ phone: '13900000000' }))).body.code).toBe('VALIDATION_FAILED');
    const { openingHours: _, ...noHours } = point;
    const ok = await shop('POST', r.token, application({ pickupPoint: noHours }));
    expect(ok.status).toBe(201);
    expect(ok.body.pickupPoint.openingHours).toBe('');
  });

  it('keeps tenants and audiences apart', async () => {
    const other = await createWorld(t.ctx, { slug: 'other-op', leaders: 1, residents: 1 });
    const otherResident = await t.login('resident', nextPhone(), 'other-op');
    const theirs = (await shop('POST', otherResident, application())).body;
    expect((await staffApi('GET', `/${theirs.id}`)).body.code).toBe('NOT_FOUND');
    expect((await staffApi('POST', `/${theirs.id}/approve`, {})).body.code).toBe('NOT_FOUND');
    expect((await staffApi('POST', `/${theirs.id}/reject`, { reason: 'x' })).body.code).toBe('NOT_FOUND');
    expect((await staffApi('GET', '?pageSize=200')).body.items.map((a: { id: string }) => a.id)).not.toContain(theirs.id);
    const otherAdmin = await t.login('staff', other.adminPhone, 'other-op');
    expect((await staffApi('GET', '', undefined, otherAdmin)).body.items.map((a: { id: string }) => a.id)).toEqual([theirs.id]);

    const finance = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['finance'])).phone);
    expect((await staffApi('GET', '', undefined, finance)).body.code).toBe('FORBIDDEN');
    const leader = await t.login('leader', world.leaders[0]?.phone as string);
    expect((await shop('POST', leader, application())).body.code).toBe('FORBIDDEN');
    expect((await shop('GET', support)).body.code).toBe('FORBIDDEN');
  });

  it('moves only from pending', () => {
    expect(() => assertApplicationTransition('pending', 'approved')).not.toThrow();
    expect(() => assertApplicationTransition('pending', 'rejected')).not.toThrow();
    expect(() => assertApplicationTransition('approved', 'rejected')).toThrow(/cannot go from approved/);
    expect(() => assertApplicationTransition('rejected', 'approved')).toThrow(/cannot go from rejected/);
  });
});
