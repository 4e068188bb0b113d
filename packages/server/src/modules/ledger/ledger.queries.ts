import { type Selectable, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { JournalEntriesTable, PartyKind } from '../../platform/db/schema.ledger.ts';
import { type AccountCode, chart, displayBalance } from './ledger.chart.ts';
import { businessDay, dayEnd, dayStart } from '../../platform/calendar.ts';
import { operatorTimeZone } from '../identity/index.ts';

/** A period of business days (operator's time zone), both ends included; open ends mean "since the start" / "until now". */
export interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

export interface AccountView {
  id: string;
  code: AccountCode;
  title: string;
  partyKind: PartyKind;
  partyId: string;
  normalSide: 'debit' | 'credit';
  balanceFen: number;
}

/** The operator's accounts with their balances (on the normal side), optionally of one party. */
export async function listAccounts(
  db: Executor,
  operatorId: string,
  party?: { kind?: PartyKind | undefined; id?: string | undefined },
): Promise<AccountView[]> {
  let q = db.selectFrom('ledger_accounts').selectAll().where('operator_id', '=', operatorId);
  if (party?.kind) q = q.where('party_kind', '=', party.kind);
  if (party?.id) q = q.where('party_id', '=', party.id);
  const rows = await q.orderBy('party_kind').orderBy('party_id').orderBy('code').execute();
  return rows.map((a) => {
    const code = a.code as AccountCode;
    return {
      id: a.id,
      code,
      title: chart[code].title,
      partyKind: a.party_kind,
      partyId: a.party_id,
      normalSide: a.normal_side,
      balanceFen: displayBalance(code, a.balance_fen),
    };
  });
}

export interface AccountFilter {
  partyKind?: PartyKind | undefined;
  partyId?: string | undefined;
  code?: string | undefined;
  page: number;
  pageSize: number;
}

export interface AccountPage extends Page<AccountView> {
  /** Per code, the balance of every matching account (not only the page), on the normal side. */
  totals: Array<{ code: AccountCode; title: string; balanceFen: number; accounts: number }>;
}

/** A page of the operator's accounts (operator's own first, then by party), with the totals by code of every match. */
export async function pageAccounts(db: Executor, operatorId: string, f: AccountFilter): Promise<AccountPage> {
  let q = db.selectFrom('ledger_accounts').where('operator_id', '=', operatorId);
  if (f.partyKind) q = q.where('party_kind', '=', f.partyKind);
  if (f.partyId) q = q.where('party_id', '=', f.partyId);
  if (f.code) q = q.where('code', '=', f.code);
  const [byCode, rows] = await Promise.all([
    q
      .select(['code', (eb) => eb.fn.sum<number>('balance_fen').as('balance'), (eb) => eb.fn.countAll<number>().as('accounts')])
      .groupBy('code')
      .execute(),
    q
      .selectAll()
      .orderBy(sql`case party_kind when 'operator' then 0 when 'leader' then 1 when 'supplier' then 2 else 3 end`)
      .orderBy('party_id')
      .orderBy('code')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  const order = Object.keys(chart);
  const totals = byCode
    .map((r) => {
      const code = r.code as AccountCode;
      return { code, title: chart[code].title, balanceFen: displayBalance(code, Number(r.balance)), accounts: Number(r.accounts) };
    })
    .sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
  return {
    items: rows.map((a) => {
      const code = a.code as AccountCode;
      return {
        id: a.id,
        code,
        title: chart[code].title,
        partyKind: a.party_kind,
        partyId: a.party_id,
        normalSide: a.normal_side,
        balanceFen: displayBalance(code, a.balance_fen),
      };
    }),
    page: f.page,
    pageSize: f.pageSize,
    total: totals.reduce((s, t) => s + t.accounts, 0),
    totals,
  };
}

export interface StatementLine {
  entryId: string;
  occurredAt: string;
  kind: string;
  documentType: string;
  documentId: string;
  memo: string;
  meta: Record<string, unknown>;
  account: AccountCode;
  /** On the account's normal side: positive increases what is owed to the party. */
  amountFen: number;
}

/**
 * The movements of a party's accounts in a period, with the balance before and after, read
 * straight from the journal (so a statement always adds up to the ledger).
 */
export async function partyMovements(
  db: Executor,
  operatorId: string,
  party: { kind: PartyKind; id: string },
  codes: readonly AccountCode[],
  period: Period,
): Promise<{ openingFen: number; closingFen: number; lines: StatementLine[] }> {
  const tz = await operatorTimeZone(db, operatorId);
  const day = businessDay('journal_entries.occurred_at', tz);
  const base = db
    .selectFrom('journal_postings')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
    .innerJoin('journal_entries', 'journal_entries.id', 'journal_postings.entry_id')
    .where('journal_postings.operator_id', '=', operatorId)
    .where('ledger_accounts.party_kind', '=', party.kind)
    .where('ledger_accounts.party_id', '=', party.id)
    .where('ledger_accounts.code', 'in', [...codes]);
  let opening = 0;
  if (period.from) {
    const rows = await base
      .select(['ledger_accounts.code', (eb) => eb.fn.sum<number>('journal_postings.amount_fen').as('total')])
      .where(day, '<', period.from)
      .groupBy('ledger_accounts.code')
      .execute();
    opening = rows.reduce((s, r) => s + displayBalance(r.code as AccountCode, Number(r.total)), 0);
  }
  let q = base.select([
    'journal_entries.id',
    'journal_entries.occurred_at',
    'journal_entries.kind',
    'journal_entries.document_type',
    'journal_entries.document_id',
    'journal_entries.memo',
    'journal_entries.meta',
    'ledger_accounts.code',
    'journal_postings.amount_fen',
  ]);
  if (period.from) q = q.where(day, '>=', period.from);
  if (period.to) q = q.where(day, '<=', period.to);
  const rows = await q.orderBy('journal_entries.occurred_at').orderBy('journal_postings.id').execute();
  const lines = rows.map((r) => ({
    entryId: r.id,
    occurredAt: r.occurred_at.toISOString(),
    kind: r.kind,
    documentType: r.document_type,
    documentId: r.document_id,
    memo: r.memo,
    meta: r.meta,
    account: r.code as AccountCode,
    amountFen: displayBalance(r.code as AccountCode, r.amount_fen),
  }));
  return { openingFen: opening, closingFen: opening + lines.reduce((s, l) => s + l.amountFen, 0), lines };
}

export interface EntryView {
  id: string;
  kind: string;
  documentType: string;
  documentId: string;
  memo: string;
  meta: Record<string, unknown>;
  occurredAt: string;
  recordedAt: string;
  reversesEntryId: string | null;
  postings: Array<{
    accountId: string;
    code: string;
    partyKind: string;
    partyId: string;
    debitFen: number;
    creditFen: number;
    skuId: string | null;
  }>;
}

type EntryRow = Selectable<JournalEntriesTable>;

/** Entries with their postings (in posting order). */
async function withPostings(db: Executor, entries: EntryRow[]): Promise<EntryView[]> {
  if (entries.length === 0) return [];
  const postings = await db
    .selectFrom('journal_postings')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
    .select([
      'journal_postings.entry_id',
      'journal_postings.account_id',
      'ledger_accounts.code',
      'ledger_accounts.party_kind',
      'ledger_accounts.party_id',
      'journal_postings.amount_fen',
      'journal_postings.sku_id',
    ])
    .where(
      'journal_postings.entry_id',
      'in',
      entries.map((e) => e.id),
    )
    .orderBy('journal_postings.id')
    .execute();
  return entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    documentType: e.document_type,
    documentId: e.document_id,
    memo: e.memo,
    meta: e.meta,
    occurredAt: e.occurred_at.toISOString(),
    recordedAt: e.recorded_at.toISOString(),
    reversesEntryId: e.reverses_entry_id,
    postings: postings
      .filter((p) => p.entry_id === e.id)
      .map((p) => ({
        accountId: p.account_id,
        code: p.code,
        partyKind: p.party_kind,
        partyId: p.party_id,
        debitFen: Math.max(0, p.amount_fen),
        creditFen: Math.max(0, -p.amount_fen),
        skuId: p.sku_id,
      })),
  }));
}

