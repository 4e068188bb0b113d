import ExcelJS from 'exceljs';
import type { StatementLine } from '../ledger/index.ts';
import type { PeriodPnl, PnlFigures, PnlHeadline } from './pnl.ts';
import type { CarrierStatement, LeaderStatement, SupplierStatement } from './statements.ts';

/** Statements and the P&L as Excel workbooks, amounts in yuan, for finance and parties who work in spreadsheets. */

const YUAN = '#,##0.00';

function sheetWithSummary(book: ExcelJS.Workbook, title: string, summary: Array<[string, string | number | null]>) {
  const sheet = book.addWorksheet(title);
  for (const [label, value] of summary) {
    const row = sheet.addRow([label, typeof value === 'number' ? value / 100 : value]);
    if (typeof value === 'number') row.getCell(2).numFmt = YUAN;
  }
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 18;
  return sheet;
}

function addLines(book: ExcelJS.Workbook, lines: StatementLine[]) {
  const sheet = book.addWorksheet('明细');
  sheet.addRow(['时间', '类型', '单据类型', '单据', '账户', '金额(元)', '说明']).font = { bold: true };
  for (const l of lines) {
    const row = sheet.addRow([l.occurredAt, l.kind, l.documentType, l.documentId, l.account, l.amountFen / 100, l.memo]);
    row.getCell(6).numFmt = YUAN;
  }
  for (const [i, width] of [26, 22, 16, 32, 24, 14, 30].entries()) sheet.getColumn(i + 1).width = width;
}

/** Formats the cells of a row from column `first` on as yuan. */
function yuanFrom(row: ExcelJS.Row, first: number) {
  row.eachCell((cell, i) => {
    if (i >= first) cell.numFmt = YUAN;
  });
}

async function bufferOf(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A leader's commission statement. */
export async function leaderStatementWorkbook(s: LeaderStatement): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  sheetWithSummary(book, '佣金对账单', [
    ['团长', s.leaderName],
    ['期间', `${s.from ?? '…'} ~ ${s.to ?? '…'}`],
    ['订单数', String(s.orders)],
    ['销售额', s.salesFen],
    ['应计佣金', s.accruedFen],
    ['退款扣回', s.clawedBackFen],
    ['售后扣款', s.deductedFen],
    ['绩效奖惩', s.adjustedFen],
    ['帮卖佣金（含在佣金收入中）', s.helpSellSellerFen],
    ['帮卖发布分成', s.helpSellPublisherFen],
    ['已结算可提', s.releasedFen],
    ['已提现', s.paidFen],
    ['待结算', s.pendingFen],
    ['可提现', s.availableFen],
    ['提现中', s.withdrawingFen],
  ]);
  addLines(book, s.lines);
  return bufferOf(book);
}

/** A supplier's statement. */
export async function supplierStatementWorkbook(s: SupplierStatement): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  sheetWithSummary(book, '供应商对账单', [
    ['供应商', s.supplierName],
    ['期间', `${s.from ?? '…'} ~ ${s.to ?? '…'}`],
    ['期初应付', s.openingFen],
    ['到货', s.receivedFen],
    ['扣款', s.chargebacksFen],
    ['帮卖发布分成', s.helpSellFen],
    ['期末应付', s.closingFen],
  ]);
  addLines(book, s.lines);
  return bufferOf(book);
}

/** A carrier's statement, one row per completed route. */
export async function carrierStatementWorkbook(s: CarrierStatement): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  sheetWithSummary(book, '承运商对账单', [
    ['承运商', s.carrierId],
    ['期间', `${s.from ?? '…'} ~ ${s.to ?? '…'}`],
    ['线路数', String(s.routes)],
    ['送达站点', String(s.stopsDelivered)],
    ['期初应付', s.openingFen],
    ['本期应付', s.payableFen],
    ['期末应付', s.closingFen],
  ]);
  const sheet = book.addWorksheet('线路');
  sheet.addRow(['时间', '线路', '送货日期', '送达站点', '里程(米)', '计价规则', '金额(元)']).font = { bold: true };
  for (const l of s.lines) {
    const row = sheet.addRow([
      l.occurredAt,
      l.documentId,
      String(l.meta.deliveryDate ?? ''),
      Number(l.meta.stopsDelivered ?? 0),
      Number(l.meta.distanceMeters ?? 0),
      JSON.stringify(l.meta.rateCard ?? {}),
      l.amountFen / 100,
    ]);
    row.getCell(7).numFmt = YUAN;
  }
  return bufferOf(book);
}

/** The operator's P&L of a day or period: the totals, then sheets by day, by category and by SKU. */
export async function pnlWorkbook(p: PeriodPnl & { date?: string | undefined }): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  sheetWithSummary(book, p.date ? '日损益' : '损益汇总', [
    p.date ? ['日期', p.date] : ['期间', `${p.from} ~ ${p.to}`],
    ['GMV', p.gmvFen],
    ['退款', p.refundsFen],
    ['净收入', p.netRevenueFen],
    ['商品成本', p.costOfGoodsFen],
    ['团长佣金', p.commissionFen],
    ['毛利', p.grossMarginFen],
    ['物流成本', p.logisticsFen],
    ['营销费用', p.marketingFen],
    ['售后追偿', p.recoveriesFen],
    ['提现手续费', p.withdrawalFeesFen],
    ['贡献利润', p.contributionFen],
  ]);
  const header = ['GMV', '退款', '净收入', '商品成本', '佣金', '毛利'];
  const money = (f: PnlFigures) =>
    [f.gmvFen, f.refundsFen, f.netRevenueFen, f.costOfGoodsFen, f.commissionFen, f.grossMarginFen].map((x) => x / 100);
  const dayMoney = (d: PnlHeadline) => [
    ...money(d),
    ...[d.logisticsFen, d.marketingFen, d.recoveriesFen, d.withdrawalFeesFen, d.contributionFen].map((x) => x / 100),
  ];
  const days = book.addWorksheet('按日');
  days.addRow(['日期', ...header, '物流成本', '营销费用', '售后追偿', '提现手续费', '贡献利润']).font = { bold: true };
  for (const d of p.days) yuanFrom(days.addRow([d.date, ...dayMoney(d)]), 2);
  const total = days.addRow(['合计', ...dayMoney(p)]);
  total.font = { bold: true };
  yuanFrom(total, 2);
  days.getColumn(1).width = 12;
  const categories = book.addWorksheet('按类目');
  categories.addRow(['类目', ...header]).font = { bold: true };
  for (const c of p.byCategory) yuanFrom(categories.addRow([c.categoryName, ...money(c)]), 2);
  const skus = book.addWorksheet('按SKU');
  skus.addRow(['SKU', '类目', ...header]).font = { bold: true };
  for (const s of p.bySku) yuanFrom(skus.addRow([s.skuName, s.categoryName, ...money(s)]), 3);
  return bufferOf(book);
}
