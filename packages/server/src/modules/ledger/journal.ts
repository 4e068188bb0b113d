import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type AccountCode, type AccountRef, type EntryKind, chart, displayBalance } from './ledger.chart.ts';

/** One side of an entry: debit > 0, credit < 0, in fen. */
export interface Posting {
  account: AccountRef;
  amountFen: number;
  skuId?: string | null;
}

export interface NewEntry {
  operatorId: string;
  /** Unique per operator: the same key never posts twice. */
  key: string;
  kind: EntryKind;
  document: { type: string; id: string };
  memo?: string;
  meta?: Record<string, unknown>;
  /** When the business event happened (not when it was delivered): days are counted by it. */
  occurredAt: Date;
  reversesEntryId?: string;
  /**
   * The pickup date of the batch (cutoff → purchase → delivery) the entry belongs to, whatever day
   * it is booked on: the batch P&L matches revenue and cost by it. Omitted for no batch (withdrawals).
   */
  batchDate?: string | null;
  postings: readonly Posting[];
}

/** Throws unless the postings are whole fen and debits equal credits. */
export function assertBalanced(postings: readonly Posting[]): void {
  let sum = 0;
  for (const p of postings) {
    if (!Number.isSafeInteger(p.amountFen)) throw new Error(`a posting must be whole fen, got ${p.amountFen}`);
    sum += p.amountFen;
  }
  if (sum !== 0) throw new Error(`journal entry does not balance: debits - credits = ${sum}`);
}

/**
 * Writes a balanced journal entry and moves the accounts' balances, in the caller's transaction.
 * Zero postings are dropped; an entry with nothing left posts nothing. Returns the entry id, or
 * null when the key was already posted (a redelivered event) or nothing moved. The database checks
 * the balance again at commit and refuses any later change of the entry.
 */
export async function postEntry(trx: Tx, now: Date, e: NewEntry): Promise<string | null> {
  return (await postEntries(trx, now, [e]))[0] ?? null;
}

/**
 * Writes balanced journal entries (`postEntry` for each, in the order given) and moves the accounts'
 * balances, each account once by the sum of its moves. Returns each entry's id, or null where the
 * key was already posted or nothing moved. Entries with the same key: the first is posted.
 *
 * One statement when the accounts exist (the ledger posts several entries per paid order, a batch
 * of orders at a time in the event delivery's transaction): the entries inserted only if every
 * account was found, their postings, and the balances moved, the accounts locked first in id
 * order. When an account is used for the first time, nothing is written: it is opened
 * (ensureAccount) and the statement runs again.
 */
