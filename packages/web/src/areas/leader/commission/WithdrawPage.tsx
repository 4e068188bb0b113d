import { List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { Page as ApiPage } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, type Withdrawal, useSummary } from '../api.ts';
import { Page } from '../Page.tsx';
import { ConfirmReceipt } from './ConfirmReceipt.tsx';
import { WithdrawForm } from './WithdrawForm.tsx';

const statusColor: Record<Withdrawal['status'], string> = {
  requested: 'warning',
  approved: 'primary',
  paid: 'success',
  failed: 'danger',
  rejected: 'danger',
};

/** Ask to withdraw available commission (checked against the operator's rules and the balance), and my withdrawals so far, a page at a time. */
export default function WithdrawPage() {
  const { t } = useTranslation();
  const summary = useSummary();

  return (
    <Page title={t('withdraw.title')} back>
      <QueryState query={summary}>{(s) => <WithdrawForm summary={s} />}</QueryState>
      <List mode="card" header={t('withdraw.history')}>
        <PagedList
          queryKey={['leader', 'withdrawals']}
          fetchPage={(page, pageSize) => api.get<ApiPage<Withdrawal>>('leader/withdrawals', { page, pageSize })}
          itemKey={(w) => w.id}
          emptyText={t('withdraw.none')}
          render={(w) => (
            <List.Item
              data-testid="withdrawal-row"
              description={`${shortDateTime(w.requestedAt)} · ${t('withdraw.feeNet', { fee: yuan(w.feeFen), net: yuan(w.netFen) })}${w.failureReason ? ` · ${w.failureReason}` : ''}`}
              extra={
                w.confirmation ? (
                  <ConfirmReceipt transfer={w.confirmation} />
                ) : (
                  <Tag color={statusColor[w.status]} fill="outline">
                    {t(`withdraw.status.${w.status}`)}
                  </Tag>
                )
              }
            >
              {yuan(w.amountFen)}
              {w.confirmation && (
                <Tag color="warning" fill="outline" style={{ marginLeft: 8 }} data-testid="withdrawal-awaiting">
                  {t('withdraw.awaitingConfirmation')}
                </Tag>
              )}
            </List.Item>
          )}
        />
      </List>
    </Page>
  );
}
