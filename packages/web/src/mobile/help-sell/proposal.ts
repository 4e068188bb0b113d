import { yuanToFen } from '../../common/format.ts';

/** A proposal line as the form holds it: the SKU picked, the group price in yuan, stock and limit blank for none. */
export interface LineForm {
  skuId: string;
  price: string;
  stock: string;
  limit: string;
}

/** The proposal form's values as typed. */
export interface ProposalForm {
  title: string;
  note: string;
  /** `YYYY-MM-DDTHH:mm` in the operator's time zone (Asia/Shanghai, UTC+8). */
  opensAt: string;
  cutoffAt: string;
  pickupDate: string;
  lines: LineForm[];
  /** Percent of what the resident pays, as typed: '12.5'. */
  sellerPct: string;
  publisherPct: string;
}

/** A datetime-local value in the operator's zone as an ISO instant; undefined when blank. */
export function shanghaiIso(local: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+08:00` : local.trim() === '' ? undefined : local;
}

/** Basis points from a typed percent (12.5 → 1250); NaN when not a number, undefined when blank. */
export function percentToBp(typed: string): number | undefined {
  if (typed.trim() === '') return undefined;
  const n = Number(typed.trim());
  return Number.isFinite(n) ? Math.round(n * 100) : Number.NaN;
}

/** 12.5% from 1250 bp. */
export const pct = (bp: number): string => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2).replace(/(\.\d)0$/, '$1')}%`;

const count = (typed: string): number | null => (typed.trim() === '' ? null : Number(typed.trim()));

/** The request body of a proposal (checked against the contract before sending). */
export function proposalBody(f: ProposalForm) {
  return {
    title: f.title,
    note: f.note,
    opensAt: shanghaiIso(f.opensAt),
    cutoffAt: shanghaiIso(f.cutoffAt),
    pickupDate: f.pickupDate,
    lines: f.lines.map((l) => ({
      skuId: l.skuId,
      groupPriceFen: l.price.trim() === '' ? undefined : yuanToFen(l.price),
      stockTotal: count(l.stock),
      perResidentLimit: count(l.limit),
    })),
    sellerBp: percentToBp(f.sellerPct),
    publisherBp: percentToBp(f.publisherPct),
  };
}

export const emptyProposal = (): ProposalForm => ({
  title: '',
  note: '',
  opensAt: '',
  cutoffAt: '',
  pickupDate: '',
  lines: [],
  sellerPct: '',
  publisherPct: '',
});
