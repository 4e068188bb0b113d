import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { businessDay, dayEnd, dayStart } from '../../platform/calendar.ts';
import { operatorTimeZone } from '../identity/index.ts';
import { paymentsCapturedIn, refundsMadeIn, type TimeSpan } from '../payment/index.ts';

export interface Mismatch {
  documentType: string;
  documentId: string;
  expectedFen: number;
  ledgerFen: number;
}

export interface ReconciliationCheck {
  name: 'account_balances' | 'clearing' | 'commission';
  ok: boolean;
  expectedFen: number;
  ledgerFen: number;
  mismatches: Mismatch[];
}

export interface Reconciliation {
  date: string;
  ok: boolean;
  checks: ReconciliationCheck[];
}

/**
 * The daily proof that the ledger matches the business: every account's balance equals the sum
 * of its postings; the money captured minus the money refunded on the day equals the day's
 * movements of payment clearing; the commission accrued equals pending + available + withdrawing
 * + paid + clawed back + deducted, and the per-line commission records agree with the journal.
 * Each mismatch names the documents (accounts, payments, refunds, orders) involved.
 *
 * Incremental: the sums of postings start from the latest valid day closing (`closeDay`), so the
 * check reads the postings dated after that day, the day's payments, refunds and commission
 * entries, and the commission lines of the orders whose commission moved that day; never the whole
 * journal once a day has been closed. The per-order commission check covers those orders (an
 * order's difference shows on the day its commission moved); the commission total of the lines is
 * not re-summed but taken as the journal's total plus the differences found. `reconcileFull` is
 * the same proof recomputed from every posting and commission line ever written (the reference).
 * A publishing leader's help-sell shares (`help_sell_shares`) count as commission on both sides:
 * in the per-order check beside the commission lines, and in the leader's identity as accrued.
 */
export async function reconcile(db: Executor, operatorId: string, date: string): Promise<Reconciliation> {
  const tz = await operatorTimeZone(db, operatorId);
  const base = await validClosing(db, operatorId, tz);
  const now = await runningTotals(db, operatorId, tz, base);
  const accounts = await accountsAgainst(db, operatorId, now.balances);
  const checks = [accounts, await clearingOfDay(db, operatorId, tz, date), await commissionOfDay(db, operatorId, tz, date, now.leaders)];
  return { date, ok: checks.every((c) => c.ok), checks };
}

/** The full recomputation: every posting ever made and every commission line ever written (the reference for `reconcile`). */
export async function reconcileFull(db: Executor, operatorId: string, date: string): Promise<Reconciliation> {
  const checks = [await accountBalances(db, operatorId), await clearing(db, operatorId, date), await commission(db, operatorId)];
  return { date, ok: checks.every((c) => c.ok), checks };
}

/**
 * The kinds of entry in a leader's commission identity: what accrues to the leader (commission, an
 * adjustment, a help-sell publisher's share), and what leaves their accounts for good (clawed back,
 * charged, paid out); of these, the claw-backs.
 */
const ACCRUED = new Set(['commission_accrual', 'commission_adjustment', 'help_sell_share']);
const CLAWED_BACK = new Set(['commission_clawback', 'help_sell_clawback']);
const ACCOUNTED_OUT = new Set([...CLAWED_BACK, 'blame_charge', 'withdrawal_paid']);
/** The kinds of entry of an order's commission: the sub-ledgers (commission lines, help-sell shares) agree with them order by order. */
const ORDER_COMMISSION = ['commission_accrual', 'commission_clawback', 'help_sell_share', 'help_sell_clawback'] as const;

/** Leader id → [commission accrued, accounted for, clawed back]. */
type LeaderTotals = Record<string, [number, number, number]>;
interface Totals {
  /** The last business day included, or null for none. */
  date: string | null;
  balances: Record<string, number>;
  leaders: LeaderTotals;
  postings: number;
}
interface Closing extends Totals {
  date: string;
  closedAt: Date;
}

/**
 * How long before a closing an entry may have been recorded by a transaction still open at the
 * time (so not seen by the closing): an entry of a closed day recorded since then reopens it.
 */
export const CLOSING_GRACE_MS = 10 * 60_000;

/**
 * The latest closing no later posting has invalidated. An entry dated on or before a closed day
 * but recorded after it was closed (an event delivered late, a job that ran late) makes that
 * closing stale; the one before the earliest such day is used instead (`closeDay` deletes the
 * stale ones and closes again from there).
 */
