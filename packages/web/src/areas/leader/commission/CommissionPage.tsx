import { type InfiniteData, useInfiniteQuery } from '@tanstack/react-query';
import { Button, List, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { businessToday, shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, type Statement, useSummary } from '../api.ts';
import { Chips } from '../Chips.tsx';
import { Page } from '../Page.tsx';
import { type PeriodKey, periodRange } from './period.ts';
import { loadedLines, minus, type StatementRow, statementRows } from './rows.ts';

const PAGE = 30;
const periods: PeriodKey[] = ['month', 'lastMonth', 'week', 'all'];
const accountColor: Record<string, string> = {
  commission_pending: 'warning',
  commission_available: 'success',
  commission_withdrawing: 'primary',
};

function Row({ row }: { row: StatementRow }) {
  const { t, i18n } = useTranslation();
  const account = (a: string) => t(`commission.accounts.${a}`, { defaultValue: a });
  const kind = i18n.exists(`leader:commission.kinds.${row.kind}`) ? t(`commission.kinds.${row.kind}`) : row.kind;
  return (
    <List.Item
      description={`${shortDateTime(row.occurredAt)}${row.memo ? ` · ${row.memo}` : ''}${
        row.helpSellFen ? ` · ${t('commission.ofHelpSell', { amount: yuan(row.helpSellFen) })}` : ''
      }`}
      extra={
        row.move ? (
          <span className="lm-move">{yuan(row.amountFen)}</span>
        ) : (
          <span className={row.amountFen < 0 ? 'lm-minus' : 'lm-plus'}>
            {row.amountFen > 0 ? `+${yuan(row.amountFen)}` : yuan(row.amountFen)}
          </span>
        )
      }
      data-testid="commission-line"
    >
      {kind}{' '}
      {row.move ? (
        <Tag color="default" fill="outline">
          {account(row.move.from)} → {account(row.move.to)}
        </Tag>
      ) : (
        <Tag color={accountColor[row.account] ?? 'default'} fill="outline">
          {account(row.account)}
        </Tag>
      )}
    </List.Item>
  );
}

/** My commission: the balances now, a period's statement (accrued, clawed back, released, paid) and its entries; Excel export. */
export default function CommissionPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const summary = useSummary();
  const [period, setPeriod] = useState<PeriodKey>('month');
  const [exporting, setExporting] = useState(false);
  const range = periodRange(period, businessToday());
  // The period's figures come with every page; its lines a page at a time, newest first.
  const statement = useInfiniteQuery({
    queryKey: ['leader', 'commission', range.from, range.to],
    initialPageParam: 1,
    queryFn: ({ pageParam }) => api.get<Statement>('leader/commission', { ...range, page: pageParam, pageSize: PAGE, order: 'desc' }),
    getNextPageParam: (last) =>
      last.page !== null && last.pageSize !== null && last.page * last.pageSize < last.total ? last.page + 1 : undefined,
  });
  const more = async () => {
    const next = await statement.fetchNextPage();
    if (next.isError) Toast.show({ icon: 'fail', content: errorText(t, next.error) });
  };
  const content = (data: InfiniteData<Statement>) => {
    const s = data.pages[0] as Statement;
    const rows = statementRows(
      loadedLines(
        data.pages.map((p) => p.lines),
        statement.hasNextPage,
      ),
    );
    return (
      <>
        <List mode="card" header={t('commission.periodTotals')}>
          <List.Item extra={t('commission.salesOf', { orders: s.orders, amount: yuan(s.salesFen) })}>{t('commission.sales')}</List.Item>
          <List.Item extra={yuan(s.accruedFen)}>{t('commission.accrued')}</List.Item>
          <List.Item extra={minus(yuan, s.clawedBackFen)}>{t('commission.clawedBack')}</List.Item>
          <List.Item extra={minus(yuan, s.deductedFen)}>{t('commission.deducted')}</List.Item>
          {s.adjustedFen !== 0 && <List.Item extra={yuan(s.adjustedFen)}>{t('commission.adjusted')}</List.Item>}
          {s.helpSellSellerFen !== 0 && (
            <List.Item extra={yuan(s.helpSellSellerFen)} data-testid="commission-help-sell-seller">
              {t('commission.helpSellSeller')}
            </List.Item>
          )}
          {s.helpSellPublisherFen !== 0 && (
            <List.Item extra={yuan(s.helpSellPublisherFen)} data-testid="commission-help-sell-publisher">
              {t('commission.helpSellPublisher')}
            </List.Item>
          )}
          <List.Item extra={yuan(s.releasedFen)}>{t('commission.released')}</List.Item>
          <List.Item extra={yuan(s.paidFen)}>{t('commission.paid')}</List.Item>
        </List>
        <List mode="card" header={t('commission.entries', { count: s.total })}>
          {rows.length === 0 && <List.Item>{t('common:empty')}</List.Item>}
          {rows.map((row) => (
            <Row key={row.key} row={row} />
          ))}
        </List>
        {statement.hasNextPage && (
          <Button
            block
            fill="none"
            color="primary"
            loading={statement.isFetchingNextPage}
            onClick={() => void more()}
            data-testid="commission-more"
          >
            {t('common:more')}
          </Button>
        )}
      </>
    );
  };
  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download('leader/commission/export', `commission-${range.from ?? 'all'}-${range.to ?? 'now'}.xlsx`, range);
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(t, err) });
    } finally {
      setExporting(false);
    }
  };
  const exportButton = (
    <Button size="mini" fill="none" color="primary" loading={exporting} onClick={exportXlsx} data-testid="commission-export">
      {t('common:export')}
    </Button>
  );

  return (
    <Page title={t('commission.title')} back right={exportButton}>
      <div className="ll-card lh-commission">
        <div className="lh-card-title">{t('commission.available')}</div>
        <div className="lh-commission-today" data-testid="commission-balance">
          {summary.data ? yuan(summary.data.commissionAvailableFen) : '—'}
        </div>
        {summary.data && (
          <div className="ll-muted">
            {t('commission.held')} {yuan(summary.data.commissionHeldFen)} · {t('commission.withdrawing')}{' '}
            {yuan(summary.data.commissionWithdrawingFen)}
          </div>
        )}
        <p className="ll-muted">{t('commission.heldHint')}</p>
        <Button block color="primary" onClick={() => navigate('/withdraw')} data-testid="commission-withdraw">
          {t('commission.withdraw')}
        </Button>
      </div>
      <Chips
        options={periods.map((p) => ({ label: t(`commission.period.${p}`), value: p }))}
        value={period}
        onChange={setPeriod}
        testid="commission-period"
      />
      {/* Once loaded, the lines stay on screen even if loading more fails (a toast says why). */}
      {statement.data ? content(statement.data) : <QueryState query={statement}>{content}</QueryState>}
    </Page>
  );
}
