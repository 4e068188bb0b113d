import { useQuery } from '@tanstack/react-query';
import { List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, type Withdrawal, useSummary } from '../api.ts';
import { Page } from '../Page.tsx';
import { WithdrawForm } from './WithdrawForm.tsx';

const statusColor: Record<Withdrawal['status'], string> = {
  requested: 'warning',
  approved: 'primary',
  paid: 'success',
  failed: 'danger',
  rejected: 'danger',
};

/** Ask to withdraw available commission (checked against the operator's rules and the balance), and my withdrawals so far. */
export default function WithdrawPage() {
  const { t } = useTranslation();
  const summary = useSummary();
  const history = useQuery({
    queryKey: ['leader', 'withdrawals'],
    queryFn: async () => (await api.get<{ items: Withdrawal[] }>('leader/withdrawals')).items,
  });

  return (
    <Page title={t('withdraw.title')} back>
      <QueryState query={summary}>{(s) => <WithdrawForm summary={s} />}</QueryState>
      <QueryState query={history} isEmpty={(items) => items.length === 0} emptyText={t('withdraw.none')}>
        {(items) => (
          <List mode="card" header={t('withdraw.history')}>
            {items.map((w) => (
              <List.Item
                key={w.id}
                data-testid="withdrawal-row"
                description={`${shortDateTime(w.requestedAt)} · ${t('withdraw.feeNet', { fee: yuan(w.feeFen), net: yuan(w.netFen) })}${w.failureReason ? ` · ${w.failureReason}` : ''}`}
                extra={
                  <Tag color={statusColor[w.status]} fill="outline">
                    {t(`withdraw.status.${w.status}`)}
                  </Tag>
                }
              >
                {yuan(w.amountFen)}
              </List.Item>
            ))}
          </List>
        )}
      </QueryState>
    </Page>
  );
}
