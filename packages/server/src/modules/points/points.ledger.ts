import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import type { PointsReason } from '../../platform/db/schema.points.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { consumeLots, lotExpiry, spendingOrder } from './points.rules.ts';

/**
 * The points ledger: every change of a resident's points is an entry, keyed, so posting the same
 * key again posts nothing. Every writer locks the resident's balance row first (then lots, then
 * an order's grant), so two changes of one resident's points run one after the other and the
 * balance always equals what is left of the resident's lots.
 */

export interface Posting {
  operatorId: string;
  residentId: string;
  /** Unique per operator: the idempotency key. */
  key: string;
  reason: PointsReason;
  documentId: string | null;
  note?: string | null;
  staffId?: string | null;
}

export interface Posted {
  entryId: string;
  delta: number;
  shortfall: number;
  balance: number;
}

/** Locks the resident's balance row (made at 0 the first time) and answers the balance. */
export async function lockBalance(trx: Tx, now: Date, operatorId: string, residentId: string): Promise<number> {
  await trx
    .insertInto('points_balances')
    .values({ operator_id: operatorId, resident_id: residentId, balance: 0, updated_at: now })
    .onConflict((oc) => oc.columns(['operator_id', 'resident_id']).doNothing())
    .execute();
  const row = await trx
    .selectFrom('points_balances')
    .select('balance')
    .where('operator_id', '=', operatorId)
    .where('resident_id', '=', residentId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.balance;
}

async function keyPosted(trx: Tx, operatorId: string, key: string): Promise<boolean> {
  const row = await trx
    .selectFrom('points_entries')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}

async function writeEntry(trx: Tx, now: Date, p: Posting, delta: number, shortfall: number, balanceAfter: number): Promise<string> {
  const id = newId('pte');
  await trx
    .insertInto('points_entries')
    .values({
      id,
      operator_id: p.operatorId,
      resident_id: p.residentId,
      delta,
      reason: p.reason,
      document_id: p.documentId,
      key: p.key,
      shortfall,
      balance_after: balanceAfter,
      note: p.note ?? null,
      staff_id: p.staffId ?? null,
      at: now,
    })
    .execute();
  await trx
    .updateTable('points_balances')
    .set({ balance: balanceAfter, updated_at: now })
    .where('operator_id', '=', p.operatorId)
    .where('resident_id', '=', p.residentId)
    .execute();
  return id;
}

/**
 * Adds points as a lot that expires after `lotDays`. Undefined when the key was posted before
 * (nothing changes).
 */
export async function credit(trx: Tx, now: Date, p: Posting, points: number, lotDays: number): Promise<Posted | undefined> {
  if (!Number.isSafeInteger(points) || points <= 0) throw new Error('a credit is a positive whole number of points');
  const balance = await lockBalance(trx, now, p.operatorId, p.residentId);
  if (await keyPosted(trx, p.operatorId, p.key)) return undefined;
  const entryId = await writeEntry(trx, now, p, points, 0, balance + points);
  await trx
    .insertInto('points_lots')
    .values({
      id: newId('ptl'),
      operator_id: p.operatorId,
      resident_id: p.residentId,
      entry_id: entryId,
      points,
      remaining: points,
      earned_at: now,
      expires_at: lotExpiry(now, lotDays),
    })
    .execute();
  return { entryId, delta: points, shortfall: 0, balance: balance + points };
}

/**
 * Takes points from the resident's lots, soonest-expiring first (`preferDocumentId`: that
 * document's lot first). `strict`: a balance short of the amount is POINTS_INSUFFICIENT and
 * nothing changes; otherwise what the balance holds is taken and the rest recorded as the entry's
 * shortfall. Lots past their date are expired first, so only points still valid are spent.
 * Undefined when the key was posted before (nothing changes).
 */
export async function debit(
  trx: Tx,
  now: Date,
  p: Posting,
  points: number,
  options: { strict: boolean; preferDocumentId?: string },
): Promise<Posted | undefined> {
  if (!Number.isSafeInteger(points) || points <= 0) throw new Error('a debit is a positive whole number of points');
  await lockBalance(trx, now, p.operatorId, p.residentId);
  if (await keyPosted(trx, p.operatorId, p.key)) return undefined;
  const balance = await expireDueLots(trx, now, p.operatorId, p.residentId);
  if (options.strict && balance < points) {
    throw new AppError('POINTS_INSUFFICIENT', `the balance is ${balance} points, ${points} are needed`, { balance, needed: points });
  }
  const lots = await trx
    .selectFrom('points_lots as l')
    .innerJoin('points_entries as e', 'e.id', 'l.entry_id')
    .select(['l.id', 'l.remaining', 'l.expires_at as expiresAt', 'e.document_id as documentId'])
    .where('l.operator_id', '=', p.operatorId)
    .where('l.resident_id', '=', p.residentId)
    .where('l.remaining', '>', 0)
    .orderBy('l.id')
    .forUpdate('l')
    .execute();
  const { takes, taken, shortfall } = consumeLots(spendingOrder(lots, options.preferDocumentId), points);
  for (const take of takes) {
    await trx
      .updateTable('points_lots')
      .set((eb) => ({ remaining: eb('remaining', '-', take.points) }))
      .where('id', '=', take.lotId)
      .execute();
  }
  const entryId = await writeEntry(trx, now, p, -taken, shortfall, balance - taken);
  return { entryId, delta: -taken, shortfall, balance: balance - taken };
}

/**
 * Expires what is left of the resident's lots past their date, an `expired` entry per lot; the
 * caller holds the balance lock. Answers the balance after.
 */
export async function expireDueLots(trx: Tx, now: Date, operatorId: string, residentId: string): Promise<number> {
  let balance = await lockBalance(trx, now, operatorId, residentId);
  const due = await trx
    .selectFrom('points_lots')
    .select(['id', 'remaining'])
    .where('operator_id', '=', operatorId)
    .where('resident_id', '=', residentId)
    .where('remaining', '>', sql.lit(0))
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const lot of due) {
    const posting: Posting = { operatorId, residentId, key: `expire:${lot.id}`, reason: 'expired', documentId: lot.id };
    if (await keyPosted(trx, operatorId, posting.key)) continue;
    await trx.updateTable('points_lots').set({ remaining: 0 }).where('id', '=', lot.id).execute();
    balance -= lot.remaining;
    await writeEntry(trx, now, posting, -lot.remaining, 0, balance);
  }
  return balance;
}
