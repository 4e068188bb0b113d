import type { AppContext } from '../../context.ts';
import { supplierNames } from '../catalog/index.ts';
import { leadersByIds } from '../leader/index.ts';
import { listAccounts, reconcile, type Reconciliation } from '../ledger/index.ts';
import { type DailyPnl, dailyPnl } from './pnl.ts';

export interface PartyBalances {
  partyId: string;
  name: string;
  balances: Record<string, number>;
}

export interface LedgerDayReport {
  pnl: DailyPnl;
  operator: Record<string, number>;
  leaders: PartyBalances[];
  suppliers: PartyBalances[];
  carriers: PartyBalances[];
  reconciliation: Reconciliation;
}

/**
 * The day in money for the demo report: the operator's P&L of the business day (as booked; the
 * batch P&L of a pickup date is `batchPnl` in pnl.ts), every party's
 * balances (leaders' commission, suppliers' and carriers' payables, the operator's accounts) and
 * the day's reconciliation.
 */
export async function ledgerDayReport(ctx: AppContext, operatorId: string, date: string): Promise<LedgerDayReport> {
  const accounts = await listAccounts(ctx.db, operatorId);
  const names = async (kind: 'leader' | 'supplier', ids: string[]): Promise<Map<string, string>> =>
    kind === 'supplier'
      ? supplierNames(ctx.db, operatorId, ids)
      : new Map([...(await leadersByIds(ctx.db, operatorId, ids))].map(([id, l]) => [id, l.name]));
  const group = async (kind: 'leader' | 'supplier' | 'carrier') => {
    const of = accounts.filter((a) => a.partyKind === kind);
    const ids = [...new Set(of.map((a) => a.partyId))];
    const named = kind === 'carrier' ? new Map<string, string>() : await names(kind, ids);
    return ids.map((partyId) => ({
      partyId,
      name: named.get(partyId) ?? partyId,
      balances: Object.fromEntries(of.filter((a) => a.partyId === partyId).map((a) => [a.code, a.balanceFen])),
    }));
  };
  return {
    pnl: await dailyPnl(ctx.db, operatorId, date, 'booked'),
    operator: Object.fromEntries(accounts.filter((a) => a.partyKind === 'operator').map((a) => [a.code, a.balanceFen])),
    leaders: await group('leader'),
    suppliers: await group('supplier'),
    carriers: await group('carrier'),
    reconciliation: await reconcile(ctx.db, operatorId, date),
  };
}
