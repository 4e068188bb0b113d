import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator, createStaff, createWorld, nextPhone, type World } from './fixtures.ts';
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

const api = (method: string, url: string, body?: unknown, as = support) => t.request(method, `/api/v1/admin${url}`, { token: as, body });
const point = { name: '橘子洲小区3栋', address: '岳麓区橘子洲路8号', lat: 28.19, lng: 112.96, openingHours: '08:00-20:00' };

describe('leaders and pickup points', () => {
  it('registers a leader who opens a pickup point and sees it at /leader/me', async () => {
    const phone = nextPhone();
    const leader = await api('POST', '/leaders', { phone, name: '张阿姨' });
    expect(leader.status).toBe(201);
    // Staff see the phone masked, even the one they typed; the leader sees their own in full.
    expect(leader.body).toMatchObject({ phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`, name: '张阿姨', status: 'active', level: 1 });
    const pp = await api('POST', `/leaders/${leader.body.id}/pickup-points`, point);
    expect(pp.status, JSON.stringify(pp.body)).toBe(201);
    expect(pp.body).toMatchObject({ ...point, leaderId: leader.body.id, status: 'open' });

    const token = await t.login('leader', phone);
    const me = await t.request('GET', '/api/v1/leader/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: leader.body.id,
      phone,
      name: '张阿姨',
      level: 1,
      pickupPoints: [{ id: pp.body.id, ...point, status: 'open' }],
    });

    expect((await api('GET', `/leaders/${leader.body.id}`)).body.pickupPoints).toEqual([pp.body]);
    expect((await t.request('GET', '/api/v1/leader/me', { token: support })).body.code).toBe('FORBIDDEN');
  });

  it('lists leaders paged and filtered by status, name and phone', async () => {
    const phones = [nextPhone(), nextPhone()];
    const a = (await api('POST', '/leaders', { phone: phones[0], name: '李团长' })).body;
    await api('POST', '/leaders', { phone: phones[1], name: '李二姐', level: 2 });
    await api('PATCH', `/leaders/${a.id}`, { status: 'suspended' });
    expect((await api('GET', '/leaders?name=李&pageSize=1')).body).toMatchObject({ total: 2, pageSize: 1, items: [expect.anything()] });
    expect((await api('GET', '/leaders?status=suspended')).body.items.map((l: { id: string }) => l.id)).toEqual([a.id]);
    expect((await api('GET', `/leaders?phone=${phones[1]?.slice(-4)}`)).body.items.map((l: { name: string }) => l.name)).toEqual([
      '李二姐',
    ]);
    expect((await api('GET', '/leaders')).body.total).toBe(5);
  });

  it('suspends and re-levels a leader; a suspended leader cannot log in', async () => {
    const phone = nextPhone();
    const l = (await api('POST', '/leaders', { phone, name: '王叔' })).body;
    const res = await api('PATCH', `/leaders/${l.id}`, { status: 'suspended', level: 3 });
    expect(res.body).toMatchObject({ status: 'suspended', level: 3 });
    await expect(t.login('leader', phone)).rejects.toThrow(/no leader account/);
    expect((await api('PATCH', `/leaders/${l.id}`, { status: 'active' })).body.status).toBe('active');
    expect((await api('POST', '/leaders', { phone, name: 'again' })).body.code).toBe('CONFLICT');
    expect((await api('PATCH', `/leaders/${l.id}`, { status: 'gone' })).body.code).toBe('VALIDATION_FAILED');
  });

  it('edits, closes and lists pickup points', async () => {
    const leaderId = world.leaders[1]?.id as string;
    const pp = (await api('POST', `/leaders/${leaderId}/pickup-points`, { ...point, name: '第二站' })).body;
    const closed = await api('PATCH', `/pickup-points/${pp.id}`, { status: 'closed', openingHours: '09:00-18:00' });
    expect(closed.body).toMatchObject({ status: 'closed', openingHours: '09:00-18:00', name: '第二站' });
    const mine = await api('GET', `/pickup-points?leaderId=${leaderId}`);
    expect(mine.body.items.map((p: { id: string }) => p.id).sort()).toEqual([world.leaders[1]?.pickupPointId, pp.id].sort());
    expect((await api('GET', `/pickup-points?leaderId=${leaderId}&status=closed`)).body.items.map((p: { id: string }) => p.id)).toEqual([
      pp.id,
    ]);
    expect((await api('GET', '/pickup-points?pageSize=1')).body).toMatchObject({ pageSize: 1, total: 4 });
    expect((await api('PATCH', `/pickup-points/${pp.id}`, { lat: 91 })).body.code).toBe('VALIDATION_FAILED');
    expect((await api('POST', '/leaders/ldr_nope/pickup-points', point)).body.code).toBe('NOT_FOUND');
  });
});

describe('staff', () => {
  it('are added with roles by an admin, log in with them, and lose access when deactivated', async () => {
    const phone = nextPhone();
    const s = await api('POST', '/staff', { phone, name: '采购小刘', roles: ['purchaser', 'merchandiser'] }, admin);
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ phone, roles: ['purchaser', 'merchandiser'], active: true });
    const token = await t.login('staff', phone);
    expect((await api('GET', '/products', undefined, token)).status).toBe(200);

    await api('PATCH', `/staff/${s.body.id}`, { roles: ['purchaser'] }, admin);
    expect((await api('GET', '/products', undefined, token)).body.code).toBe('FORBIDDEN');
    await api('PATCH', `/staff/${s.body.id}`, { active: false }, admin);
    expect((await api('GET', '/products', undefined, token)).status).toBe(401);
    expect((await api('GET', '/staff?active=false', undefined, admin)).body.items.map((x: { id: string }) => x.id)).toEqual([s.body.id]);
    expect((await api('POST', '/staff', { phone, name: 'dup', roles: ['support'] }, admin)).body.code).toBe('CONFLICT');
    expect((await api('POST', '/staff', { phone: nextPhone(), name: 'x', roles: ['boss'] }, admin)).body.code).toBe('VALIDATION_FAILED');
    expect((await api('POST', '/staff', { phone: nextPhone(), name: 'x', roles: [] }, admin)).body.code).toBe('VALIDATION_FAILED');
  });

  it('keeps an admin from locking themselves out', async () => {
    const me = (await t.request('GET', '/api/v1/auth/me', { token: admin })).body;
    expect((await api('PATCH', `/staff/${me.id}`, { active: false }, admin)).body.code).toBe('INVALID_STATE');
    expect((await api('PATCH', `/staff/${me.id}`, { roles: ['finance'] }, admin)).body.code).toBe('INVALID_STATE');
    expect((await api('PATCH', `/staff/${me.id}`, { name: '老板' }, admin)).body.name).toBe('老板');
  });

  it('are managed by admins only', async () => {
    const merchandiser = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['merchandiser'])).phone);
    for (const who of [merchandiser, support]) {
      expect((await api('GET', '/staff', undefined, who)).body.code).toBe('FORBIDDEN');
      expect((await api('POST', '/staff', { phone: nextPhone(), name: 'x', roles: ['admin'] }, who)).body.code).toBe('FORBIDDEN');
    }
    // reading the leader directory is open to every desk; changing it is not
    expect((await api('GET', '/leaders', undefined, merchandiser)).status).toBe(200);
    expect((await api('POST', '/leaders', { phone: nextPhone(), name: 'x' }, merchandiser)).body.code).toBe('FORBIDDEN');
    const leader = await t.login('leader', world.leaders[0]?.phone as string);
    expect((await api('GET', '/leaders', undefined, leader)).body.code).toBe('FORBIDDEN');
    const resident = await t.login('resident', world.residents[0]?.phone as string);
    expect((await api('GET', '/staff', undefined, resident)).body.code).toBe('FORBIDDEN');
    expect((await t.request('GET', '/api/v1/leader/me', { token: resident })).body.code).toBe('FORBIDDEN');
  });
});

describe('tenancy', () => {
  it("hides one operator's leaders, pickup points and staff from another's", async () => {
    const otherId = await createOperator(t.ctx, 'other-op');
    const other = await t.login('staff', (await createStaff(t.ctx, otherId, ['admin'])).phone, 'other-op');
    const as = (method: string, url: string, body?: unknown) => api(method, url, body, other);
    const leaderId = world.leaders[0]?.id as string;
    expect((await as('GET', `/leaders/${leaderId}`)).body.code).toBe('NOT_FOUND');
    expect((await as('PATCH', `/leaders/${leaderId}`, { status: 'suspended' })).body.code).toBe('NOT_FOUND');
    expect((await as('POST', `/leaders/${leaderId}/pickup-points`, point)).body.code).toBe('NOT_FOUND');
    expect((await as('PATCH', `/pickup-points/${world.leaders[0]?.pickupPointId}`, { status: 'closed' })).body.code).toBe('NOT_FOUND');
    const me = (await t.request('GET', '/api/v1/auth/me', { token: admin })).body;
    expect((await as('PATCH', `/staff/${me.id}`, { active: false })).body.code).toBe('NOT_FOUND');
    expect((await as('GET', '/leaders')).body).toMatchObject({ items: [], total: 0 });
    expect((await as('GET', `/pickup-points?leaderId=${leaderId}`)).body).toMatchObject({ items: [], total: 0 });
    expect((await as('GET', '/staff')).body.total).toBe(1);
    expect((await api('GET', `/leaders/${leaderId}`)).body.status).toBe('active');
  });
});

describe('suspension', () => {
  it('logs a suspended leader out at once', async () => {
    const { startTestApp } = await import('./harness.ts');
    const { createWorld } = await import('./fixtures.ts');
    const t2 = await startTestApp();
    try {
      const w = await createWorld(t2.ctx, { leaders: 1, residents: 0 });
      const leader = w.leaders[0] as { id: string; phone: string };
      const token = await t2.login('leader', leader.phone);
      expect((await t2.request('GET', '/api/v1/leader/me', { token })).status).toBe(200);
      const admin = await t2.login('staff', w.adminPhone);
      const res = await t2.request('PATCH', `/api/v1/admin/leaders/${leader.id}`, { token: admin, body: { status: 'suspended' } });
      expect(res.status).toBe(200);
      expect((await t2.request('GET', '/api/v1/leader/me', { token })).status).toBe(401);
    } finally {
      await t2.close();
    }
  });
});
