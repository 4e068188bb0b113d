import { pageOf } from '@linli/contracts';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type DatabaseHandle, openDatabase } from '../src/platform/db/database.ts';
import type { DB } from '../src/platform/db/schema.ts';
import { containing } from '../src/platform/db/like.ts';
import { emptyPage, fetchPage, type Page } from '../src/platform/db/paging.ts';

type Scratch = {
  scratch: { id: number; name: string; grp: string };
};

let handle: DatabaseHandle;
let db: Kysely<DB & Scratch>;

beforeAll(async () => {
  handle = await openDatabase({ dataDir: 'memory://' });
  db = handle.db.withTables<Scratch>();
  await sql`create table scratch (id int primary key, name text not null, grp text not null)`.execute(db);
  const names = ['50% off', '500 g', 'a_b', 'axb', 'back\\slash', 'backslash', 'plain', 'Plain too'];
  await db
    .insertInto('scratch')
    .values(names.map((name, i) => ({ id: i + 1, name, grp: `g${i % 3}` })))
    .execute();
});

afterAll(async () => {
  await handle.close();
});

describe('containing', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(containing('plain')).toBe('%plain%');
    expect(containing('50%')).toBe('%50\\%%');
    expect(containing('a_b')).toBe('%a\\_b%');
    expect(containing('back\\slash')).toBe('%back\\\\slash%');
    expect(containing('')).toBe('%%');
  });

  it.each([
    ['50%', ['50% off']],
    ['_', ['a_b']],
    ['\\', ['back\\slash']],
    ['PLAIN', ['Plain too', 'plain']],
  ])('finds %j literally with ilike', async (text, found) => {
    const rows = await db.selectFrom('scratch').select('name').where('name', 'ilike', containing(text)).orderBy('name').execute();
    expect(rows.map((r) => r.name).sort()).toEqual([...found].sort());
  });
});

describe('fetchPage', () => {
  const ordered = () => db.selectFrom('scratch').select(['id', 'name']).orderBy('id');

  it('gives one page of the ordered rows and the count of every match', async () => {
    const page = await fetchPage({ page: 2, pageSize: 3 }, ordered(), db.selectFrom('scratch'));
    expect(page).toEqual({
      items: [
        { id: 4, name: 'axb' },
        { id: 5, name: 'back\\slash' },
        { id: 6, name: 'backslash' },
      ],
      page: 2,
      pageSize: 3,
      total: 8,
    });
  });

  it('counts the filtered base, and still tells the total past the last page', async () => {
    const base = db.selectFrom('scratch').where('grp', '=', 'g0');
    const page = await fetchPage({ page: 5, pageSize: 2 }, base.select(['id', 'name']).orderBy('id'), base);
    expect(page).toEqual({ items: [], page: 5, pageSize: 2, total: 3 });
  });

  it('counts groups with a count of its own', async () => {
    const base = db.selectFrom('scratch');
    const grouped = base
      .select(['grp', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('grp')
      .orderBy('grp');
    const page = await fetchPage({ page: 1, pageSize: 2 }, grouped, base, (eb) => eb.fn.count<number>('grp').distinct());
    expect(page.items.map((r) => r.grp)).toEqual(['g0', 'g1']);
    expect(page.total).toBe(3);
  });

  it('has the shape of the contracts’ pageOf', async () => {
    const ItemPage = pageOf(z.object({ id: z.number().int(), name: z.string() }));
    const page: Page<{ id: number; name: string }> = await fetchPage({ page: 1, pageSize: 2 }, ordered(), db.selectFrom('scratch'));
    const typed: z.infer<typeof ItemPage> = page;
    expect(ItemPage.parse(typed)).toEqual(page);
    expect(ItemPage.parse(emptyPage({ page: 3, pageSize: 20 }))).toEqual({ items: [], page: 3, pageSize: 20, total: 0 });
  });
});
