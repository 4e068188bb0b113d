import type { StatementLine } from '../api.ts';

/** One row of the statement as the leader reads it: money in or out of one balance, or moved between two. */
export type StatementRow =
  | {
      kind: string;
      occurredAt: string;
      memo: string;
      key: string;
      account: string;
      amountFen: number;
      move?: undefined;
      /** Of an order's commission, what it earned on help-sell lines as a reseller (帮卖). */
      helpSellFen?: number;
    }
  | {
      kind: string;
      occurredAt: string;
      memo: string;
      key: string;
      move: { from: string; to: string };
      amountFen: number;
      helpSellFen?: undefined;
    };

/**
 * The statement's lines grouped by journal entry, newest first: an entry that takes an amount off
 * one of my balances and puts the same amount on another (commission released, a withdrawal asked
 * for or returned) is one move; every other line stands alone.
 */
export function statementRows(lines: StatementLine[]): StatementRow[] {
  const byEntry = new Map<string, StatementLine[]>();
  for (const l of lines) byEntry.set(l.entryId, [...(byEntry.get(l.entryId) ?? []), l]);
  const rows: StatementRow[] = [];
  for (const [entryId, group] of byEntry) {
    const [a, b] = group;
    if (group.length === 2 && a && b && a.amountFen === -b.amountFen && a.account !== b.account && a.amountFen !== 0) {
      const [out, into] = a.amountFen < 0 ? [a, b] : [b, a];
      rows.push({
        kind: a.kind,
        occurredAt: a.occurredAt,
        memo: a.memo,
        key: entryId,
        move: { from: out.account, to: into.account },
        amountFen: into.amountFen,
      });
      continue;
    }
    for (const l of group)
      rows.push({
        kind: l.kind,
        occurredAt: l.occurredAt,
        memo: l.memo,
        key: `${entryId}:${l.account}`,
        account: l.account,
        amountFen: l.amountFen,
        ...(typeof l.meta.helpSellFen === 'number' && l.meta.helpSellFen > 0 ? { helpSellFen: l.meta.helpSellFen } : {}),
      });
  }
  return rows.sort((x, y) => y.occurredAt.localeCompare(x.occurredAt));
}

/**
 * The lines of the pages loaded so far (newest first, an entry's lines side by side), each once
 * (new entries push older lines onto the next page). While more pages remain, the last entry's
 * lines wait: the rest of that entry may be on the next page.
 */
export function loadedLines(pages: StatementLine[][], more: boolean): StatementLine[] {
  const seen = new Set<string>();
  const lines = pages.flat().filter((l) => {
    const key = `${l.entryId}:${l.account}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!more) return lines;
  const last = lines.at(-1)?.entryId;
  let end = lines.length;
  while (end > 0 && lines[end - 1]?.entryId === last) end--;
  return end === 0 ? lines : lines.slice(0, end);
}

/** An amount taken off, as -¥1.00 (and ¥0.00 for nothing). */
export function minus(yuanText: (fen: number) => string, fen: number): string {
  return fen === 0 ? yuanText(0) : `-${yuanText(fen)}`;
}