async function validClosing(db: Executor, operatorId: string, tz: string, upTo?: string): Promise<Closing | null> {
  let before: string | null = upTo ?? null;
  for (;;) {
    let q = db.selectFrom('ledger_day_closings').selectAll().where('operator_id', '=', operatorId);
    if (before !== null) q = q.where('business_date', '<=', before);
    const row = await q.orderBy('business_date', 'desc').limit(1).executeTakeFirst();
    if (!row) return null;
    const late = await firstLateDay(db, operatorId, tz, row.business_date, row.closed_at);
    if (late === null) {
      return {
        date: row.business_date,
        closedAt: row.closed_at,
        balances: row.balances,
        leaders: row.leaders,
        postings: row.postings,
      };
    }
    before = previousDay(late);
  }
}

/** The earliest business day, up to `date`, holding an entry recorded since (about) `closedAt`; null when none. */
async function firstLateDay(db: Executor, operatorId: string, tz: string, date: string, closedAt: Date): Promise<string | null> {
  const row = await db
    .selectFrom('journal_entries')
    .select(sql<string | null>`(min(${businessDay('occurred_at', tz)}))::text`.as('day'))
    .where('operator_id', '=', operatorId)
    .where('recorded_at', '>=', new Date(closedAt.getTime() - CLOSING_GRACE_MS))
    .where('occurred_at', '<', (await boundsOf(db, date, tz)).end)
    .executeTakeFirst();
  return row?.day ?? null;
}

/** A business day's bounds as instants, so queries compare a column with constants (their indexes' ranges). */
async function boundsOf(db: Executor, date: string, tz: string): Promise<{ start: Date; end: Date }> {
  return db.selectNoFrom([dayStart(date, tz).as('start'), dayEnd(date, tz).as('end')]).executeTakeFirstOrThrow();
}

function previousDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** `base` plus the postings dated after its day (up to the end of `to`, or all of them). */
async function runningTotals(db: Executor, operatorId: string, tz: string, base: Totals | null, to?: string): Promise<Totals> {
  // The day's bounds as instants first, so the planner sees the range it reads; postings are fetched
  // per entry through their index (a lateral join), never by scanning every posting.
  const bound = async (d: string) => (await db.selectNoFrom(dayEnd(d, tz).as('at')).executeTakeFirstOrThrow()).at;
  const from = base?.date ? await bound(base.date) : null;
  const until = to !== undefined ? await bound(to) : null;
  const result = await sql<{ account_id: string; party_kind: string; party_id: string; kind: string; total: number; n: number }>`
    select p.account_id, a.party_kind, a.party_id, e.kind, sum(p.amount_fen)::bigint as total, count(*)::int as n
    from journal_entries e
    cross join lateral (select jp.account_id, jp.amount_fen from journal_postings jp where jp.entry_id = e.id) p
    join ledger_accounts a on a.id = p.account_id
    where e.operator_id = ${operatorId}
      ${from ? sql`and e.occurred_at >= ${from}` : sql``}
      ${until ? sql`and e.occurred_at < ${until}` : sql``}
    group by 1, 2, 3, 4
  `.execute(db);
  const rows = result.rows;
  const balances = { ...(base?.balances ?? {}) };
  const leaders: LeaderTotals = {};
  for (const [id, v] of Object.entries(base?.leaders ?? {})) leaders[id] = [v[0], v[1], v[2] ?? 0];
  let postings = base?.postings ?? 0;
  for (const r of rows) {
    const total = Number(r.total);
    postings += Number(r.n);
    balances[r.account_id] = (balances[r.account_id] ?? 0) + total;
    if (r.party_kind !== 'leader') continue;
    const l = leaders[r.party_id] ?? [0, 0, 0];
    if (ACCRUED.has(r.kind)) l[0] -= total;
    l[1] -= total;
    if (ACCOUNTED_OUT.has(r.kind)) l[1] += total;
    if (CLAWED_BACK.has(r.kind)) l[2] += total;
    leaders[r.party_id] = l;
  }
  return { date: to ?? base?.date ?? null, balances, leaders, postings };
}

/**
 * Closes business day `date`: its closing (every account's balance and every leader's commission
 * identity at the end of the day) is the latest valid closing plus the postings dated after it up
 * to the day. Stale closings (see `validClosing`) are deleted first, so a late posting to a closed
 * day is counted again from the day before it; the journal itself is never changed. A day already
 * validly closed, or one before the latest valid closing, is left as it is. In the caller's
 * transaction (the daily check claims the day in it).
 */
