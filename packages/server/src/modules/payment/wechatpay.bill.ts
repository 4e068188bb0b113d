/**
 * WeChat Pay's trade bill (交易账单, bill_type ALL) as linli reads it: a header line naming the
 * columns, one line per paid trade (交易状态 SUCCESS) and per refund (REFUND), every field after
 * a backtick, amounts in yuan with two decimals, then the summary lines (总交易单数 …). Columns are
 * found by name, so added columns do not break it. Pure: the reconciliation compares the result
 * with linli's payments and refunds.
 */

/** One line of the bill: our payment id (out_trade_no) or refund id (out_refund_no) and its amount. */
export interface BillLine {
  ref: string;
  fen: number;
  /** The trade or refund time as the bill writes it (Beijing time). */
  at: string;
}

export interface TradeBill {
  payments: BillLine[];
  refunds: BillLine[];
}

/** Exact yuan → fen for the bill's `12.90` form (no floating point); null when it is not that form. */
export function yuanToFen(text: string): number | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -fen : fen;
}

/** The fields of a bill line: split at commas, each without its leading backtick. */
function fields(line: string): string[] {
  return line.split(',').map((f) => (f.startsWith('`') ? f.slice(1) : f).trim());
}

export class BillFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BillFormatError';
  }
}

export function parseTradeBill(text: string): TradeBill {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = fields(lines[0] ?? '');
  const col = (name: string, fallback?: string): number => {
    let i = header.indexOf(name);
    if (i < 0 && fallback) i = header.indexOf(fallback);
    if (i < 0) throw new BillFormatError(`the bill has no column ${name}`);
    return i;
  };
  const at = col('交易时间');
  const state = col('交易状态');
  const tradeNo = col('商户订单号');
  const orderFen = col('订单金额', '应结订单金额');
  const refundNo = col('商户退款单号');
  const refundFen = col('申请退款金额', '退款金额');
  const bill: TradeBill = { payments: [], refunds: [] };
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    if (line.startsWith('总交易单数')) break;
    const f = fields(line);
    const kind = f[state];
    const amount = (i: number) => {
      const fen = yuanToFen(f[i] ?? '');
      if (fen === null) throw new BillFormatError(`not an amount: '${f[i]}' in ${line.slice(0, 80)}`);
      return fen;
    };
    if (kind === 'SUCCESS') bill.payments.push({ ref: f[tradeNo] ?? '', fen: amount(orderFen), at: f[at] ?? '' });
    else if (kind === 'REFUND') bill.refunds.push({ ref: f[refundNo] ?? '', fen: amount(refundFen), at: f[at] ?? '' });
  }
  return bill;
}
