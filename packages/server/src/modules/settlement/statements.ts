import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { supplierNames } from '../catalog/index.ts';
import { type Period, type StatementLine, leaderSales, partyMovements } from '../ledger/index.ts';
import { leadersByIds } from '../leader/index.ts';
import { carrierNames } from '../logistics/index.ts';

const sumOf = (lines: StatementLine[], pick: (l: StatementLine) => boolean, sign = 1) =>
  lines.filter(pick).reduce((s, l) => s + sign * l.amountFen, 0);

export interface LeaderStatement {
  leaderId: string;
  leaderName: string;
  from: string | null;
  to: string | null;
  orders: number;
  salesFen: number;
  accruedFen: number;
  clawedBackFen: number;
  deductedFen: number;
  /** Performance rules' bonuses less penalties (commission adjustments). */
  adjustedFen: number;
  /** 帮卖 as a reseller: the commission accrued on help-sell lines at the seller's share (part of `accruedFen`). */
  helpSellSellerFen: number;
  /** 帮卖 as the publisher: publisher shares less their claw-backs. */
  helpSellPublisherFen: number;
  releasedFen: number;
  paidFen: number;
  pendingFen: number;
  availableFen: number;
  withdrawingFen: number;
  lines: StatementLine[];
  total: number;
  page: number | null;
  pageSize: number | null;
}

/**
 * A leader's commission statement for a period: orders and sales, commission accrued (of it, on
 * help-sell lines as a reseller), help-sell publisher shares, clawed back,
 * deducted for after-sales they were blamed for, released and paid out, and the pending,
 * available and withdrawing balances at the end of the period, all read from the journal.
 * Its lines go by time, then by entry (ids sort in creation order), so that one entry's lines
 * stay side by side; with `paging`, one page of them, the figures staying the whole period's.
 */
