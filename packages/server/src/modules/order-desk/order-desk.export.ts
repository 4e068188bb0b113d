import type { orders } from '@linli/contracts';
import ExcelJS from 'exceljs';

/** The most orders one export holds; narrow the filter for more. */
export const EXPORT_LIMIT = 5000;

/** The desk's filtered orders as a workbook, one row per order, phones masked as on the screen. */
export async function ordersWorkbook(items: readonly orders.DeskOrder[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('Orders');
  ws.columns = [
    { header: 'Order no', key: 'orderNo', width: 18 },
    { header: 'Status', key: 'status', width: 14 },
    { header: 'Created', key: 'createdAt', width: 22 },
    { header: 'Paid', key: 'paidAt', width: 22 },
    { header: 'Pickup date', key: 'pickupDate', width: 12 },
    { header: 'Pickup point', key: 'point', width: 24 },
    { header: 'Leader', key: 'leader', width: 14 },
    { header: 'Resident', key: 'resident', width: 14 },
    { header: 'Phone', key: 'phone', width: 14 },
    { header: 'Items', key: 'items', width: 40 },
    { header: 'Total (yuan)', key: 'total', width: 12 },
    { header: 'Refunded (yuan)', key: 'refunded', width: 14 },
  ];
  for (const o of items) {
    ws.addRow({
      orderNo: o.orderNo,
      status: o.status,
      createdAt: o.createdAt,
      paidAt: o.paidAt ?? '',
      pickupDate: o.pickupDate,
      point: o.pickupPointName,
      leader: o.leaderName,
      resident: o.residentName,
      phone: o.residentPhone,
      items: o.items,
      total: o.totalFen / 100,
      refunded: o.refundedFen / 100,
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