/** The journal entries of a business document (an order, payment, refund, purchase order, route, withdrawal), with their postings. */
export async function entriesOfDocument(db: Executor, operatorId: string, documentType: string, documentId: string): Promise<EntryView[]> {
  const entries = await db
    .selectFrom('journal_entries')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('document_type', '=', documentType)
    .where('document_id', '=', documentId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return withPostings(db, entries);
}

export interface JournalFilter {
  documentType?: string | undefined;
  documentId?: string | undefined;
  /** Business days (operator's time zone), both included. */
  from?: string | undefined;
  to?: string | undefined;
  /** Which time from/to apply to: the business time (occurred) or when it was posted (recorded). */
  dateOf?: 'occurred' | 'recorded' | undefined;
  /** Entries with at least one posting on an account of this code / kind of party / party. */
  code?: string | undefined;
  partyKind?: PartyKind | undefined;
  partyId?: string | undefined;
  kind?: string | undefined;
  /** Default newest first; oldest first when one document is asked for. */
  order?: 'asc' | 'desc' | undefined;
  page: number;
  pageSize: number;
}

/** A page of the journal matching the filters, with every posting of each entry and the count of every match. */
export async function listJournal(db: Executor, operatorId: string, f: JournalFilter): Promise<Page<EntryView>> {
  let q = db.selectFrom('journal_entries as e').where('e.operator_id', '=', operatorId);
  if (f.documentType) q = q.where('e.document_type', '=', f.documentType);
  if (f.documentId) q = q.where('e.document_id', '=', f.documentId);
  if (f.kind) q = q.where('e.kind', '=', f.kind);
  if (f.from || f.to) {
    const tz = await operatorTimeZone(db, operatorId);
    const at = f.dateOf === 'recorded' ? 'e.recorded_at' : 'e.occurred_at';
    if (f.from) q = q.where(at, '>=', dayStart(f.from, tz));
    if (f.to) q = q.where(at, '<', dayEnd(f.to, tz));
  }
  if (f.code || f.partyKind || f.partyId) {
    const { code, partyKind, partyId } = f;
    q = q.where((eb) => {
      let sub = eb
        .selectFrom('journal_postings as p')
        .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
        .select(sql<number>`1`.as('one'))
        .whereRef('p.entry_id', '=', 'e.id');
      if (code) sub = sub.where('a.code', '=', code);
      if (partyKind) sub = sub.where('a.party_kind', '=', partyKind);
      if (partyId) sub = sub.where('a.party_id', '=', partyId);
      return eb.exists(sub);
    });
  }
  const dir = f.order ?? (f.documentId ? 'asc' : 'desc');
  const listed = await fetchPage(f, q.selectAll('e').orderBy('e.occurred_at', dir).orderBy('e.recorded_at', dir).orderBy('e.id', dir), q);
  return { ...listed, items: await withPostings(db, listed.items) };
}

/**
 * The commission a leader keeps on the orders whose commission accrued in a period (the order was
 * paid then): accrued less what their refunds clawed back so far, from the commission lines (the
 * sub-ledger that reconciliation proves equal to the journal, order by order).
 */
export async function commissionKept(db: Executor, operatorId: string, leaderId: string, period: Period): Promise<number> {
  const tz = await operatorTimeZone(db, operatorId);
  let q = db
    .selectFrom('commission_lines')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('accrued_fen', '-', eb.ref('clawed_back_fen'))), eb.lit(0)).as('kept'))
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId);
  if (period.from) q = q.where('accrued_at', '>=', dayStart(period.from, tz));
  if (period.to) q = q.where('accrued_at', '<', dayEnd(period.to, tz));
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.kept);
}

