import dayjs from 'dayjs';

export type PeriodKey = 'month' | 'lastMonth' | 'week' | 'all';

/** A statement period by name, as business days (from, to both included); 'all' has open ends. */
export function periodRange(key: PeriodKey, today: string): { from?: string; to?: string } {
  const d = dayjs(today);
  const f = (x: dayjs.Dayjs) => x.format('YYYY-MM-DD');
  switch (key) {
    case 'month':
      return { from: f(d.startOf('month')), to: today };
    case 'lastMonth': {
      const last = d.subtract(1, 'month');
      return { from: f(last.startOf('month')), to: f(last.endOf('month')) };
    }
    case 'week':
      return { from: f(d.subtract(6, 'day')), to: today };
    default:
      return {};
  }
}