export async function leaderStatement(
  db: Executor,
  operatorId: string,
  leaderId: string,
  period: Period,
  paging: StatementPaging = {},
): Promise<LeaderStatement> {
  const leader = (await leadersByIds(db, operatorId, [leaderId])).get(leaderId);
  if (!leader) throw new AppError('NOT_FOUND', 'leader not found');
  const party = { kind: 'leader' as const, id: leaderId };
  const pending = await partyMovements(db, operatorId, party, ['commission_pending'], period);
  const available = await partyMovements(db, operatorId, party, ['commission_available'], period);
  const withdrawing = await partyMovements(db, operatorId, party, ['commission_withdrawing'], period);
  const lines = [...pending.lines, ...available.lines, ...withdrawing.lines].sort(
    (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.entryId.localeCompare(b.entryId),
  );
  const sold = await leaderSales(db, operatorId, leaderId, period);
  return {
    leaderId,
    leaderName: leader.name,
    from: period.from ?? null,
    to: period.to ?? null,
    orders: sold.orders,
    salesFen: sold.salesFen,
    accruedFen: sumOf(lines, (l) => l.kind === 'commission_accrual'),
    clawedBackFen: sumOf(lines, (l) => l.kind === 'commission_clawback', -1),
    deductedFen: sumOf(lines, (l) => l.kind === 'blame_charge', -1),
    adjustedFen: sumOf(lines, (l) => l.kind === 'commission_adjustment'),
    helpSellSellerFen: lines
      .filter((l) => l.kind === 'commission_accrual')
      .reduce((s, l) => s + Math.sign(l.amountFen) * Number(l.meta.helpSellFen ?? 0), 0),
    helpSellPublisherFen: sumOf(lines, (l) => l.kind === 'help_sell_share' || l.kind === 'help_sell_clawback'),
    releasedFen: sumOf(lines, (l) => l.kind === 'commission_release' && l.account === 'commission_available'),
    paidFen: sumOf(lines, (l) => l.kind === 'withdrawal_paid', -1),
    pendingFen: pending.closingFen,
    availableFen: available.closingFen,
    withdrawingFen: withdrawing.closingFen,
    ...pageOf(lines, paging),
  };
}

export interface SupplierStatement {
  supplierId: string;
  supplierName: string;
  from: string | null;
  to: string | null;
  openingFen: number;
  receivedFen: number;
  chargebacksFen: number;
  /** 帮卖: publisher shares of the supplier's help-sell campaigns, less their claw-backs. */
  helpSellFen: number;
  closingFen: number;
  lines: StatementLine[];
  total: number;
  page: number | null;
  pageSize: number | null;
}

/** Which entries of a statement to send: all (no page nor pageSize), or one page; oldest first unless `desc`. */
export interface StatementPaging {
  page?: number | undefined;
  pageSize?: number | undefined;
  order?: 'asc' | 'desc' | undefined;
}

export const STATEMENT_PAGE_SIZE = 50;

/** A statement's lines (oldest first) as sent: all of them, or one page, newest first if asked; with their count. */
function pageOf(lines: StatementLine[], paging: StatementPaging) {
  const ordered = paging.order === 'desc' ? [...lines].reverse() : lines;
  if (paging.page === undefined && paging.pageSize === undefined)
    return { lines: ordered, total: lines.length, page: null, pageSize: null };
  const page = paging.page ?? 1;
  const pageSize = paging.pageSize ?? STATEMENT_PAGE_SIZE;
  return { lines: ordered.slice((page - 1) * pageSize, page * pageSize), total: lines.length, page, pageSize };
}

/** A supplier's statement for a period: goods received (accepted quantity × cost price), chargebacks for what they were blamed for, help-sell publisher shares, and what is owed. */
export async function supplierStatement(
  db: Executor,
  operatorId: string,
  supplierId: string,
  period: Period,
  paging: StatementPaging = {},
): Promise<SupplierStatement> {
  const supplierName = (await supplierNames(db, operatorId, [supplierId])).get(supplierId);
  if (supplierName === undefined) throw new AppError('NOT_FOUND', 'supplier not found');
  const m = await partyMovements(db, operatorId, { kind: 'supplier', id: supplierId }, ['supplier_payable'], period);
  const ordered = paging.order === 'desc' ? [...m.lines].reverse() : m.lines;
  const paged = paging.page !== undefined || paging.pageSize !== undefined;
  const page = paging.page ?? 1;
  const pageSize = paging.pageSize ?? STATEMENT_PAGE_SIZE;
  return {
    supplierId,
    supplierName,
    from: period.from ?? null,
    to: period.to ?? null,
    openingFen: m.openingFen,
    receivedFen: sumOf(m.lines, (l) => l.kind === 'goods_received'),
    chargebacksFen: sumOf(m.lines, (l) => l.kind === 'blame_charge', -1),
    helpSellFen: sumOf(m.lines, (l) => l.kind === 'help_sell_share' || l.kind === 'help_sell_clawback'),
    closingFen: m.closingFen,
    lines: paged ? ordered.slice((page - 1) * pageSize, page * pageSize) : ordered,
    total: m.lines.length,
    page: paged ? page : null,
    pageSize: paged ? pageSize : null,
  };
}

export interface CarrierStatement {
  carrierId: string;
  from: string | null;
  to: string | null;
  openingFen: number;
  routes: number;
  stopsDelivered: number;
  payableFen: number;
  closingFen: number;
  lines: StatementLine[];
  total: number;
  page: number | null;
  pageSize: number | null;
}

/**
 * A carrier's statement for a period: each completed route with its stops, distance and the rate
 * card applied, and what is owed; with `paging`, one page of its lines, the figures staying the whole period's.
 * NOT_FOUND for a carrier that is not the operator's (an empty statement would read as "owes nothing").
 */
export async function carrierStatement(
  db: Executor,
  operatorId: string,
  carrierId: string,
  period: Period,
  paging: StatementPaging = {},
): Promise<CarrierStatement> {
  if (!(await carrierNames(db, operatorId, [carrierId])).has(carrierId)) throw new AppError('NOT_FOUND', 'carrier not found');
  const m = await partyMovements(db, operatorId, { kind: 'carrier', id: carrierId }, ['carrier_payable'], period);
  // A reversed route cost (a correction) counts minus one route and its stops.
  const routes = m.lines.filter((l) => l.kind === 'route_cost').map((l) => ({ ...l, sign: Math.sign(l.amountFen) }));
  return {
    carrierId,
    from: period.from ?? null,
    to: period.to ?? null,
    openingFen: m.openingFen,
    routes: routes.reduce((s, l) => s + l.sign, 0),
    stopsDelivered: routes.reduce((s, l) => s + l.sign * Number(l.meta.stopsDelivered ?? 0), 0),
    payableFen: sumOf(m.lines, () => true),
    closingFen: m.closingFen,
    ...pageOf(m.lines, paging),
  };
}
