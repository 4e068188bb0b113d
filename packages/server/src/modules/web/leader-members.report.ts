/**
 * Report: a leader's members, the residents who paid orders at the leader's pickup points, with
 * how often and how much they buy (the leader app's member list).
 *
 * Why it joins across modules: a screen list by nature. It groups the leader's paid orders
 * (ordering) by resident and shows and searches each resident's name and phone end (identity), so
 * one paged, searchable statement counts and orders the members.
 */
import type { web } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { DAY } from '../../platform/clock.ts';
import { containing } from '../../platform/db/like.ts';
import { emptyPage, fetchPage, type Page } from '../../platform/db/paging.ts';
import { memberSearch } from './web.rules.ts';
import { maskPhone } from '../identity/index.ts';

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
    else return emptyPage(f);
  }
  const listed = await fetchPage(
    f,
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
      .orderBy('o.resident_id'),
    base,
    (eb) => eb.fn.count<number>('o.resident_id').distinct(),
  );
  return {
    ...listed,
    items: listed.items.map((r) => ({
      residentId: r.resident_id,
      name: r.name,
      phone: maskPhone(r.phone),
      orders: Number(r.orders),
      lastOrderAt: (r.last_order_at as Date).toISOString(),
      totalSpentFen: Number(r.spent),
      ordersLast30Days: Number(r.recent),
    })),
  };
}
