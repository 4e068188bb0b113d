import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, InfiniteScroll, Selector, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessToday, dateTime, yuan } from '../../common/format.ts';
import { errorText } from '../../common/i18n.ts';
import { QueryState } from '../../mobile/QueryState.tsx';
import { api } from './api.ts';
import {
  type PeriodKey,
  STATEMENT_PAGE_SIZE,
  type Statement,
  type StatementLine,
  lineLabel,
  nextStatementPage,
  periodKeys,
  periodRange,
  statementEntries,
} from './statement.ts';
import { TopBar } from './TopBar.tsx';
import { Spinner } from '../../mobile/Spinner.tsx';

function Entry({ line }: { line: StatementLine }) {
  const { t, i18n } = useTranslation('supplier');
  const label = lineLabel(line);
  const kind = i18n.exists(`supplier:statement.kind.${label.kind}`) ? t(`statement.kind.${label.kind}`) : label.kind;
  const reason =
    label.reason && i18n.exists(`supplier:statement.reason.${label.reason}`) ? t(`statement.reason.${label.reason}`) : label.reason;
  const doc = i18n.exists(`supplier:statement.document.${line.documentType}`)
    ? t(`statement.document.${line.documentType}`)
    : line.documentType;
  return (
    <li className="sp-entry" data-testid="statement-entry">
      <div className="sp-row">
        <strong>
          {label.reversal && `${t('statement.reversal')} · `}
          {kind}
          {reason && ` · ${reason}`}
        </strong>
        <span className={line.amountFen < 0 ? 'sp-negative' : 'sp-positive'}>
          {line.amountFen > 0 ? '+' : ''}
          {yuan(line.amountFen)}
        </span>
      </div>
      <span className="sp-muted">
        {dateTime(line.occurredAt)} · {doc} {line.documentId}
      </span>
    </li>
  );
}

/** The period's figures (the same on every page), and the export of the whole period. */
function Balance({ s, range }: { s: Statement; range: { from?: string; to?: string } }) {
  const { t } = useTranslation('supplier');
  const [exporting, setExporting] = useState(false);
  const exportFile = async () => {
    setExporting(true);
    try {
      await api.download('supplier/statement/export', `statement-${range.from ?? 'all'}-${range.to ?? businessToday()}.xlsx`, range);
      Toast.show({ icon: 'success', content: t('statement.exported') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(t, err) });
    } finally {
      setExporting(false);
    }
  };
  const figures = [
    ['opening', s.openingFen],
    ['received', s.receivedFen],
    ['chargebacks', -s.chargebacksFen],
    ...(s.helpSellFen !== 0 ? ([['helpSell', s.helpSellFen]] as const) : []),
    ['closing', s.closingFen],
  ] as const;
  return (
    <section className="sp-card sp-balance">
      <span className="sp-muted">{t('statement.balance')}</span>
      <strong className="sp-balance-amount" data-testid="statement-balance">
        {yuan(s.closingFen)}
      </strong>
      <span className="sp-muted">{t('statement.balanceHint')}</span>
      <dl className="sp-facts sp-facts-4">
        {figures.map(([k, v]) => (
          <div key={k}>
            <dt>{t(`statement.${k}`)}</dt>
            <dd>{yuan(v)}</dd>
          </div>
        ))}
      </dl>
      <Button block loading={exporting} onClick={exportFile} data-testid="statement-export">
        {exporting ? t('common:exporting') : t('statement.export')}
      </Button>
    </section>
  );
}

/**
 * What the operator owes the supplier: opening, goods received, chargebacks, closing balance, and
 * the entries newest first, a page at a time from the server as the supplier scrolls; Excel export.
 */
export function StatementPage() {
  const { t } = useTranslation('supplier');
  const [period, setPeriod] = useState<PeriodKey>('thisMonth');
  const range = periodRange(period, businessToday());
  const statement = useInfiniteQuery({
    queryKey: ['supplier-statement', range.from ?? '', range.to ?? ''],
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      api.get<Statement>('supplier/statement', { ...range, page: pageParam, pageSize: STATEMENT_PAGE_SIZE, order: 'desc' }),
    getNextPageParam: nextStatementPage,
  });
  return (
    <div className="ll-page sp-page">
      <TopBar title={t('statement.title')} />
      <main className="ll-content sp-content">
        <Selector
          className="sp-period"
          columns={4}
          options={periodKeys.map((k) => ({ label: t(`statement.period.${k}`), value: k }))}
          value={[period]}
          onChange={(v) => v[0] && setPeriod(v[0])}
          data-testid="statement-period"
        />
        <p className="sp-muted">{range.from ? t('statement.range', { from: range.from, to: range.to }) : t('statement.rangeAll')}</p>
        <QueryState query={statement}>
          {({ pages }) => {
            const first = pages[0] as Statement;
            const lines = statementEntries(pages);
            return (
              <>
                <Balance s={first} range={range} />
                <section className="sp-card">
                  <div className="sp-row">
                    <h3 className="sp-section-title">{t('statement.entries', { count: first.total })}</h3>
                    {first.total > 1 && <span className="sp-muted">{t('statement.newestFirst')}</span>}
                  </div>
                  {lines.length === 0 ? (
                    <p className="sp-muted" data-testid="empty">
                      {t('statement.empty')}
                    </p>
                  ) : (
                    <>
                      <ul className="sp-entries" data-testid="statement-entries">
                        {lines.map((l) => (
                          <Entry key={`${l.entryId}:${l.account}`} line={l} />
                        ))}
                      </ul>
                      <InfiniteScroll hasMore={statement.hasNextPage} loadMore={async () => void (await statement.fetchNextPage())}>
                        {statement.hasNextPage ? <Spinner size={20} /> : <span className="sp-muted">{t('common:noMore')}</span>}
                      </InfiniteScroll>
                    </>
                  )}
                </section>
              </>
            );
          }}
        </QueryState>
      </main>
    </div>
  );
}
