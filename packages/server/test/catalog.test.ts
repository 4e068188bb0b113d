import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator, createStaff, createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let world: World;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx);
  token = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['merchandiser'])).phone);
});
afterAll(() => t.close());

const api = (method: string, url: string, body?: unknown, as = token) => t.request(method, `/api/v1/admin${url}`, { token: as, body });
const sku = (over: Record<string, unknown> = {}) => ({
  spec: '5斤装',
  unit: '箱',
  costPriceFen: 1800,
  listPriceFen: 3990,
  weightG: 2600,
  volumeMl: 6000,
  ...over,
});

describe('categories', () => {
  it('are created, listed in sort order, renamed and moved', async () => {
    const veg = await api('POST', '/categories', { name: '蔬菜', sort: 2 });
    expect(veg.status).toBe(201);
    expect(veg.body).toMatchObject({ name: '蔬菜', sort: 2, parentId: null });
    const leafy = await api('POST', '/categories', { name: '叶菜', parentId: veg.body.id, sort: 1 });
    expect(leafy.body.parentId).toBe(veg.body.id);
    const list = await api('GET', '/categories');
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((c: { name: string }) => c.name)).toEqual(['水果', '叶菜', '蔬菜']);
    const moved = await api('PATCH', `/categories/${leafy.body.id}`, { name: '绿叶菜', parentId: null, sort: 5 });
    expect(moved.body).toMatchObject({ name: '绿叶菜', parentId: null, sort: 5 });
  });

  it('cannot be moved under itself or a descendant', async () => {
    const a = (await api('POST', '/categories', { name: 'A' })).body;
    const b = (await api('POST', '/categories', { name: 'B', parentId: a.id })).body;
    const c = (await api('POST', '/categories', { name: 'C', parentId: b.id })).body;
    for (const parentId of [a.id, c.id]) {
      const res = await api('PATCH', `/categories/${a.id}`, { parentId });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await api('PATCH', `/categories/${a.id}`, { parentId: 'cat_nope' })).body.code).toBe('NOT_FOUND');
    expect((await api('PATCH', `/categories/${c.id}`, {})).body).toMatchObject({ id: c.id, parentId: b.id });
  });
});

describe('suppliers', () => {
  it('are paged and filtered by name on the server', async () => {
    for (const name of ['长沙蔬菜基地', '长沙肉联厂', '岳阳水产']) {
      expect((await api('POST', '/suppliers', { name, phone: nextPhone(), contactName: '王经理' })).status).toBe(201);
    }
    const page = await api('GET', '/suppliers?name=长沙&pageSize=1');
    expect(page.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
    expect((await api('GET', '/suppliers?name=长沙&pageSize=1&page=2')).body.items).toHaveLength(1);
    expect((await api('GET', '/suppliers?name=%25')).body.total).toBe(0);
    expect((await api('GET', '/suppliers')).body.total).toBe(4);
  });

  it('have a unique login phone, and can be deactivated', async () => {
    const phone = nextPhone();
    const s = (await api('POST', '/suppliers', { name: '浏阳蒸菜', phone })).body;
    const dup = await api('POST', '/suppliers', { name: 'copy', phone });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CONFLICT');
    expect((await api('PATCH', `/suppliers/${s.id}`, { phone: world.supplierPhone })).body.code).toBe('CONFLICT');
    const off = await api('PATCH', `/suppliers/${s.id}`, { active: false, contactName: '李姐' });
    expect(off.body).toMatchObject({ active: false, contactName: '李姐', phone });
    await expect(t.login('supplier', phone)).rejects.toThrow(/no supplier account/);
    expect((await api('POST', '/suppliers', { name: 'bad', phone: '12345' })).body.code).toBe('VALIDATION_FAILED');
  });
});

describe('products and SKUs', () => {
  it('are created, read with their SKUs, edited and filtered', async () => {
    const input = {
      categoryId: world.categoryId,
      supplierId: world.supplierId,
      name: '宁乡花猪肉',
      temperatureClass: 'chilled',
      shelfLifeDays: 3,
      images: ['https://img.example.com/pork.jpg'],
    };
    const p = await api('POST', '/products', input);
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(p.body).toMatchObject({ ...input, active: true, description: '', skus: [] });

    const s = await api(
      'POST',
      `/products/${p.body.id}/skus`,
      sku({ barcode: '6901234567890', images: ['https://img.example.com/5.jpg'] }),
    );
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body).toMatchObject({ productId: p.body.id, spec: '5斤装', listPriceFen: 3990, barcode: '6901234567890', active: true });
    const edited = await api('PATCH', `/skus/${s.body.id}`, { listPriceFen: 3590, active: false, barcode: null });
    expect(edited.body).toMatchObject({ listPriceFen: 3590, active: false, barcode: null, costPriceFen: 1800 });

    const got = await api('GET', `/products/${p.body.id}`);
    expect(got.body.skus).toEqual([edited.body]);

    const off = await api('PATCH', `/products/${p.body.id}`, { active: false, description: '散养花猪', temperatureClass: 'frozen' });
    expect(off.body).toMatchObject({ active: false, description: '散养花猪', temperatureClass: 'frozen', shelfLifeDays: 3 });

    expect((await api('GET', '/products?active=false')).body.items.map((x: { id: string }) => x.id)).toEqual([p.body.id]);
    expect((await api('GET', '/products?name=花猪')).body.total).toBe(1);
    expect((await api('GET', `/products?categoryId=${world.categoryId}&active=true`)).body.items.map((x: { id: string }) => x.id)).toEqual([
      world.productId,
    ]);
    expect((await api('GET', `/products?supplierId=${world.supplierId}&pageSize=1`)).body).toMatchObject({ total: 2, pageSize: 1 });
  });

  it('refuse unknown categories, suppliers and products, and bad numbers', async () => {
    const base = { categoryId: world.categoryId, supplierId: world.supplierId, name: 'x', temperatureClass: 'ambient', shelfLifeDays: 10 };
    expect((await api('POST', '/products', { ...base, categoryId: 'cat_nope' })).body.code).toBe('NOT_FOUND');
    expect((await api('POST', '/products', { ...base, supplierId: 'sup_nope' })).body.code).toBe('NOT_FOUND');
    expect((await api('POST', '/products', { ...base, shelfLifeDays: 0 })).body.code).toBe('VALIDATION_FAILED');
    expect((await api('POST', '/products', { ...base, temperatureClass: 'warm' })).body.code).toBe('VALIDATION_FAILED');
    expect((await api('POST', '/products/prd_nope/skus', sku())).body.code).toBe('NOT_FOUND');
    expect((await api('POST', `/products/${world.productId}/skus`, sku({ listPriceFen: 0 }))).body.code).toBe('VALIDATION_FAILED');
    expect((await api('POST', `/products/${world.productId}/skus`, sku({ listPriceFen: 9.9 }))).body.code).toBe('VALIDATION_FAILED');
    expect((await api('PATCH', '/skus/sku_nope', { spec: 'y' })).body.code).toBe('NOT_FOUND');
    expect((await api('GET', '/products/prd_nope')).body.code).toBe('NOT_FOUND');
  });
});