export async function postEntries(trx: Tx, now: Date, entries: readonly NewEntry[]): Promise<Array<string | null>> {
  const keys = new Set<string>();
  const kept: Array<{ i: number; id: string; e: NewEntry; postings: Posting[] }> = [];
  entries.forEach((e, i) => {
    assertBalanced(e.postings);
    const postings = e.postings.filter((p) => p.amountFen !== 0);
    const key = `${e.operatorId}/${e.key}`;
    if (postings.length === 0 || keys.has(key)) return;
    keys.add(key);
    kept.push({ i, id: newId('jre'), e, postings });
  });
  const ids: Array<string | null> = entries.map(() => null);
  if (kept.length === 0) return ids;
  const flat = kept.flatMap((k) =>
    k.postings.map((p) => ({ entryId: k.id, operatorId: k.e.operatorId, posting: p, party: partyOf(k.e.operatorId, p.account) })),
  );
  const write = () =>
    sql<{ entry_ids: string[] | null; found: number }>`
    with want as (
      select * from unnest(${flat.map((f) => f.entryId)}::text[], ${flat.map((f) => f.operatorId)}::text[],
                           ${flat.map((f) => f.posting.account.code)}::text[], ${flat.map((f) => f.party.kind)}::text[],
                           ${flat.map((f) => f.party.id)}::text[], ${flat.map((f) => f.posting.amountFen)}::bigint[],
                           ${flat.map((f) => f.posting.skuId ?? null)}::text[])
             with ordinality as x(entry_id, operator_id, code, party_kind, party_id, amount_fen, sku_id, n)
    ), acc as (
      select w.entry_id, w.operator_id, w.n, w.amount_fen, w.sku_id, a.id as account_id
      from want w join ledger_accounts a
        on a.operator_id = w.operator_id and a.code = w.code and a.party_kind = w.party_kind and a.party_id = w.party_id
    ), entry as (
      insert into journal_entries (id, operator_id, idempotency_key, kind, document_type, document_id, memo, meta,
                                   occurred_at, recorded_at, reverses_entry_id, batch_date)
      select e.id, e.operator_id, e.key, e.kind, e.document_type, e.document_id, e.memo, e.meta, e.occurred_at,
             ${now}::timestamptz, e.reverses_entry_id, e.batch_date
      from unnest(${kept.map((k) => k.id)}::text[], ${kept.map((k) => k.e.operatorId)}::text[], ${kept.map((k) => k.e.key)}::text[],
                  ${kept.map((k) => k.e.kind)}::text[], ${kept.map((k) => k.e.document.type)}::text[],
                  ${kept.map((k) => k.e.document.id)}::text[], ${kept.map((k) => k.e.memo ?? '')}::text[],
                  ${kept.map((k) => JSON.stringify(k.e.meta ?? {}))}::jsonb[], ${kept.map((k) => k.e.occurredAt.toISOString())}::timestamptz[],
                  ${kept.map((k) => k.e.reversesEntryId ?? null)}::text[], ${kept.map((k) => k.e.batchDate ?? null)}::date[])
             with ordinality as e(id, operator_id, key, kind, document_type, document_id, memo, meta, occurred_at,
                                  reverses_entry_id, batch_date, n)
      where (select count(*) from acc) = ${flat.length}
      order by e.n
      on conflict (operator_id, idempotency_key) do nothing
      returning id
    ), locked as (
      -- In id order before any is updated (lockBalances and every other entry take them in that
      -- order), so two writers touching the same accounts cannot deadlock.
      select id from ledger_accounts
      where id in (select account_id from acc where entry_id in (select id from entry))
      order by id for no key update
    ), posted as (
      insert into journal_postings (entry_id, operator_id, account_id, amount_fen, sku_id)
      select acc.entry_id, acc.operator_id, acc.account_id, acc.amount_fen, acc.sku_id
      from acc where acc.entry_id in (select id from entry)
      order by acc.n
    ), moved as (
      update ledger_accounts a set balance_fen = a.balance_fen + m.delta
      from locked join (
        select account_id, sum(amount_fen) as delta from acc where entry_id in (select id from entry) group by account_id
      ) m on m.account_id = locked.id
      where a.id = locked.id
    )
    select (select array_agg(id) from entry) as entry_ids, (select count(*) from acc)::int as found`.execute(trx);
  let [row] = (await write()).rows;
  if (!row?.entry_ids && row?.found !== flat.length) {
    // An account used for the first time: open every account of the entries, then write them.
    const opened = new Set<string>();
    for (const f of flat) {
      const key = `${f.operatorId}/${refKey(f.posting.account)}`;
      if (opened.has(key)) continue;
      opened.add(key);
      await ensureAccount(trx, f.operatorId, f.posting.account, now);
    }
    [row] = (await write()).rows;
  }
  const written = new Set(row?.entry_ids ?? []);
  for (const k of kept) if (written.has(k.id)) ids[k.i] = k.id;
  return ids;
}

/**
 * Corrects an entry the only way the journal allows: a new entry with every posting negated,
 * linked to the one it reverses. Reversing twice is refused.
 */
export async function reverseEntry(trx: Tx, now: Date, operatorId: string, entryId: string, reason: string): Promise<string> {
  const entry = await trx
    .selectFrom('journal_entries')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', entryId)
    .executeTakeFirst();
  if (!entry) throw new AppError('NOT_FOUND', 'journal entry not found');
  if (entry.reverses_entry_id) throw new AppError('INVALID_STATE', 'a reversing entry cannot itself be reversed');
  const postings = await trx
    .selectFrom('journal_postings')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
    .select([
      'ledger_accounts.code',
      'ledger_accounts.party_kind',
      'ledger_accounts.party_id',
      'journal_postings.amount_fen',
      'journal_postings.sku_id',
    ])
    .where('journal_postings.entry_id', '=', entryId)
    .execute();
  const id = await postEntry(trx, now, {
    operatorId,
    key: `reversal:${entryId}`,
    kind: entry.kind as EntryKind,
    document: { type: entry.document_type, id: entry.document_id },
    memo: `reversal: ${reason}`,
    meta: { ...entry.meta, reason },
    occurredAt: now,
    reversesEntryId: entryId,
    batchDate: entry.batch_date,
    postings: postings.map((p) => ({
      account: p.party_kind === 'operator' ? { code: p.code as AccountCode } : { code: p.code as AccountCode, partyId: p.party_id },
      amountFen: -p.amount_fen,
      skuId: p.sku_id,
    })),
  });
  if (!id) throw new AppError('INVALID_STATE', 'this entry has already been reversed');
  return id;
}

