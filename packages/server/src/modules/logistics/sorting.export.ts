import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import type { RouteView } from './logistics.queries.ts';
import type { SortingSheet } from './sorting.service.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Printable bundle labels: one label per pickup-point bundle, in loading order, with a QR code of
 * the bundle id (date and pickup point) that the leader or driver scans at handover.
 */
export async function labelsHtml(sheet: SortingSheet): Promise<string> {
  const labels: string[] = [];
  for (const group of sheet.routes) {
    for (const b of group.bundles) {
      const qr = await QRCode.toString(b.bundleId, { type: 'svg', margin: 1, width: 120 });
      const where = group.routeNo === null ? '未排线' : `线路 ${group.routeNo} · 第 ${b.stopSeq} 站 · 装车 ${b.loadingPosition}`;
      const lines = b.lines.map((l) => `<li>${escapeHtml(l.title)} × ${l.quantity}</li>`).join('');
      labels.push(
        `<section class="label"><div class="qr">${qr}</div><h2>${escapeHtml(b.pickupPointName)}</h2>` +
          `<p>${escapeHtml(sheet.deliveryDate)} · ${escapeHtml(where)} · ${b.crates} 筐</p><p class="id">${escapeHtml(b.bundleId)}</p><ul>${lines}</ul></section>`,
      );
    }
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>分拣标签 ${escapeHtml(sheet.deliveryDate)}</title>
<style>body{font-family:sans-serif}.label{width:90mm;min-height:60mm;border:1px dashed #999;padding:4mm;margin:2mm;display:inline-block;vertical-align:top;page-break-inside:avoid}.qr{float:right}.id{font-size:9pt;color:#555}h2{margin:0 0 2mm}</style>
</head><body>${labels.join('\n')}</body></html>`;
}

/** The sorting sheets as a workbook: bundle lines by pickup point in loading order, the SKUs to pull per route, and the lines sent again. */
export async function sortingWorkbook(sheet: SortingSheet): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const bundles = book.addWorksheet('By pickup point');
  bundles.columns = [
    { header: 'Route', key: 'route', width: 8 },
    { header: 'Loading position', key: 'loading', width: 10 },
    { header: 'Stop', key: 'stop', width: 6 },
    { header: 'Pickup point', key: 'point', width: 24 },
    { header: 'Bundle', key: 'bundle', width: 36 },
    { header: 'SKU', key: 'sku', width: 30 },
    { header: 'Item', key: 'title', width: 30 },
    { header: 'Quantity', key: 'quantity', width: 10 },
    { header: 'Crates', key: 'crates', width: 8 },
  ];
  for (const g of sheet.routes) {
    for (const b of g.bundles) {
      for (const l of b.lines) {
        bundles.addRow({
          route: g.routeNo ?? '',
          loading: b.loadingPosition,
          stop: b.stopSeq ?? '',
          point: b.pickupPointName,
          bundle: b.bundleId,
          sku: l.skuId,
          title: l.title,
          quantity: l.quantity,
          crates: b.crates,
        });
      }
    }
  }
  const picks = book.addWorksheet('By SKU');
  picks.columns = [
    { header: 'Route', key: 'route', width: 8 },
    { header: 'SKU', key: 'sku', width: 30 },
    { header: 'Item', key: 'title', width: 30 },
    { header: 'Quantity', key: 'quantity', width: 10 },
  ];
  for (const g of sheet.routes)
    for (const l of g.picks) picks.addRow({ route: g.routeNo ?? '', sku: l.skuId, title: l.title, quantity: l.quantity });
  for (const l of sheet.skuTotals) picks.addRow({ route: 'all', sku: l.skuId, title: l.title, quantity: l.quantity });
  if (sheet.redeliveries?.length) {
    const resent = book.addWorksheet('Sent again');
    resent.columns = [
      { header: 'Pickup point', key: 'point', width: 24 },
      { header: 'Order no', key: 'orderNo', width: 18 },
      { header: 'SKU', key: 'sku', width: 30 },
      { header: 'Item', key: 'title', width: 30 },
      { header: 'Quantity', key: 'quantity', width: 10 },
    ];
    for (const r of sheet.redeliveries)
      resent.addRow({ point: r.pickupPointName, orderNo: r.orderNo, sku: r.skuId, title: r.title, quantity: r.quantity });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A route's load sheet as a workbook: per stop its bundle, then the totals against the vehicle's capacity. */
export async function loadSheetWorkbook(route: RouteView): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(`Route ${route.routeNo}`);
  ws.columns = [
    { header: 'Stop', key: 'stop', width: 6 },
    { header: 'Pickup point', key: 'point', width: 24 },
    { header: 'Address', key: 'address', width: 30 },
    { header: 'SKU', key: 'sku', width: 30 },
    { header: 'Item', key: 'title', width: 30 },
    { header: 'Quantity', key: 'quantity', width: 10 },
    { header: 'Crates', key: 'crates', width: 8 },
    { header: 'Capacity', key: 'capacity', width: 10 },
  ];
  for (const s of route.stops) {
    for (const l of s.lines) {
      ws.addRow({
        stop: s.seq,
        point: s.pickupPointName,
        address: s.address,
        sku: l.skuId,
        title: l.title,
        quantity: l.quantity,
        crates: s.load.crates,
      });
    }
  }
  ws.addRow({});
  ws.addRow({ point: 'Total weight (kg)', quantity: route.load.weightG / 1000, capacity: route.capacity.weightG / 1000 });
  ws.addRow({ point: 'Total volume (L)', quantity: route.load.volumeMl / 1000, capacity: route.capacity.volumeMl / 1000 });
  ws.addRow({ point: 'Total crates', quantity: route.load.crates, capacity: route.capacity.crates });
  return Buffer.from(await book.xlsx.writeBuffer());
}