/** What the ledger holds for a leader: commission pending (not yet released), available and being withdrawn. */
export interface LeaderCommissionHeld {
  /** Pending commission net of claw-backs, on lines not yet released (the after-sales window). */
  pendingFen: number;
  /** The orders whose commission is still pending. */
  pendingOrders: number;
  /** The commission_available balance (may be negative: claw-backs after release). */
  availableFen: number;
  /** The commission_withdrawing balance: asked for, awaiting payout. */
  withdrawingFen: number;
}

/**
 * A leader's commission as a removal settles it: the pending lines and help-sell shares (the
 * sub-ledgers) and the balances of their available and withdrawing accounts (the journal).
 */
export async function leaderCommissionHeld(db: Executor, operatorId: string, leaderId: string): Promise<LeaderCommissionHeld> {
  const pending = await db
    .selectFrom('commission_lines')
    .select([
      sql<number>`coalesce(sum(accrued_fen - clawed_back_fen), 0)::bigint`.as('fen'),
      sql<number>`count(distinct order_id)::int`.as('orders'),
    ])
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  // A leader who published a help-sell campaign holds its shares pending the same way.
  const shares = await db
    .selectFrom('help_sell_shares')
    .select([
      sql<number>`coalesce(sum(accrued_fen - clawed_back_fen), 0)::bigint`.as('fen'),
      sql<string[]>`coalesce(array_agg(distinct order_id), '{}')`.as('orders'),
    ])
    .where('operator_id', '=', operatorId)
    .where('publisher_kind', '=', 'leader')
    .where('publisher_id', '=', leaderId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const balances = await db
    .selectFrom('ledger_accounts')
    .select(['code', 'balance_fen'])
    .where('operator_id', '=', operatorId)
    .where('party_kind', '=', 'leader')
    .where('party_id', '=', leaderId)
    .where('code', 'in', ['commission_available', 'commission_withdrawing'])
    .execute();
  const of = (code: 'commission_available' | 'commission_withdrawing') =>
    displayBalance(code, balances.find((b) => b.code === code)?.balance_fen ?? 0);
  return {
    pendingFen: Number(pending.fen) + Number(shares.fen),
    pendingOrders: Number(pending.orders) + shares.orders.length,
    availableFen: of('commission_available'),
    withdrawingFen: of('commission_withdrawing'),
  };
}
