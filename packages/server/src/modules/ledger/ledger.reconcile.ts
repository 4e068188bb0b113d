import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { businessDay, timezoneOf } from './ledger.queries.ts';

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
 */
export async function reconcile(db: Executor, operatorId: string, date: string): Promise<Reconciliation> {
  const checks = [await accountBalances(db, operatorId), await clearing(db, operatorId, date), await commission(db, operatorId)];
  return { date, ok: checks.every((c) => c.ok), checks };
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
  const tz = await timezoneOf(db, operatorId);
  const captured = await db
    .selectFrom('payments')
    .select(['id', 'amount_fen'])
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'succeeded')
    .where(businessDay('succeeded_at', tz), '=', date)
    .execute();
  const refunded = await db
    .selectFrom('refunds')
    .select(['id', 'amount_fen'])
    .where('operator_id', '=', operatorId)
    .where(businessDay('created_at', tz), '=', date)
    .execute();
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
  const expected = new Map<string, number>();
  for (const p of captured) expected.set(`payment/${p.id}`, p.amount_fen);
  for (const r of refunded) expected.set(`refund/${r.id}`, -r.amount_fen);
  const ledger = new Map(posted.map((p) => [`${p.document_type}/${p.document_id}`, Number(p.total)]));
  return compare('clearing', expected, ledger);
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
           coalesce(sum(-p.amount_fen) filter (where e.kind = 'commission_accrual'), 0)::bigint as accrued,
           coalesce(sum(p.amount_fen) filter (where e.kind = 'commission_clawback'), 0)::bigint as clawed
    from journal_postings p
    join ledger_accounts a on a.id = p.account_id
    join journal_entries e on e.id = p.entry_id
    where p.operator_id = ${operatorId} and a.party_kind = 'leader' and e.kind in ('commission_accrual', 'commission_clawback')
    group by 1
  `.execute(db);
  const expected = new Map<string, number>();
  const ledger = new Map<string, number>();
  // accrued − clawed back per order: one figure that both sides must agree on
  for (const l of lines) expected.set(`order/${l.order_id}`, Number(l.accrued) - Number(l.clawed));
  for (const j of journal.rows) ledger.set(`order/${j.order_id}`, Number(j.accrued) - Number(j.clawed));
  const check = compare('commission', expected, ledger);
  // And the identity over the leaders' accounts: what is held, paid, clawed back or deducted is what was accrued.
  const identity = await sql<{ leader_id: string; accrued: number; accounted: number }>`
    select a.party_id as leader_id,
           coalesce(sum(-p.amount_fen) filter (where e.kind = 'commission_accrual'), 0)::bigint as accrued,
           (coalesce(sum(-p.amount_fen), 0)
             + coalesce(sum(p.amount_fen) filter (where e.kind in ('commission_clawback', 'blame_charge', 'withdrawal_paid')), 0))::bigint as accounted
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
