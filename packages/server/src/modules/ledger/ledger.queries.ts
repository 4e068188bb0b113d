import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { PartyKind } from '../../platform/db/schema.ledger.ts';
import { AppError } from '../../platform/errors.ts';
import { type AccountCode, chart, displayBalance } from './ledger.chart.ts';

/** A period of business days (operator's time zone), both ends included; open ends mean "since the start" / "until now". */
export interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

/** The operator's time zone: business days are counted in it. */
export async function timezoneOf(db: Executor, operatorId: string): Promise<string> {
  const row = await db.selectFrom('operators').select('timezone').where('id', '=', operatorId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'operator not found');
  return row.timezone;
}

/** The business day of a timestamp column, as SQL. */
export function businessDay(column: string, tz: string): RawBuilder<string> {
  return sql<string>`(${sql.ref(column)} at time zone ${tz})::date`;
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
  const tz = await timezoneOf(db, operatorId);
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
