import type * as ledger from '@linli/contracts/ledger';
import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Result, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { businessToday, yuan } from '../../../common/format.ts';
import { api } from '../api.ts';
import { DocLink, PartyName } from './ui.tsx';
import { LoadError } from '../../../desktop/LoadError.tsx';

type Reconciliation = z.infer<typeof ledger.Reconciliation>;
type Check = Reconciliation['checks'][number];
type Mismatch = Check['mismatches'][number];

/** The document of a difference: journal documents open the journal; an account or a leader is named. */
function MismatchDoc({ m }: { m: Mismatch }) {
  const { t } = useTranslation('finance');
  if (m.documentType === 'leader') {
    return (
      <span>
        {t('doc.leader')} <PartyName kind="leader" id={m.documentId} />
      </span>
    );
  }
  return <DocLink type={m.documentType} id={m.documentId} />;
}

/** The daily reconciliation: what was checked, and every document where the ledger and the business records differ. */
export function ReconciliationTab() {
  const { t } = useTranslation('finance');
  const [date, setDate] = useState(businessToday());
  const rec = useQuery({
    queryKey: ['finance', 'reconciliation', date],
    queryFn: () => api.get<Reconciliation>('admin/finance/reconciliation', { date }),
  });
  const diff = (c: { expectedFen: number; ledgerFen: number }) => c.ledgerFen - c.expectedFen;

  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <span>{t('reconciliation.date')}</span>
        <DatePicker
          allowClear={false}
          value={dayjs(date)}
          onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
          data-testid="reconciliation-date"
        />
      </Space>
      <LoadError query={rec} />
      {rec.isPending && <Card loading />}
      {rec.data && (
        <>
          <Result
            style={{ padding: '8px 0 16px' }}
            status={rec.data.ok ? 'success' : 'warning'}
            title={
              <span data-testid="reconciliation-status" data-ok={rec.data.ok}>
                {rec.data.ok ? t('reconciliation.ok') : t('reconciliation.notOk')} · {rec.data.date}
              </span>
            }
          />
          <Table<Check>
            rowKey="name"
            size="middle"
            pagination={false}
            dataSource={rec.data.checks}
            expandable={{
              rowExpandable: (c) => c.mismatches.length > 0,
              defaultExpandAllRows: true,
              expandedRowRender: (c) => (
                <Table<Mismatch>
                  rowKey={(m) => `${m.documentType}/${m.documentId}`}
                  size="small"
                  title={() => t('reconciliation.mismatches')}
                  dataSource={c.mismatches}
                  pagination={c.mismatches.length > 10 ? { pageSize: 10 } : false}
                  columns={[
                    { title: t('statements.document'), key: 'doc', render: (_, m) => <MismatchDoc m={m} /> },
                    { title: t('reconciliation.expected'), dataIndex: 'expectedFen', align: 'right', render: (v: number) => yuan(v) },
                    { title: t('reconciliation.ledger'), dataIndex: 'ledgerFen', align: 'right', render: (v: number) => yuan(v) },
                    {
                      title: t('reconciliation.difference'),
                      key: 'd',
                      align: 'right',
                      render: (_, m) => <Typography.Text type="danger">{yuan(diff(m))}</Typography.Text>,
                    },
                  ]}
                />
              ),
            }}
            columns={[
              {
                title: t('reconciliation.check'),
                dataIndex: 'name',
                render: (n: Check['name']) => (
                  <Space orientation="vertical" size={0}>
                    <b>{t(`reconciliation.names.${n}`)}</b>
                    <Typography.Text type="secondary">{t(`reconciliation.explain.${n}`)}</Typography.Text>
                  </Space>
                ),
              },
              { title: t('reconciliation.expected'), dataIndex: 'expectedFen', align: 'right', width: 140, render: (v: number) => yuan(v) },
              { title: t('reconciliation.ledger'), dataIndex: 'ledgerFen', align: 'right', width: 140, render: (v: number) => yuan(v) },
              {
                title: t('reconciliation.difference'),
                key: 'd',
                align: 'right',
                width: 120,
                render: (_, c) => <Typography.Text type={diff(c) ? 'danger' : undefined}>{yuan(diff(c))}</Typography.Text>,
              },
              {
                title: t('common:status'),
                dataIndex: 'ok',
                width: 120,
                render: (ok: boolean, c) =>
                  ok ? <Tag color="green">{t('reconciliation.noMismatch')}</Tag> : <Tag color="red">{c.mismatches.length}</Tag>,
              },
            ]}
          />
        </>
      )}
    </>
  );
}
