import type { AggregateFunctionBuilder, ExpressionBuilder, SelectQueryBuilder } from 'kysely';

/** The page a list is asked for: 1-based, as the contracts' `PageQuery` gives it. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** A page of a server-side list: what the contracts' `pageOf(item)` describes. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** A page with nothing on it, for a filter known to match nothing without asking the database. */
export function emptyPage<T>(paging: PageRequest): Page<T> {
  return { items: [], page: paging.page, pageSize: paging.pageSize, total: 0 };
}

/**
 * One page of `rows` and the count of every match, the two queries run side by side. `rows` comes
 * ordered by the caller (end the order on a unique key, or pages overlap and skip); `counted` is
 * the filtered query whose rows are counted, each one once unless `count` says otherwise (a
 * grouped list counts its groups: `count(distinct key)`). The count is a query of its own, not
 * `count(*) over ()` on the page, so a page past the end still tells the total.
 */
export async function fetchPage<DB, TB extends keyof DB, O, CDB, CTB extends keyof CDB>(
  paging: PageRequest,
  rows: SelectQueryBuilder<DB, TB, O>,
  counted: SelectQueryBuilder<CDB, CTB, object>,
  count: (eb: ExpressionBuilder<CDB, CTB>) => AggregateFunctionBuilder<CDB, CTB, number> = (eb) => eb.fn.countAll<number>(),
): Promise<Page<O>> {
  const [items, counter] = await Promise.all([
    rows
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize)
      .execute(),
    // Over a generic query the selection's type stays unresolved: name what was just selected.
    counted
      .select((eb) => count(eb).as('total'))
      .$castTo<{ total: number }>()
      .executeTakeFirstOrThrow(),
  ]);
  return { items, page: paging.page, pageSize: paging.pageSize, total: Number(counter.total) };
}