export async function closeDay(trx: Tx, operatorId: string, date: string, now: Date): Promise<void> {
  const tz = await operatorTimeZone(trx, operatorId);
  const latest = await validClosing(trx, operatorId, tz);
  await trx
    .deleteFrom('ledger_day_closings')
    .where('operator_id', '=', operatorId)
    .$if(latest !== null, (q) => q.where('business_date', '>', latest?.date as string))
    .execute();
  if (latest && latest.date >= date) return;
  const closing = await runningTotals(trx, operatorId, tz, latest, date);
  await trx
    .insertInto('ledger_day_closings')
    .values({
      operator_id: operatorId,
      business_date: date,
      balances: JSON.stringify(closing.balances),
      leaders: JSON.stringify(closing.leaders),
      postings: closing.postings,
      closed_at: now,
    })
    .execute();
}

/** Every account's kept balance against the sum of its postings (here: the running totals). */
async function accountsAgainst(db: Executor, operatorId: string, posted: Record<string, number>): Promise<ReconciliationCheck> {
  const accounts = await db.selectFrom('ledger_accounts').select(['id', 'balance_fen']).where('operator_id', '=', operatorId).execute();
  const mismatches = accounts
    .filter((a) => Number(a.balance_fen) !== (posted[a.id] ?? 0))
    .map((a) => ({ documentType: 'account', documentId: a.id, expectedFen: posted[a.id] ?? 0, ledgerFen: Number(a.balance_fen) }));
  return {
    name: 'account_balances',
    ok: mismatches.length === 0,
    expectedFen: accounts.reduce((s, a) => s + (posted[a.id] ?? 0), 0),
    ledgerFen: accounts.reduce((s, a) => s + Number(a.balance_fen), 0),
    mismatches,
  };
}

/** `clearing`, reading the day's rows by time range (indexes) instead of every row's business day. */
async function clearingOfDay(db: Executor, operatorId: string, tz: string, date: string): Promise<ReconciliationCheck> {
  const day = await boundsOf(db, date, tz);
  const money = await moneyMoved(db, operatorId, day);
  const posted = await db
    .selectFrom('journal_entries')
    .innerJoin('journal_postings', 'journal_postings.entry_id', 'journal_entries.id')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
    .select([
      'journal_entries.document_type',
      'journal_entries.document_id',
      (eb) => eb.fn.sum<number>('journal_postings.amount_fen').as('total'),
    ])
    .where('journal_entries.operator_id', '=', operatorId)
    .where('ledger_accounts.code', '=', 'payment_clearing')
    .where('journal_entries.occurred_at', '>=', day.start)
    .where('journal_entries.occurred_at', '<', day.end)
    .groupBy(['journal_entries.document_type', 'journal_entries.document_id'])
    .execute();
  const ledger = new Map(posted.map((p) => [`${p.document_type}/${p.document_id}`, Number(p.total)]));
  return compare('clearing', money, ledger);
}

/** The money captured (+) and refunded (−) at the payment provider in a span, by document (`payment/…`, `refund/…`). */
async function moneyMoved(db: Executor, operatorId: string, span: TimeSpan): Promise<Map<string, number>> {
  const expected = new Map<string, number>();
  for (const p of await paymentsCapturedIn(db, operatorId, span)) expected.set(`payment/${p.id}`, p.amountFen);
  for (const r of await refundsMadeIn(db, operatorId, span)) expected.set(`refund/${r.id}`, -r.amountFen);
  return expected;
}

