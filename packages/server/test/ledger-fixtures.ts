import type { Principal } from '../src/modules/identity/identity.service.ts';
import { type AccountRef, displayBalance } from '../src/modules/ledger/ledger.chart.ts';
import { balanceOf } from '../src/modules/ledger/journal.ts';
import { advanceOrders, refundOrderLines } from '../src/modules/ordering/ordering.fulfilment.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { payOrder } from '../src/modules/ordering/order-payment.ts';
import type { Blame, RefundKind } from '../src/platform/db/schema.ts';
import { type EventInput, type EventType, emit } from '../src/platform/events.ts';
import type { World } from './fixtures.ts';
import type { TestApp } from './harness.ts';

/** A person as services see them, without a login. */
export function principal(world: World, kind: 'resident' | 'leader', id: string): Principal {
  return { kind, id, operatorId: world.operatorId, sessionId: 'test', roles: [] };
}

/** A paid order of a resident at their bound pickup point; the ledger has posted it when this returns. */
export async function paidOrder(t: TestApp, world: World, residentId: string, lines: Array<[string, number]>) {
  const who = principal(world, 'resident', residentId);
  const order = await placeOrder(t.ctx, who, { lines: lines.map(([campaignLineId, quantity]) => ({ campaignLineId, quantity })) });
  await payOrder(t.ctx, who, order.id, 'instant');
  await t.ctx.events.drain();
  return order;
}

/** Picks an order up (through allocated and delivered, as fulfilment would), then delivers the events. */
export async function pickUp(t: TestApp, world: World, orderId: string) {
  for (const to of ['allocated', 'delivered', 'picked_up'] as const) {
    await t.ctx.db.transaction().execute((trx) => advanceOrders(t.ctx, trx, world.operatorId, [orderId], to));
  }
  await t.ctx.events.drain();
}

/** Refunds units of order lines as fulfilment would, then delivers the events. */
export async function refund(
  t: TestApp,
  world: World,
  orderId: string,
  lines: Array<{ orderLineId: string; quantity: number; amountFen?: number }>,
  kind: RefundKind = 'aftersales',
  blame: Blame = 'none',
  sourceId = `src_${Math.random().toString(36).slice(2)}`,
  carrierId: string | null = null,
) {
  const r = await t.ctx.db
    .transaction()
    .execute((trx) =>
      refundOrderLines(t.ctx, trx, { operatorId: world.operatorId, orderId, lines, kind, blame, reason: 'test', sourceId, carrierId }),
    );
  await t.ctx.events.drain();
  return r;
}

/** Emits a business event as another module would (its payload checked against the producer's schema), then delivers it. */
export async function emitEvent<K extends EventType>(t: TestApp, world: World, type: K, aggregateId: string, payload: EventInput<K>) {
  await t.ctx.db.transaction().execute((trx) => emit(trx, t.ctx.clock, { type, operatorId: world.operatorId, aggregateId, payload }));
  await t.ctx.events.drain();
}

/** Emits a copy of an event read from the outbox (checked against its schema like any other), then delivers it. */
export function emitAgain(t: TestApp, world: World, row: { event_type: string; aggregate_id: string; payload: unknown }) {
  return emitEvent(t, world, row.event_type as EventType, row.aggregate_id, row.payload as EventInput<EventType>);
}

/** An account's balance on its normal side. */
export function balance(t: TestApp, world: World, a: AccountRef): Promise<number> {
  return balanceOf(t.ctx.db, world.operatorId, a);
}

/** Every account of the operator as `code/party → balance` (normal side), for table-shaped assertions. */
export async function allBalances(t: TestApp, world: World): Promise<Record<string, number>> {
  const rows = await t.ctx.db.selectFrom('ledger_accounts').selectAll().where('operator_id', '=', world.operatorId).execute();
  const out: Record<string, number> = {};
  for (const r of rows)
    out[`${r.code}${r.party_kind === 'operator' ? '' : `/${r.party_id}`}`] = displayBalance(r.code as AccountRef['code'], r.balance_fen);
  return out;
}

/** The entries of a document as `kind: code(/party)=±fen` strings (debit +, credit −), in order. */
export async function postingsOf(t: TestApp, world: World, documentType: string, documentId: string): Promise<string[]> {
  const rows = await t.ctx.db
    .selectFrom('journal_postings')
    .innerJoin('journal_entries', 'journal_entries.id', 'journal_postings.entry_id')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
    .select(['journal_entries.kind', 'ledger_accounts.code', 'ledger_accounts.party_kind', 'journal_postings.amount_fen'])
    .where('journal_entries.operator_id', '=', world.operatorId)
    .where('journal_entries.document_type', '=', documentType)
    .where('journal_entries.document_id', '=', documentId)
    .orderBy('journal_entries.recorded_at')
    .orderBy('journal_postings.id')
    .execute();
  return rows.map(
    (r) => `${r.kind}: ${r.code}${r.party_kind === 'operator' ? '' : `/${r.party_kind}`}=${r.amount_fen > 0 ? '+' : ''}${r.amount_fen}`,
  );
}
