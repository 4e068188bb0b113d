import type { web } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { DAY } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import { maskPhone, memberSearch } from './web.rules.ts';

type Page<T> = { items: T[]; page: number; pageSize: number; total: number };

const containing = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

export interface MemberFilter {
  page: number;
  pageSize: number;
  q?: string | undefined;
}

/**
 * The residents who paid orders at a leader's pickup points, most recent first: how often and how
 * much they buy, with their phone masked.
 */
export async function leaderMembers(
  ctx: AppContext,
  operatorId: string,
  leaderId: string,
  f: MemberFilter,
): Promise<Page<web.LeaderMember>> {
  const since = new Date(ctx.clock.now().getTime() - 30 * DAY);
  let base = ctx.db
    .selectFrom('orders as o')
    .innerJoin('residents as r', 'r.id', 'o.resident_id')
    .where('o.operator_id', '=', operatorId)
    .where('o.leader_id', '=', leaderId)
    .where('o.paid_at', 'is not', null);
  if (f.q) {
    const search = memberSearch(f.q);
    if ('phoneEnding' in search) base = base.where('r.phone', 'like', `%${search.phoneEnding}`);
    else if ('name' in search) base = base.where('r.name', 'ilike', containing(search.name));
    else return { items: [], page: f.page, pageSize: f.pageSize, total: 0 };
  }
  const [rows, count] = await Promise.all([
    base
      .select([
        'o.resident_id',
        'r.name',
        'r.phone',
        (eb) => eb.fn.countAll<number>().as('orders'),
        (eb) => eb.fn.max('o.paid_at').as('last_order_at'),
        (eb) => eb.fn.sum<number>(eb('o.total_fen', '-', eb.ref('o.refunded_fen'))).as('spent'),
        (eb) => eb.fn.countAll<number>().filterWhere('o.paid_at', '>', since).as('recent'),
      ])
      .groupBy(['o.resident_id', 'r.name', 'r.phone'])
      .orderBy('last_order_at', 'desc')
      .orderBy('o.resident_id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select((eb) => eb.fn.count<number>('o.resident_id').distinct().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      residentId: r.resident_id,
      name: r.name,
      phone: maskPhone(r.phone),
      orders: Number(r.orders),
      lastOrderAt: (r.last_order_at as Date).toISOString(),
      totalSpentFen: Number(r.spent),
      ordersLast30Days: Number(r.recent),
    })),
    page: f.page,
    pageSize: f.pageSize,
    total: Number(count.total),
  };
}

/** Residents' names and masked phones (138****1234), as a leader may see them, by id. */
export async function residentsSeenByLeader(
  db: Executor,
  operatorId: string,
  residentIds: readonly string[],
): Promise<Map<string, { name: string; phone: string }>> {
  const ids = [...new Set(residentIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('residents')
    .select(['id', 'name', 'phone'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, phone: maskPhone(r.phone) }]));
}

/** Orders as a leader sees them: with the resident's name and masked phone. */
export async function withResidents<T extends { residentId: string }>(
  db: Executor,
  operatorId: string,
  orders: T[],
): Promise<Array<T & { residentName: string; residentPhone: string }>> {
  const residents = await residentsSeenByLeader(
    db,
    operatorId,
    orders.map((o) => o.residentId),
  );
  return orders.map((o) => {
    const r = residents.get(o.residentId);
    return { ...o, residentName: r?.name ?? '', residentPhone: r?.phone ?? '' };
  });
}
