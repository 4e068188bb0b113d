import type { ledger } from '@linli/contracts';
import type { z } from 'zod';

export type Statement = z.infer<typeof ledger.SupplierStatement>;
export type StatementLine = Statement['lines'][number];
export type PeriodKey = 'thisMonth' | 'lastMonth' | 'last30' | 'all';
export const periodKeys: PeriodKey[] = ['thisMonth', 'lastMonth', 'last30', 'all'];

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** The dates (inclusive, business days) of a period preset, counted from today's business date (YYYY-MM-DD). */
export function periodRange(key: PeriodKey, today: string): { from?: string; to?: string } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  switch (key) {
    case 'thisMonth':
      return { from: iso(y, m - 1, 1), to: today };
    case 'lastMonth':
      return { from: iso(y, m - 2, 1), to: iso(y, m - 1, 0) };
    case 'last30':
      return { from: iso(y, m - 1, d - 29), to: today };
    case 'all':
      return {};
  }
}

/** Entries per page of the statement (the server sends them newest first). */
export const STATEMENT_PAGE_SIZE = 30;

/** The page after this one of the statement's entries, or undefined when it was the last (or the answer was not paged). */
export function nextStatementPage(s: Pick<Statement, 'page' | 'pageSize' | 'total'>): number | undefined {
  if (s.page === null || s.pageSize === null) return undefined;
  return s.page * s.pageSize < s.total ? s.page + 1 : undefined;
}

/** The entries of the loaded pages in order, once each (a line added between two pages shifts the later ones). */
export function statementEntries(pages: ReadonlyArray<Pick<Statement, 'lines'>>): StatementLine[] {
  const seen = new Set<string>();
  const out: StatementLine[] = [];
  for (const p of pages)
    for (const l of p.lines) {
      const key = `${l.entryId}:${l.account}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(l);
    }
  return out;
}

/** The i18n key of a line's kind, and the reason of a chargeback (shortage, handover, after-sales) when the entry says. */
export function lineLabel(line: StatementLine): { kind: string; reason?: string; reversal: boolean } {
  const reversal = line.memo.startsWith('reversal:');
  const reason = typeof line.meta.kind === 'string' ? line.meta.kind : undefined;
  return { kind: line.kind, reason: line.kind === 'blame_charge' ? reason : undefined, reversal };
}