describe('who may', () => {
  it('refuses residents, leaders and staff without the role', async () => {
    const resident = await t.login('resident', world.residents[0]?.phone as string);
    const leader = await t.login('leader', world.leaders[0]?.phone as string);
    const warehouse = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['warehouse'])).phone);
    for (const who of [resident, leader, warehouse]) {
      expect((await api('GET', '/products', undefined, who)).body.code).toBe('FORBIDDEN');
      expect((await api('POST', '/categories', { name: 'x' }, who)).body.code).toBe('FORBIDDEN');
    }
  });

  it("hides one operator's catalog from another's staff", async () => {
    const otherId = await createOperator(t.ctx, 'other-op');
    const other = await t.login('staff', (await createStaff(t.ctx, otherId, ['merchandiser'])).phone, 'other-op');
    const as = (method: string, url: string, body?: unknown) => api(method, url, body, other);
    expect((await as('GET', `/products/${world.productId}`)).body.code).toBe('NOT_FOUND');
    expect((await as('PATCH', `/products/${world.productId}`, { name: 'mine' })).body.code).toBe('NOT_FOUND');
    expect((await as('PATCH', `/skus/${world.skuIds[0]}`, { spec: 'mine' })).body.code).toBe('NOT_FOUND');
    expect((await as('POST', `/products/${world.productId}/skus`, sku())).body.code).toBe('NOT_FOUND');
    expect((await as('PATCH', `/suppliers/${world.supplierId}`, { name: 'mine' })).body.code).toBe('NOT_FOUND');
    expect((await as('PATCH', `/categories/${world.categoryId}`, { name: 'mine' })).body.code).toBe('NOT_FOUND');
    expect((await as('POST', '/categories', { name: 'x', parentId: world.categoryId })).body.code).toBe('NOT_FOUND');
    const base = { categoryId: world.categoryId, supplierId: world.supplierId, name: 'x', temperatureClass: 'ambient', shelfLifeDays: 10 };
    expect((await as('POST', '/products', base)).body.code).toBe('NOT_FOUND');
    for (const list of ['/products', '/suppliers', '/categories'])
      expect((await as('GET', list)).body).toMatchObject({ items: [], total: 0 });
    // The same phone may supply both operators: uniqueness is per operator.
    expect((await as('POST', '/suppliers', { name: '湘江果蔬', phone: world.supplierPhone })).status).toBe(201);
    expect((await api('GET', `/products/${world.productId}`)).body.name).toBe('麻阳冰糖橙');
  });
});

describe('the OpenAPI document', () => {
  it('describes every admin and leader route with tags, a summary and schemas', async () => {
    const doc = (await t.request('GET', '/api/docs/json')).body;
    const ours = /^\/api\/v1\/(admin\/(categories|suppliers|products|skus|campaigns|leaders|pickup-points|staff)|leader\/me$)/;
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>)
      .filter(([path]) => ours.test(path))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBe(34); // with a campaign's help-sell terms (GET, PUT, DELETE)
    for (const { path, method, op } of operations) {
      const where = `${method} ${path}`;
      expect(op.tags, where).toEqual([path.startsWith('/api/v1/leader/') ? 'leader' : 'admin']);
      expect(op.summary, where).toBeTruthy();
      const ok = op.responses['200'] ?? op.responses['201'];
      expect(ok?.content?.['application/json']?.schema, where).toBeTruthy();
      if (method === 'post' || method === 'patch') {
        const bodiless = path.endsWith('/publish') || path.endsWith('/unpublish');
        expect(Boolean(op.requestBody), where).toBe(!bodiless);
      }
    }
  });
});
