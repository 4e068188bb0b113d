import type { AdminDashboard } from '@linli/contracts/web';

export interface HourlySeries {
  hours: string[];
  orders: number[];
  gmvYuan: number[];
  empty: boolean;
}

/** The 24 hourly points as chart series: every hour 0–23 present (missing ones as 0), GMV in yuan. */
export function hourlySeries(hourly: AdminDashboard['hourly']): HourlySeries {
  const byHour = new Map(hourly.map((h) => [h.hour, h]));
  const hours: string[] = [];
  const orders: number[] = [];
  const gmvYuan: number[] = [];
  for (let h = 0; h < 24; h++) {
    const point = byHour.get(h);
    hours.push(String(h).padStart(2, '0'));
    orders.push(point?.orders ?? 0);
    gmvYuan.push((point?.gmvFen ?? 0) / 100);
  }
  return { hours, orders, gmvYuan, empty: orders.every((n) => n === 0) };
}
