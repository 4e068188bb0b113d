import { yuan } from '../../../common/format.ts';

/** A KPI value as people read it: yuan for money, a percentage for a rate (basis points), else the count. */
export function kpiText(unit: 'fen' | 'count' | 'bp' | undefined, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (unit === 'fen') return yuan(value);
  if (unit === 'bp') return `${(value / 100).toFixed(value % 100 === 0 ? 0 : 1)}%`;
  return String(value);
}
