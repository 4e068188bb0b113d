import type * as ledger from '@linli/contracts/ledger';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Result, Space, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { businessToday, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';

type ProviderBill = z.infer<typeof ledger.ProviderBill>;
type Difference = z.infer<typeof ledger.ProviderBillDifference>;

const yesterday = () => dayjs(businessToday()).subtract(1, 'day').format('YYYY-MM-DD');

/**
 * The payment provider's bill of a day against linli's payments and refunds: the bill's totals,
 * and every payment or refund that is only on one side or at another amount. Checked every
 * morning for the day before; finance may fetch it again.
 */
export function ProviderBillTab() {
  const { t } = useTranslation('finance');
  const client = useQueryClient();
  const [date, setDate] = useState(yesterday());
  const key = ['finance', 'provider-bill', date];
  const bill = useQuery({ queryKey: key, queryFn: () => api.get<ProviderBill>('admin/finance/provider-bill', { date }) });
  const check = useMutation({
    mutationFn: () => api.post<ProviderBill>(`admin/finance/provider-bill/check?date=${date}`),
    onSuccess: (data) => client.setQueryData(key, data),
  });
  const c = bill.data?.check;

  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <span>{t('providerBill.date')}</span>
        <DatePicker
          allowClear={false}
          value={dayjs(date)}
          disabledDate={(d) => !d.isBefore(dayjs(businessToday()), 'day')}
          onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
          data-testid="provider-bill-date"
        />
        {bill.data?.keepsBills && (
          <Button onClick={() => check.mutate()} loading={check.isPending} data-testid="provider-bill-check">
            {t('providerBill.checkNow')}
          </Button>
        )}
      </Space>
      <LoadError query={bill} />
      {check.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={errorText(t, check.error)} />}
      {bill.isPending && <Card loading />}
      {bill.data && !bill.data.keepsBills && (
        <Alert type="info" showIcon message={t('providerBill.noBills', { provider: bill.data.provider })} />
      )}
      {bill.data?.keepsBills && !c && (
        <Alert type="info" showIcon message={t('providerBill.notChecked')} data-testid="provider-bill-unchecked" />
      )}
      {c && (
        <>
          <Result
            style={{ padding: '8px 0 16px' }}
            status={c.differences.length === 0 ? 'success' : 'warning'}
            title={
              <span data-testid="provider-bill-status" data-differences={c.differences.length}>
                {c.differences.length === 0 ? t('providerBill.ok') : t('providerBill.notOk', { count: c.differences.length })} · {c.date}
              </span>
            }
            subTitle={t('providerBill.checkedAt', { time: dayjs(c.checkedAt).format('YYYY-MM-DD HH:mm') })}
          />
          <Space size={48} style={{ marginBottom: 16 }}>
            <Statistic title={t('providerBill.payments', { count: c.paymentsCount })} value={yuan(c.paymentsFen)} />
            <Statistic title={t('providerBill.refunds', { count: c.refundsCount })} value={yuan(c.refundsFen)} />
          </Space>
          <Table<Difference>
            rowKey={(d) => `${d.subject}/${d.ref}`}
            size="middle"
            data-testid="provider-bill-differences"
            locale={{ emptyText: t('providerBill.none') }}
            dataSource={c.differences}
            pagination={c.differences.length > 20 ? { pageSize: 20 } : false}
            columns={[
              {
                title: t('providerBill.kind'),
                dataIndex: 'kind',
                render: (k: Difference['kind']) => (
                  <Tag color={k === 'amount_differs' ? 'orange' : 'red'}>{t(`providerBill.kinds.${k}`)}</Tag>
                ),
              },
              {
                title: t('providerBill.subject'),
                dataIndex: 'subject',
                render: (s: Difference['subject']) => t(`providerBill.subjects.${s}`),
              },
              { title: t('providerBill.ref'), dataIndex: 'ref', render: (r: string) => <code>{r}</code> },
              {
                title: t('providerBill.linli'),
                dataIndex: 'linliFen',
                align: 'right',
                render: (v: number | null) => (v === null ? '—' : yuan(v)),
              },
              {
                title: t('providerBill.provider'),
                dataIndex: 'providerFen',
                align: 'right',
                render: (v: number | null) => (v === null ? '—' : yuan(v)),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