/** `commission` over the orders whose commission moved on the day, and the leaders' identity from the running totals. */
async function commissionOfDay(
  db: Executor,
  operatorId: string,
  tz: string,
  date: string,
  leaders: LeaderTotals,
): Promise<ReconciliationCheck> {
  const day = await boundsOf(db, date, tz);
  const orderKey = sql<string>`coalesce(journal_entries.meta->>'orderId', journal_entries.document_id)`;
  const moved = await db
    .selectFrom('journal_entries')
    .select(orderKey.as('order_id'))
    .distinct()
    .where('operator_id', '=', operatorId)
    .where('kind', 'in', ORDER_COMMISSION)
    .where('occurred_at', '>=', day.start)
    .where('occurred_at', '<', day.end)
    .execute();
  const accrued = await db
    .selectFrom('commission_lines')
    .select('order_id')
    .distinct()
    .where('operator_id', '=', operatorId)
    .where('accrued_at', '>=', day.start)
    .where('accrued_at', '<', day.end)
    .execute();
  const orders = [...new Set([...moved.map((m) => m.order_id), ...accrued.map((a) => a.order_id)])];
  const expected = new Map<string, number>();
  const ledger = new Map<string, number>();
  if (orders.length > 0) {
    const lines = await db
      .selectFrom('commission_lines')
      .select([
        'order_id',
        (eb) => eb.fn.sum<number>('accrued_fen').as('accrued'),
        (eb) => eb.fn.sum<number>('clawed_back_fen').as('clawed'),
      ])
      .where('order_id', 'in', orders)
      .groupBy('order_id')
      .execute();
    const journal = await db
      .selectFrom('journal_entries')
      .innerJoin('journal_postings', 'journal_postings.entry_id', 'journal_entries.id')
      .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
      .select([orderKey.as('order_id'), 'journal_entries.kind', (eb) => eb.fn.sum<number>('journal_postings.amount_fen').as('total')])
      .where('journal_entries.operator_id', '=', operatorId)
      .where(orderKey, 'in', orders)
      .where('journal_entries.kind', 'in', ORDER_COMMISSION)
      .where('ledger_accounts.party_kind', '=', 'leader')
      .groupBy([sql`1`, 'journal_entries.kind'])
      .execute();
    for (const l of lines) expected.set(`order/${l.order_id}`, Number(l.accrued) - Number(l.clawed));
    for (const l of await leaderHelpSellShares(db, operatorId, orders))
      expected.set(`order/${l.order_id}`, (expected.get(`order/${l.order_id}`) ?? 0) + Number(l.accrued) - Number(l.clawed));
    // accrual postings credit the leader (−), claw-backs debit (+): accrued − clawed back = −Σ
    for (const j of journal) ledger.set(`order/${j.order_id}`, (ledger.get(`order/${j.order_id}`) ?? 0) - Number(j.total));
  }
  const check = compare('commission', expected, ledger);
  const journalTotal = Object.values(leaders).reduce((s, l) => s + l[0] - l[2], 0);
  check.ledgerFen = journalTotal;
  check.expectedFen = journalTotal + check.mismatches.reduce((s, m) => s + m.expectedFen - m.ledgerFen, 0);
  for (const [leaderId, [acc, accounted]] of Object.entries(leaders).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (acc !== accounted) {
      check.mismatches.push({ documentType: 'leader', documentId: leaderId, expectedFen: acc, ledgerFen: accounted });
      check.ok = false;
    }
  }
  return check;
}

async function accountBalances(db: Executor, operatorId: string): Promise<ReconciliationCheck> {
  const rows = await sql<{ id: string; balance: number; posted: number }>`
    select a.id, a.balance_fen as balance, coalesce(sum(p.amount_fen), 0)::bigint as posted
    from ledger_accounts a left join journal_postings p on p.account_id = a.id
    where a.operator_id = ${operatorId}
    group by a.id, a.balance_fen
  `.execute(db);
  const mismatches = rows.rows
    .filter((r) => Number(r.balance) !== Number(r.posted))
    .map((r) => ({ documentType: 'account', documentId: r.id, expectedFen: Number(r.posted), ledgerFen: Number(r.balance) }));
  const sum = (k: 'balance' | 'posted') => rows.rows.reduce((s, r) => s + Number(r[k]), 0);
  return { name: 'account_balances', ok: mismatches.length === 0, expectedFen: sum('posted'), ledgerFen: sum('balance'), mismatches };
}

async function clearing(db: Executor, operatorId: string, date: string): Promise<ReconciliationCheck> {
  const tz = await operatorTimeZone(db, operatorId);
  const money = await moneyMoved(db, operatorId, { start: dayStart(date, tz), end: dayEnd(date, tz) });
  const posted = await db
    .selectFrom('journal_postings')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
    .innerJoin('journal_entries', 'journal_entries.id', 'journal_postings.entry_id')
    .select([
      'journal_entries.document_type',
      'journal_entries.document_id',
      (eb) => eb.fn.sum<number>('journal_postings.amount_fen').as('total'),
    ])
    .where('journal_postings.operator_id', '=', operatorId)
    .where('ledger_accounts.code', '=', 'payment_clearing')
    .where(businessDay('journal_entries.occurred_at', tz), '=', date)
    .groupBy(['journal_entries.document_type', 'journal_entries.document_id'])
    .execute();
  const ledger = new Map(posted.map((p) => [`${p.document_type}/${p.document_id}`, Number(p.total)]));
  return compare('clearing', money, ledger);
}