function refKey(a: AccountRef): string {
  return `${a.code}/${a.partyId ?? ''}`;
}

function partyOf(operatorId: string, a: AccountRef): { kind: (typeof chart)[AccountCode]['party']; id: string } {
  const kind = chart[a.code].party;
  if (kind === 'operator') return { kind, id: operatorId };
  if (!a.partyId) throw new Error(`account ${a.code} needs a ${kind}`);
  return { kind, id: a.partyId };
}

/** The account's id, opening it on first use. */
export async function ensureAccount(trx: Tx, operatorId: string, a: AccountRef, now: Date): Promise<string> {
  const party = partyOf(operatorId, a);
  const where = (q: Executor) =>
    q
      .selectFrom('ledger_accounts')
      .select('id')
      .where('operator_id', '=', operatorId)
      .where('code', '=', a.code)
      .where('party_kind', '=', party.kind)
      .where('party_id', '=', party.id);
  const existing = await where(trx).executeTakeFirst();
  if (existing) return existing.id;
  await trx
    .insertInto('ledger_accounts')
    .values({
      id: newId('acc'),
      operator_id: operatorId,
      code: a.code,
      party_kind: party.kind,
      party_id: party.id,
      normal_side: chart[a.code].normal,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['operator_id', 'code', 'party_kind', 'party_id']).doNothing())
    .execute();
  return (await where(trx).executeTakeFirstOrThrow()).id;
}

/** An account's balance on its normal side (0 when it was never used). */
export async function balanceOf(db: Executor, operatorId: string, a: AccountRef): Promise<number> {
  const party = partyOf(operatorId, a);
  const row = await db
    .selectFrom('ledger_accounts')
    .select('balance_fen')
    .where('operator_id', '=', operatorId)
    .where('code', '=', a.code)
    .where('party_kind', '=', party.kind)
    .where('party_id', '=', party.id)
    .executeTakeFirst();
  return displayBalance(a.code, row?.balance_fen ?? 0);
}

/**
 * Locks accounts for the rest of the transaction, in id order (the order postEntry updates them in),
 * and returns their balances on their normal side, in the order asked.
 */
export async function lockBalances(trx: Tx, operatorId: string, now: Date, accounts: readonly AccountRef[]): Promise<number[]> {
  const ids: string[] = [];
  for (const a of accounts) ids.push(await ensureAccount(trx, operatorId, a, now));
  const rows = await trx
    .selectFrom('ledger_accounts')
    .select(['id', 'balance_fen'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  return accounts.map((a, i) => displayBalance(a.code, rows.find((r) => r.id === ids[i])?.balance_fen ?? 0));
}

/**
 * Claims a business cause (an event, a job run) for the ledger in the caller's transaction; false
 * when it was claimed before, so a redelivered event changes nothing.
 */
export async function claim(trx: Tx, operatorId: string, key: string, now: Date): Promise<boolean> {
  const row = await trx
    .insertInto('ledger_event_claims')
    .values({ operator_id: operatorId, key, claimed_at: now })
    .onConflict((oc) => oc.columns(['operator_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Claims several causes at once (`claim` for each): true for each one claimed now, false for one
 * claimed before or earlier in the list.
 */
export async function claimAll(trx: Tx, now: Date, causes: ReadonlyArray<{ operatorId: string; key: string }>): Promise<boolean[]> {
  if (causes.length === 0) return [];
  const { rows } = await sql<{ operator_id: string; key: string }>`
    insert into ledger_event_claims (operator_id, key, claimed_at)
    select distinct c.operator_id, c.key, ${now}::timestamptz
    from unnest(${causes.map((c) => c.operatorId)}::text[], ${causes.map((c) => c.key)}::text[]) as c(operator_id, key)
    on conflict (operator_id, key) do nothing
    returning operator_id, key`.execute(trx);
  const fresh = new Set(rows.map((r) => `${r.operator_id}/${r.key}`));
  return causes.map((c) => fresh.delete(`${c.operatorId}/${c.key}`));
}
