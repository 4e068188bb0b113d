import type { procurement } from '@linli/contracts';
import ExcelJS from 'exceljs';

/** A purchase order as an Excel workbook, one row per line, for suppliers who work in spreadsheets. */
export async function purchaseOrderWorkbook(po: procurement.PurchaseOrder): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('采购单');
  sheet.addRow(['采购单', po.poNo]);
  sheet.addRow(['供应商', po.supplierName]);
  sheet.addRow(['送货日期', po.deliveryDate]);
  sheet.addRow(['送货仓库', po.warehouse ? `${po.warehouse.name}（${po.warehouse.address}）` : '']);
  sheet.addRow(['状态', po.status]);
  sheet.addRow([]);
  sheet.addRow(['商品', '单位', '需求', '库存', '建议', '采购数量', '确认数量', '成本价(元)', '金额(元)']).font = { bold: true };
  for (const l of po.lines) {
    const quantity = l.confirmedQuantity ?? l.orderedQuantity;
    sheet.addRow([
      l.skuName,
      l.unit,
      l.demandQuantity,
      l.stockQuantity,
      l.suggestedQuantity,
      l.orderedQuantity,
      l.confirmedQuantity,
      l.costPriceFen / 100,
      (quantity * l.costPriceFen) / 100,
    ]);
  }
  sheet.addRow(['合计', '', '', '', '', '', '', '', po.totalCostFen / 100]).font = { bold: true };
  sheet.getColumn(1).width = 30;
  return Buffer.from(await book.xlsx.writeBuffer());
}
