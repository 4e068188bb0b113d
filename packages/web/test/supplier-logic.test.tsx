import * as procurement from '@linli/contracts/procurement';
import { describe, expect, it } from 'vitest';
import {
  type PurchaseOrder,
  type PurchaseOrderLine,
  canConfirm,
  confirmationBody,
  fullQuantities,
  lineCostFen,
  shortShipSummary,
} from '../src/areas/supplier/confirmation.ts';
import { type StatementLine, lineLabel, nextStatementPage, periodRange, statementEntries } from '../src/areas/supplier/statement.ts';
import { poLine } from './admin-ops-fixtures.ts';

const line = (id: string, orderedQuantity: number, costPriceFen: number): PurchaseOrderLine =>
  poLine({ id, skuName: `商品 ${id}`, demandQuantity: orderedQuantity, suggestedQuantity: orderedQuantity, orderedQuantity, costPriceFen });
const po: Pick<PurchaseOrder, 'lines'> = { lines: [line('a', 29, 1850), line('b', 28, 3500), line('c', 10, 750)] };

describe('short-ship totals', () => {
  it('starts in full: nothing short, the ordered amount', () => {
    const s = shortShipSummary(po, fullQuantities(po));
    expect(s).toMatchObject({ full: true, shortLines: 0, shortUnits: 0, orderedUnits: 67, confirmedUnits: 67 });
    expect(s.confirmedCostFen).toBe(29 * 1850 + 28 * 3500 + 10 * 750);
    expect(s.confirmedCostFen).toBe(s.orderedCostFen);
  });

  it('counts the lines and units shipped short and the confirmed amount at cost', () => {
    const s = shortShipSummary(po, { a: 1, b: 28, c: 0 });
    expect(s).toMatchObject({ full: false, shortLines: 2, shortUnits: 28 + 10, confirmedUnits: 29 });
    expect(s.confirmedCostFen).toBe(1850 + 28 * 3500);
  });

  it('flags more than ordered and empty or fractional quantities', () => {
    const s = shortShipSummary(po, { a: 30, b: null, c: 2.5 });
    expect(s.overLines).toEqual(['a']);
    expect(s.invalidLines).toEqual(['b', 'c']);
    expect(s.full).toBe(false);
    expect(s.confirmedCostFen).toBe(29 * 1850); // more than ordered counts as the ordered quantity
  });

  it('prices one line', () => {
    expect(lineCostFen(line('x', 10, 999), 4)).toBe(3996);
    expect(lineCostFen(line('x', 10, 999), null)).toBe(0);
  });
});

describe('the confirmation body', () => {
  it('names only the lines shipped short, valid for the API', () => {
    const body = confirmationBody(po, { a: 1, b: 28, c: 0 });
    expect(body).toEqual({
      lines: [
        { lineId: 'a', confirmedQuantity: 1 },
        { lineId: 'c', confirmedQuantity: 0 },
      ],
    });
    expect(procurement.ConfirmPurchaseOrder.safeParse(body).success).toBe(true);
  });

  it('is empty (all in full) when nothing changed', () => {
    expect(confirmationBody(po, fullQuantities(po))).toEqual({ lines: [] });
  });

  it('confirms only sent orders', () => {
    expect(canConfirm({ status: 'sent' })).toBe(true);
    for (const status of ['draft', 'confirmed', 'short_confirmed', 'receiving', 'received', 'cancelled'] as const)
      expect(canConfirm({ status })).toBe(false);
  });
});

describe('statement periods', () => {
  it('gives this month, last month and the last 30 days as dates', () => {
    expect(periodRange('thisMonth', '2026-11-22')).toEqual({ from: '2026-11-01', to: '2026-11-22' });
    expect(periodRange('lastMonth', '2026-11-22')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(periodRange('last30', '2026-11-22')).toEqual({ from: '2026-10-24', to: '2026-11-22' });
    expect(periodRange('all', '2026-11-22')).toEqual({});
  });

  it('crosses the year and leap February', () => {
    expect(periodRange('lastMonth', '2027-01-15')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodRange('lastMonth', '2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange('last30', '2027-01-10')).toEqual({ from: '2026-12-12', to: '2027-01-10' });
  });
});

describe('statement lines', () => {
  const entry = (entryId: string, occurredAt: string, kind: string, meta: Record<string, unknown> = {}, memo = ''): StatementLine => ({
    entryId,
    occurredAt,
    kind,
    documentType: 'purchase_order',
    documentId: 'po_1',
    memo,
    meta,
    account: 'supplier_payable',
    amountFen: 100,
  });

  it('asks for the next page while the server has more entries', () => {
    expect(nextStatementPage({ page: 1, pageSize: 30, total: 45 })).toBe(2);
    expect(nextStatementPage({ page: 2, pageSize: 30, total: 45 })).toBeUndefined();
    expect(nextStatementPage({ page: 1, pageSize: 30, total: 30 })).toBeUndefined();
    expect(nextStatementPage({ page: 1, pageSize: 30, total: 0 })).toBeUndefined();
    expect(nextStatementPage({ page: null, pageSize: null, total: 45 })).toBeUndefined();
  });

  it('joins the pages in order, each entry once even when a new one shifted the next page', () => {
    const e = (id: string) => entry(id, '2026-11-22T01:00:00Z', 'goods_received');
    const lines = statementEntries([{ lines: [e('e5'), e('e4')] }, { lines: [e('e4'), e('e3')] }]);
    expect(lines.map((l) => l.entryId)).toEqual(['e5', 'e4', 'e3']);
  });

  it('names a chargeback by its reason and marks reversals', () => {
    expect(lineLabel(entry('e', '2026-11-22T01:00:00Z', 'blame_charge', { kind: 'shortage' }))).toEqual({
      kind: 'blame_charge',
      reason: 'shortage',
      reversal: false,
    });
    expect(lineLabel(entry('e', '2026-11-22T01:00:00Z', 'goods_received', { kind: 'x' }, 'reversal: wrong count'))).toEqual({
      kind: 'goods_received',
      reason: undefined,
      reversal: true,
    });
  });
});