async function commission(db: Executor, operatorId: string): Promise<ReconciliationCheck> {
  // Per order: what the commission lines say was accrued and clawed back, against the journal.
  const lines = await db
    .selectFrom('commission_lines')
    .select(['order_id', (eb) => eb.fn.sum<number>('accrued_fen').as('accrued'), (eb) => eb.fn.sum<number>('clawed_back_fen').as('clawed')])
    .where('operator_id', '=', operatorId)
    .groupBy('order_id')
    .execute();
  const journal = await sql<{ order_id: string; accrued: number; clawed: number }>`
    select coalesce(e.meta->>'orderId', e.document_id) as order_id,
           coalesce(sum(-p.amount_fen) filter (where e.kind in ('commission_accrual', 'help_sell_share')), 0)::bigint as accrued,
           coalesce(sum(p.amount_fen) filter (where e.kind in ('commission_clawback', 'help_sell_clawback')), 0)::bigint as clawed
    from journal_postings p
    join ledger_accounts a on a.id = p.account_id
    join journal_entries e on e.id = p.entry_id
    where p.operator_id = ${operatorId} and a.party_kind = 'leader'
      and e.kind in ('commission_accrual', 'commission_clawback', 'help_sell_share', 'help_sell_clawback')
    group by 1
  `.execute(db);
  const expected = new Map<string, number>();
  const ledger = new Map<string, number>();
  // accrued − clawed back per order: one figure that both sides must agree on
  for (const l of lines) expected.set(`order/${l.order_id}`, Number(l.accrued) - Number(l.clawed));
  for (const l of await leaderHelpSellShares(db, operatorId))
    expected.set(`order/${l.order_id}`, (expected.get(`order/${l.order_id}`) ?? 0) + Number(l.accrued) - Number(l.clawed));
  for (const j of journal.rows) ledger.set(`order/${j.order_id}`, Number(j.accrued) - Number(j.clawed));
  const check = compare('commission', expected, ledger);
  // And the identity over the leaders' accounts: what is held, paid, clawed back or deducted is what was accrued.
  const identity = await sql<{ leader_id: string; accrued: number; accounted: number }>`
    select a.party_id as leader_id,
           coalesce(sum(-p.amount_fen) filter (where e.kind in ('commission_accrual', 'commission_adjustment', 'help_sell_share')), 0)::bigint as accrued,
           (coalesce(sum(-p.amount_fen), 0)
             + coalesce(sum(p.amount_fen) filter (
                 where e.kind in ('commission_clawback', 'help_sell_clawback', 'blame_charge', 'withdrawal_paid')), 0))::bigint as accounted
    from journal_postings p
    join ledger_accounts a on a.id = p.account_id
    join journal_entries e on e.id = p.entry_id
    where p.operator_id = ${operatorId} and a.party_kind = 'leader'
    group by a.party_id
  `.execute(db);
  for (const r of identity.rows) {
    if (Number(r.accrued) !== Number(r.accounted)) {
      check.mismatches.push({
        documentType: 'leader',
        documentId: r.leader_id,
        expectedFen: Number(r.accrued),
        ledgerFen: Number(r.accounted),
      });
      check.ok = false;
    }
  }
  return check;
}

/** Per order (among `orders`, or all), the help-sell shares accrued to and clawed back from publishing leaders (a supplier's are not commission). */
async function leaderHelpSellShares(
  db: Executor,
  operatorId: string,
  orders?: readonly string[],
): Promise<Array<{ order_id: string; accrued: number; clawed: number }>> {
  let q = db
    .selectFrom('help_sell_shares')
    .select(['order_id', (eb) => eb.fn.sum<number>('accrued_fen').as('accrued'), (eb) => eb.fn.sum<number>('clawed_back_fen').as('clawed')])
    .where('operator_id', '=', operatorId)
    .where('publisher_kind', '=', 'leader');
  if (orders) q = q.where('order_id', 'in', orders);
  return q.groupBy('order_id').execute();
}

function compare(name: ReconciliationCheck['name'], expected: Map<string, number>, ledger: Map<string, number>): ReconciliationCheck {
  const mismatches: Mismatch[] = [];
  for (const key of new Set([...expected.keys(), ...ledger.keys()])) {
    const e = expected.get(key) ?? 0;
    const l = ledger.get(key) ?? 0;
    if (e === l) continue;
    const [documentType = '', documentId = ''] = key.split('/');
    mismatches.push({ documentType, documentId, expectedFen: e, ledgerFen: l });
  }
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return { name, ok: mismatches.length === 0, expectedFen: total(expected), ledgerFen: total(ledger), mismatches };
}
